namespace PaxosAkka.Cmd.Tests;

/// <summary>Runs the real built <c>pbm</c> (pbm.dll under the dotnet host) as a child process.</summary>
public class ProcessTests
{
    [Fact]
    public async Task Built_pbm_exits_0_on_a_run_and_2_on_bad_arguments()
    {
        var ok = await RunPbm("simulate", "--nodes", "3", "--crash-prob", "0.1", "--rounds", "5", "--seed", "7");
        Assert.Equal(0, ok.Exit);
        Assert.Contains("Agreement:   held", ok.Output, StringComparison.Ordinal);
        Assert.Equal(Cli.Run("simulate", "--nodes", "3", "--crash-prob", "0.1", "--rounds", "5", "--seed", "7").Output, ok.Output);

        var bad = await RunPbm("simulate", "--crash-prob", "2");
        Assert.Equal(2, bad.Exit);
        Assert.Equal(string.Empty, bad.Output);
        Assert.Equal("pbm simulate: --crash-prob must be between 0 and 1, got 2 (see 'pbm simulate --help')", Assert.Single(bad.ErrorLines));

        var unknown = await RunPbm("simulate", "--frobnicate");
        Assert.Equal(2, unknown.Exit);
    }

    private static Task<CliRun> RunPbm(params string[] args)
    {
        var pbm = Path.Combine(AppContext.BaseDirectory, "pbm.dll");
        Assert.True(File.Exists(pbm), $"pbm.dll not found next to the tests at {pbm}");
        return ChildProcess.RunAsync(ChildProcess.Dotnet, [pbm, .. args]);
    }
}
