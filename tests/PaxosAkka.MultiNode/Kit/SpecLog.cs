using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace PaxosAkka.MultiNode.Kit;

/// <summary>
/// Every node's log lines, prefixed with its role: kept in memory (specs await lines such as a TLS refusal) and
/// written to the test output at the end, where a failing spec shows what each node saw.
/// </summary>
public sealed class SpecLog(ITestOutputHelper output)
{
    private const int MaxLineLength = 600;
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Every line so far, oldest first.</summary>
    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>Records a line of <paramref name="role"/>'s node (or of the spec itself with null).</summary>
    public void Write(RoleName? role, string line)
    {
        string text = $"{DateTime.UtcNow:HH:mm:ss.fff} [{role?.Name ?? "spec"}] {(line.Length > MaxLineLength ? line[..MaxLineLength] + " ..." : line)}";
        _lines.Enqueue(text);
    }

    /// <summary>How many lines of <paramref name="role"/>'s node contain <paramref name="text"/>.</summary>
    public int Count(RoleName role, string text)
    {
        ArgumentNullException.ThrowIfNull(role);
        string prefix = $"[{role.Name}] ";
        return _lines.Count(l => l.Contains(prefix, StringComparison.Ordinal) && l.Contains(text, StringComparison.Ordinal));
    }

    /// <summary>A logger factory whose lines at <paramref name="level"/> and above go to this log under <paramref name="role"/>.</summary>
    public ILoggerFactory For(RoleName role, LogLevel level = LogLevel.Warning) =>
        LoggerFactory.Create(b => b.SetMinimumLevel(level).AddProvider(new Provider(this, role)));

    /// <summary>Writes everything to the test output (once, at the end of the spec).</summary>
    public void Flush()
    {
        foreach (string line in _lines)
        {
            try
            {
                output.WriteLine(line);
            }
            catch (InvalidOperationException)
            {
                return; // The test already finished.
            }
        }
    }

    private sealed class Provider(SpecLog log, RoleName role) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(log, role, categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class Logger(SpecLog log, RoleName role, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            string text = $"{logLevel} {category}: {formatter(state, exception)}";
            log.Write(role, exception is null ? text : $"{text} ({exception.GetType().Name}: {exception.Message})");
        }
    }
}
