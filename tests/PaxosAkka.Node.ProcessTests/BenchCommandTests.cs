using System.Globalization;
using PaxosAkka.Node.Bench;
using Xunit.Abstractions;

namespace PaxosAkka.Node.ProcessTests;

/// <summary>
/// The bench command end to end: a tiny run over a real 3-node cluster of child processes prints tables whose
/// figures are all measured (positive), and a leader SIGKILL is timed. No speed is asserted: that is the bench's job.
/// </summary>
public sealed class BenchCommandTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Bench_prints_throughput_latency_and_failover_tables_with_measured_figures()
    {
        using var tables = new StringWriter(CultureInfo.InvariantCulture);
        using var progress = new StringWriter(CultureInfo.InvariantCulture);
        string[] args = ["--nodes", "3", "--clients", "1", "--duration", "2s", "--warmup", "500ms", "--max-ops", "20000", "--failovers", "1"];

        int code = await BenchCommand.RunAsync(args, tables, progress, CancellationToken.None);

        output.WriteLine(progress.ToString());
        output.WriteLine(tables.ToString());
        Assert.True(code == 0, $"bench exited with {code}:\n{progress}");
        var load = Rows(tables.ToString(), "| nodes | clients |");
        var row = Assert.Single(load);
        Assert.Equal(3, row[0]);
        Assert.Equal(1, row[1]);
        Assert.All(new[] { row[2], row[3], row[4], row[6], row[7], row[8] }, figure => Assert.True(figure > 0, $"a zero figure in {string.Join(" | ", row)}"));
        var failover = Assert.Single(Rows(tables.ToString(), "| nodes | leader kills |"));
        Assert.Equal(3, failover[0]);
        Assert.Equal(1, failover[1]);
        Assert.True(failover[2] > 0 && failover[3] > 0 && failover[4] >= failover[3], $"failover figures {string.Join(" | ", failover)}");
    }

    [Theory]
    [InlineData("--nodes", "0")]
    [InlineData("--clients", "1,x")]
    [InlineData("--duration", "soon")]
    [InlineData("--frobnicate", "1")]
    public async Task Bench_refuses_bad_arguments_with_usage_and_exit_code_2(string option, string value)
    {
        using var tables = new StringWriter(CultureInfo.InvariantCulture);
        using var progress = new StringWriter(CultureInfo.InvariantCulture);

        int code = await BenchCommand.RunAsync([option, value], tables, progress, CancellationToken.None);

        Assert.Equal(2, code);
        Assert.Contains(option, progress.ToString(), StringComparison.Ordinal);
        Assert.Contains(BenchOptions.Usage, progress.ToString(), StringComparison.Ordinal);
        Assert.Equal("", tables.ToString());
    }

    [Fact]
    public void Bench_options_parse_lists_and_durations()
    {
        var options = BenchOptions.Parse(["--nodes", "3,5", "--clients", "1, 8,64", "--duration", "1500ms", "--failovers", "0"]);

        Assert.Equal([3, 5], options.ClusterSizes);
        Assert.Equal([1, 8, 64], options.Clients);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.Duration);
        Assert.Equal(0, options.Failovers);
        Assert.Equal(128, options.ValueBytes);
    }

    /// <summary>The numeric cells of the markdown table whose header row starts with <paramref name="header"/>.</summary>
    private static List<double[]> Rows(string text, string header)
    {
        var lines = text.Split('\n').Select(l => l.Trim()).ToList();
        int at = lines.FindIndex(l => l.StartsWith(header, StringComparison.Ordinal));
        Assert.True(at >= 0, $"no table starting with '{header}' in:\n{text}");
        return [.. lines.Skip(at + 2).TakeWhile(l => l.StartsWith('|')).Select(l =>
            l.Trim('|').Split('|').Select(cell => double.Parse(cell.Trim(), CultureInfo.InvariantCulture)).ToArray())];
    }
}
