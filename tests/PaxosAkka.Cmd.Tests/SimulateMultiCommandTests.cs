namespace PaxosAkka.Cmd.Tests;

public class SimulateMultiCommandTests
{
    [Fact]
    public void Fault_free_run_passes_and_exits_0()
    {
        var run = Cli.Run("simulate-multi", "--seed", "5", "--steps", "200", "--faults", "none");

        Assert.Equal(ExitCodes.Success, run.Exit);
        Assert.Equal(string.Empty, run.Error);
        Assert.StartsWith("PASSED seed 5", run.Output, StringComparison.Ordinal);
        Assert.Contains("Trace hash:", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Separate_roles_and_flexible_quorums_run_and_pass()
    {
        var run = Cli.Run("simulate-multi", "--seed", "4", "--steps", "300", "--nodes", "7", "--acceptors", "5", "--learners", "2", "--q1", "4", "--q2", "2");

        Assert.Equal(ExitCodes.Success, run.Exit);
        Assert.StartsWith("PASSED seed 4", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_seed_gives_identical_output_with_all_faults()
    {
        string[] args = ["simulate-multi", "--seed", "17", "--steps", "300"];

        var first = Cli.Run(args);
        var second = Cli.Run(args);

        Assert.Equal(first.Output, second.Output);
        Assert.Contains("seed 17", first.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Trace_prints_events_before_the_summary()
    {
        var quiet = Cli.Run("simulate-multi", "--seed", "2", "--steps", "100", "--faults", "none");
        var traced = Cli.Run("simulate-multi", "--seed", "2", "--steps", "100", "--faults", "none", "--trace");

        Assert.Equal(quiet.Exit, traced.Exit);
        Assert.True(traced.Output.Split('\n').Length > quiet.Output.Split('\n').Length + 10, "trace printed almost nothing");
        Assert.EndsWith(quiet.Output, traced.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_acceptor_run_exits_1_and_its_replay_line_reproduces_it()
    {
        const string prefix = "Replay: dotnet run --project src/PaxosAkka.Cmd -- ";
        for (var seed = 1; seed <= 30; seed++)
        {
            var run = Cli.Run("simulate-multi", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--steps", "500", "--broken-acceptor", "accepts-below-promise");
            if (run.Exit == ExitCodes.Success)
            {
                continue;
            }

            Assert.Equal(ExitCodes.PropertyViolated, run.Exit);
            var replay = run.Output.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal));
            var again = Cli.Run(replay[prefix.Length..].Trim().Split(' '));
            Assert.Equal(ExitCodes.PropertyViolated, again.Exit);
            Assert.Equal(run.Output, again.Output);
            return;
        }

        Assert.Fail("30 seeds with acceptors that accept below their promise never failed a check");
    }

    [Theory]
    [InlineData("--faults", "some", "--faults must be 'all' or 'none', got 'some'")]
    [InlineData("--broken-acceptor", "lazy", "--broken-acceptor must be 'none', 'forgets-state' or 'accepts-below-promise'")]
    [InlineData("--nodes", "65", "--nodes must be between 1 and 64")]
    [InlineData("--nodes", "0", "--nodes must be between 1 and 64")]
    [InlineData("--proposers", "6", "--proposers must be between 1 and --nodes")]
    [InlineData("--steps", "-1", "--steps must be between 0 and 1000000")]
    [InlineData("--seed", "abc", "Cannot parse argument 'abc' for option '--seed'")]
    [InlineData("--acceptors", "9", "--acceptors:")]
    [InlineData("--learners", "-1", "--learners:")]
    [InlineData("--q1", "9", "--q1: Phase-1 quorum size 9 must be between 1 and 5")]
    [InlineData("--q1", "1", "--q1/--q2: Quorums of 1 (phase 1) and 3 (phase 2) out of 5 acceptors need not intersect")]
    public void Bad_arguments_exit_2_with_one_line(string option, string value, string expected)
    {
        var run = Cli.Run("simulate-multi", option, value);

        Assert.Equal(ExitCodes.BadArguments, run.Exit);
        Assert.Equal(string.Empty, run.Output);
        var line = Assert.Single(run.ErrorLines);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Contains("pbm simulate-multi --help", line, StringComparison.Ordinal);
    }
}
