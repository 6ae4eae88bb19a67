using System.Globalization;

namespace PaxosAkka.Node.Bench;

/// <summary>
/// Arguments of <c>bench</c>. Every load phase is bounded twice: by <see cref="Duration"/> and by
/// <see cref="MaxOperations"/>, whichever comes first.
/// </summary>
/// <param name="ClusterSizes">Cluster sizes to measure, each on a fresh cluster (default 3 and 5).</param>
/// <param name="Clients">Concurrent HTTP clients per run (default 1, 8 and 64), each with its own connection.</param>
/// <param name="Duration">Length of each measured phase, puts and reads alike (default 10 s).</param>
/// <param name="Warmup">
/// Unmeasured load before each cluster's first run (default 20 s): connections, SQLite pages and above all tiered
/// JIT with dynamic PGO, which a profile still showed at ~19 % of CPU 5 s in; the figures are steady-state ones.
/// </param>
/// <param name="MaxOperations">Operations at most per measured phase (default 500,000).</param>
/// <param name="Failovers">Leader SIGKILLs per cluster size (default 10; 0 skips the failover measurement).</param>
/// <param name="ValueBytes">Bytes per value (default 128, as etcd's benchmark); keys are always 16 bytes.</param>
public sealed record BenchOptions(
    IReadOnlyList<int> ClusterSizes,
    IReadOnlyList<int> Clients,
    TimeSpan Duration,
    TimeSpan Warmup,
    long MaxOperations,
    int Failovers,
    int ValueBytes)
{
    /// <summary>The usage line printed with every argument error.</summary>
    public const string Usage =
        "usage: PaxosAkka.Node bench [--nodes 3,5] [--clients 1,8,64] [--duration 10s] [--warmup 20s] " +
        "[--max-ops 500000] [--failovers 10] [--value-bytes 128]";

    /// <summary>Largest client count: each client holds one HTTP connection and one task.</summary>
    public const int MaxClients = 1024;

    /// <summary>The defaults listed on the parameters.</summary>
    public static BenchOptions Default { get; } = new([3, 5], [1, 8, 64], TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), 500_000, 10, 128);

    /// <summary>Parses the arguments after <c>bench</c>.</summary>
    /// <exception cref="ArgumentException">An unknown option or a bad value; the message says which.</exception>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = Default;
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            string value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            options = name switch
            {
                "--nodes" => options with { ClusterSizes = List(name, value, 1, Launcher.LocalClusterLayout.MaxNodes) },
                "--clients" => options with { Clients = List(name, value, 1, MaxClients) },
                "--duration" => options with { Duration = Time(name, value, TimeSpan.FromMilliseconds(100)) },
                "--warmup" => options with { Warmup = Time(name, value, TimeSpan.Zero) },
                "--max-ops" => options with { MaxOperations = Int(name, value, 1, int.MaxValue) },
                "--failovers" => options with { Failovers = Int(name, value, 0, 1000) },
                "--value-bytes" => options with { ValueBytes = Int(name, value, 1, 1024 * 1024) },
                _ => throw new ArgumentException($"unknown option '{name}'"),
            };
        }

        return options;
    }

    /// <summary>Parses <c>10s</c>, <c>500ms</c>, <c>2m</c> or a plain number of seconds.</summary>
    internal static TimeSpan Time(string name, string value, TimeSpan min)
    {
        (string number, double scale) = value switch
        {
            _ when value.EndsWith("ms", StringComparison.Ordinal) => (value[..^2], 1.0),
            _ when value.EndsWith('s') => (value[..^1], 1000.0),
            _ when value.EndsWith('m') => (value[..^1], 60_000.0),
            _ => (value, 1000.0),
        };
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double n) || n < 0 || n * scale > TimeSpan.FromHours(1).TotalMilliseconds)
        {
            throw new ArgumentException($"{name} must be a duration such as 10s or 500ms (at most 1 h), not '{value}'");
        }

        var time = TimeSpan.FromMilliseconds(n * scale);
        return time >= min ? time : throw new ArgumentException($"{name} must be at least {min.TotalMilliseconds:0} ms, not '{value}'");
    }

    private static int[] List(string name, string value, int min, int max)
    {
        var items = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return items.Length > 0
            ? [.. items.Select(item => Int(name, item, min, max))]
            : throw new ArgumentException($"{name} needs a comma-separated list such as 1,8,64");
    }

    private static int Int(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name} must be a whole number in {min}..{max}, not '{value}'");
}
