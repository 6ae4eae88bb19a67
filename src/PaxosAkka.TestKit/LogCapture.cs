using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace PaxosAkka.TestKit;

/// <summary>One recorded log event.</summary>
public sealed record LogEntry(LogLevel Level, string Category, EventId EventId, string Message, Exception? Exception);

/// <summary>
/// An <see cref="ILoggerProvider"/> that records every event, so tests can assert on warnings and errors
/// (<c>Logs.Entries.Should...</c>, <see cref="AtLeast"/>). Thread-safe.
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    /// <summary>All events so far, in order of logging.</summary>
    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <summary>Events at or above <paramref name="level"/>.</summary>
    public IReadOnlyList<LogEntry> AtLeast(LogLevel level) => [.. _entries.Where(e => e.Level >= level)];

    /// <summary>Forgets everything recorded.</summary>
    public void Clear() => _entries.Clear();

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    /// <inheritdoc />
    public void Dispose() { }

    private sealed class CapturingLogger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            owner._entries.Enqueue(new LogEntry(logLevel, category, eventId, formatter(state, exception), exception));
        }
    }
}

/// <summary>Writes log events to xunit's test output, so a failing test shows what the runtime did.</summary>
public sealed class XunitLoggerProvider(ITestOutputHelper output, LogLevel minimum = LogLevel.Information) : ILoggerProvider
{
    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new XunitLogger(output, categoryName, minimum);

    /// <inheritdoc />
    public void Dispose() { }

    private sealed class XunitLogger(ITestOutputHelper output, string category, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (!IsEnabled(logLevel)) return;
            try
            {
                output.WriteLine($"[{logLevel}] {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception.GetType().Name + ": " + exception.Message)}");
            }
            catch (InvalidOperationException)
            {
                // The test already finished: xunit refuses late output, which is fine to drop.
            }
        }
    }
}

/// <summary>A minimal logger factory fanning out to a fixed set of providers (no Microsoft.Extensions.Logging needed).</summary>
public sealed class TestLoggerFactory(params ILoggerProvider[] providers) : ILoggerFactory
{
    private readonly List<ILoggerProvider> _providers = [.. providers];

    /// <inheritdoc />
    public void AddProvider(ILoggerProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        lock (_providers) _providers.Add(provider);
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName)
    {
        lock (_providers) return new FanOutLogger([.. _providers.Select(p => p.CreateLogger(categoryName))]);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_providers)
        {
            foreach (var p in _providers) p.Dispose();
        }
    }

    private sealed class FanOutLogger(ILogger[] loggers) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => loggers.Any(l => l.IsEnabled(logLevel));

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            foreach (var logger in loggers) logger.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
