using PaxosAkka.Cmd.Synchronous;

namespace PaxosAkka.Cmd.Tests;

public class SimulateCommandTests
{
    private static readonly string[] Example = ["simulate", "--nodes", "3", "--crash-prob", "0.1", "--rounds", "5", "--seed", "7"];

    [Fact]
    public void Simulate_reports_agreement_and_validity()
    {
        var run = Cli.Run(Example);

        Assert.Equal(ExitCodes.Success, run.Exit);
        Assert.Equal(string.Empty, run.Error);
        Assert.Contains("Agreement:   held", run.Output, StringComparison.Ordinal);
        Assert.Contains("Validity:    held", run.Output, StringComparison.Ordinal);
        Assert.Contains("Decided:", run.Output, StringComparison.Ordinal);
        Assert.Contains("Replay: pbm simulate --nodes 3 --crash-prob 0.1 --rounds 5 --seed 7", run.Output, StringComparison.Ordinal);
        for (var round = 0; round < 5; round++)
        {
            Assert.Contains($"Round {round}: proposer n{round % 3}, ballot ({round + 1}.{round % 3})", run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Same_seed_gives_identical_output()
    {
        string[] traced = [.. Example, "--trace", "--crash-prob", "0.4", "--rounds", "20"];

        Assert.Equal(Cli.Run(Example).Output, Cli.Run(Example).Output);
        Assert.Equal(Cli.Run(traced).Output, Cli.Run(traced).Output);
    }

    [Fact]
    public void Different_seeds_give_different_runs()
    {
        var outputs = Enumerable.Range(0, 8)
            .Select(seed => Cli.Run("simulate", "--nodes", "5", "--crash-prob", "0.3", "--rounds", "6", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture)).Output)
            .Select(text => text[text.IndexOf("Inputs:", StringComparison.Ordinal)..text.IndexOf("Replay:", StringComparison.Ordinal)])
            .Distinct()
            .Count();

        Assert.True(outputs > 1, "eight seeds all printed the same run");
    }

    [Fact]
    public void Zero_crash_probability_decides_in_first_round()
    {
        var run = Cli.Run("simulate", "--nodes", "5", "--crash-prob", "0", "--rounds", "3", "--seed", "11");

        Assert.Equal(ExitCodes.Success, run.Exit);
        var round0 = run.Output[run.Output.IndexOf("Round 0:", StringComparison.Ordinal)..run.Output.IndexOf("Round 1:", StringComparison.Ordinal)];
        Assert.Contains("CHOSEN", round0, StringComparison.Ordinal);
        Assert.Contains("learned by n0 n1 n2 n3 n4", round0, StringComparison.Ordinal);
        Assert.Contains("first in round 0", run.Output, StringComparison.Ordinal);
        Assert.Contains("Termination: reached in round 0", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("crashed", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Certain_crashes_decide_nothing_and_say_termination_was_not_reached()
    {
        // With probability 1 every node crashes by the chosen step at the latest, so no learner ever counts a quorum.
        var run = Cli.Run("simulate", "--nodes", "3", "--crash-prob", "1", "--rounds", "4", "--seed", "3");

        Assert.Equal(ExitCodes.Success, run.Exit);
        Assert.Contains("Decided:     nothing", run.Output, StringComparison.Ordinal);
        Assert.Contains("Agreement:   held (vacuously", run.Output, StringComparison.Ordinal);
        Assert.Contains("Termination: not reached", run.Output, StringComparison.Ordinal);
        Assert.Contains("restarts from stable storage", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Trace_prints_every_message_kind_and_crashes()
    {
        var run = Cli.Run("simulate", "--nodes", "3", "--crash-prob", "0.3", "--rounds", "6", "--seed", "7", "--trace");

        Assert.Equal(ExitCodes.Success, run.Exit);
        foreach (var text in new[] { "] n0 -> n1  Prepare (1.0)", "Promise (", "Accept (", "Accepted (", "Chosen value", "learns", "CRASHES", "round change -> round 1" })
        {
            Assert.Contains(text, run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Summary_mode_does_not_print_single_messages()
    {
        var run = Cli.Run(Example);

        Assert.DoesNotContain("Prepare (", run.Output, StringComparison.Ordinal);
        Assert.Contains("prepare -> promises from", run.Output, StringComparison.Ordinal);
        Assert.Contains("accept 1 (n1's own input)", run.Output, StringComparison.Ordinal);
        Assert.Contains("accept 1 (adopted: accepted before in (2.1))", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Large_clusters_abbreviate_node_lists()
    {
        var run = Cli.Run("simulate", "--nodes", "40", "--crash-prob", "0", "--rounds", "1", "--seed", "1");

        Assert.Equal(ExitCodes.Success, run.Exit);
        Assert.Contains("... (+24 more)", run.Output, StringComparison.Ordinal);
        Assert.All(run.Output.Split('\n'), line => Assert.True(line.Length < 400, $"line too long: {line.Length} chars"));
    }

    [Fact]
    public void Binary_false_gives_integer_inputs()
    {
        var run = Cli.Run("simulate", "--nodes", "7", "--crash-prob", "0", "--rounds", "1", "--seed", "5", "--binary", "false");

        Assert.Equal(ExitCodes.Success, run.Exit);
        Assert.Contains("integer inputs", run.Output, StringComparison.Ordinal);
        var inputs = run.Output.Split('\n').Single(l => l.StartsWith("Inputs:", StringComparison.Ordinal));
        var values = inputs["Inputs:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p[(p.IndexOf('=') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(values, v => v > 1);
    }

    [Fact]
    public void Broken_durability_is_caught_and_exits_1()
    {
        // The deliberately broken variant forgets acceptor state on restart; some seed must expose it, or the
        // Agreement check could not fail and would prove nothing.
        for (var seed = 0; seed < 500; seed++)
        {
            var settings = new SimulateSettings(3, 0.4, 12, seed, ValueDomain.Binary, Trace: false) { BreakDurability = true };
            using var output = new StringWriter();
            using var error = new StringWriter();
            if (SimulateCommand.Execute(settings, output, error) == ExitCodes.PropertyViolated)
            {
                Assert.Contains("Agreement:   VIOLATED", output.ToString(), StringComparison.Ordinal);
                Assert.Contains("Agreement violated: decisions differ (", output.ToString(), StringComparison.Ordinal);
                return;
            }
        }

        Assert.Fail("500 seeds of acceptors that forget their promises never broke Agreement");
    }
}
