using System.Diagnostics;
using PaxosAkka.Node.ProcessTests.Support;
using Xunit.Abstractions;

namespace PaxosAkka.Node.ProcessTests;

/// <summary>
/// Runs <c>scripts/test_failures.sh</c> (reference system 004's failure script) as a user would: it starts the
/// fifteen-process seed004 cluster itself, kills proposers, acceptors, a learner and stores, and prints one verdict
/// per scenario. The test holds it to its contract: exit 0, one PASS line for each of the eight scenarios, no FAIL,
/// and no node process or data folder left behind.
/// </summary>
public sealed class FailureScriptTests(ITestOutputHelper output)
{
    private static readonly string[] Scenarios =
    [
        "proposer leader killed", "2 acceptors killed", "3 acceptors killed", "learner killed", "store killed idle",
        "killed store restarted", "store killed with a request pending", "store killed between prepare and commit",
    ];

    [Fact]
    public async Task The_failure_script_passes_every_seed004_scenario_and_cleans_up()
    {
        string root = RepoRoot();
        int basePort = FreePorts.BaseForLocalCluster(15);
        string data = Path.Combine(Path.GetTempPath(), "paxos-failures-test-" + Guid.NewGuid().ToString("N")[..8]);
        var start = new ProcessStartInfo("bash", ["scripts/test_failures.sh", "--no-build", "--base-port", basePort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", data])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var script = Process.Start(start)!;
        var stdout = script.StandardOutput.ReadToEndAsync();
        var stderr = script.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await script.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM lets the script's trap stop the cluster and remove its folder.
            Process.Start("kill", ["-TERM", script.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
            await script.WaitForExitAsync();
        }

        string text = await stdout;
        output.WriteLine(text);
        output.WriteLine(await stderr);
        var lines = text.Split('\n', StringSplitOptions.TrimEntries);
        Assert.DoesNotContain(lines, l => l.StartsWith("FAIL", StringComparison.Ordinal));
        foreach (string scenario in Scenarios)
        {
            Assert.Contains(lines, l => l.StartsWith($"PASS  {scenario}:", StringComparison.Ordinal));
        }

        Assert.Equal(0, script.ExitCode);
        Assert.False(Directory.Exists(data), $"the script left {data} behind");
        using var leftovers = Process.Start(new ProcessStartInfo("pgrep", ["-f", $"--config {data}/"]) { RedirectStandardOutput = true })!;
        string pids = (await leftovers.StandardOutput.ReadToEndAsync()).Trim();
        await leftovers.WaitForExitAsync();
        Assert.True(pids.Length == 0, $"node processes left running: {pids}");
    }

    private static string RepoRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "PaxosAkka.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("PaxosAkka.sln not found above " + AppContext.BaseDirectory);
    }
}
