using System.Globalization;
using System.Text;

namespace PaxosAkka.Node.Bench;

/// <summary>One line of the throughput table: a cluster size and client count, its puts and its reads.</summary>
internal sealed record LoadRow(int Nodes, int Clients, PhaseResult Puts, PhaseResult Reads, double LoadAverage);

/// <summary>Fail-over samples of one cluster size.</summary>
internal sealed record FailoverRow(int Nodes, IReadOnlyList<TimeSpan> Samples, double LoadAverage)
{
    /// <summary>The median sample (the lower middle one of an even count, so it is a real observation).</summary>
    public TimeSpan Median => Sorted[(Sorted.Count - 1) / 2];

    public TimeSpan Min => Sorted[0];

    public TimeSpan Max => Sorted[^1];

    private List<TimeSpan> Sorted => [.. Samples.Order()];
}

/// <summary>
/// Renders the results as markdown tables, ready for the README. Load average (1 min, from /proc/loadavg) is
/// printed on every row because the machine may be shared: a figure means little without it.
/// </summary>
internal static class BenchReport
{
    public const string LoadHeader =
        "| nodes | clients | puts/s | put p50 ms | put p99 ms | put errors | reads/s | read p50 ms | read p99 ms | read errors | load avg |";

    public const string FailoverHeader = "| nodes | leader kills | failover median ms | min ms | max ms | load avg |";

    public static string Render(IReadOnlyList<LoadRow> load, IReadOnlyList<FailoverRow> failovers, string header)
    {
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(failovers);
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(header).AppendLine();
        if (load.Count > 0)
        {
            text.AppendLine(LoadHeader);
            text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var row in load)
            {
                text.AppendLine(inv,
                    $"| {row.Nodes} | {row.Clients} | {row.Puts.PerSecond:0} | {Ms(row.Puts.Percentile(50))} | {Ms(row.Puts.Percentile(99))} | {row.Puts.Failed} " +
                    $"| {row.Reads.PerSecond:0} | {Ms(row.Reads.Percentile(50))} | {Ms(row.Reads.Percentile(99))} | {row.Reads.Failed} | {row.LoadAverage:0.00} |");
            }

            text.AppendLine();
        }

        if (failovers.Count > 0)
        {
            text.AppendLine(FailoverHeader);
            text.AppendLine("|---:|---:|---:|---:|---:|---:|");
            foreach (var row in failovers)
            {
                text.AppendLine(inv, $"| {row.Nodes} | {row.Samples.Count} | {row.Median.TotalMilliseconds:0} | {row.Min.TotalMilliseconds:0} | {row.Max.TotalMilliseconds:0} | {row.LoadAverage:0.00} |");
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    /// <summary>The 1-minute load average, or NaN where /proc/loadavg does not exist.</summary>
    public static double LoadAverage()
    {
        try
        {
            string first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return double.NaN;
        }
    }

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString(time.TotalMilliseconds < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);
}
