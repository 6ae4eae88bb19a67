namespace PaxosAkka.Simulation.Tests;

public class SimulatorTests
{
    [Fact]
    public void Fault_free_run_chooses_every_submitted_command_and_converges()
    {
        var result = Simulator.Run(SimulationOptions.NoFaults(seed: 3, steps: 500));

        Assert.True(result.Passed, result.Summary);
        Assert.True(result.Stats.CommandsSubmitted > 50, result.Summary);
        Assert.Equal(result.Stats.CommandsSubmitted, result.Stats.CommandsChosen);
        Assert.InRange(result.Stats.QuietTicksToConverge, 0, 100);
        Assert.Equal(0, result.Stats.MessagesDropped);
        Assert.Equal(0, result.Stats.Crashes);
    }

    [Fact]
    public void Same_seed_replays_the_identical_trace_and_another_seed_does_not()
    {
        var first = Simulator.Run(SimulationOptions.AllFaults(seed: 42, steps: 1500));
        var second = Simulator.Run(SimulationOptions.AllFaults(seed: 42, steps: 1500));
        var other = Simulator.Run(SimulationOptions.AllFaults(seed: 43, steps: 1500));

        Assert.Equal(first.TraceHash, second.TraceHash);
        Assert.Equal(first.Stats, second.Stats);
        Assert.Equal(first.Violations, second.Violations);
        Assert.NotEqual(first.TraceHash, other.TraceHash);
    }

    [Fact]
    public void Reading_the_trace_does_not_change_the_run()
    {
        var lines = new List<string>();
        var traced = Simulator.Run(SimulationOptions.AllFaults(seed: 5, steps: 400) with { Trace = lines.Add });
        var untraced = Simulator.Run(SimulationOptions.AllFaults(seed: 5, steps: 400));

        Assert.Equal(untraced.TraceHash, traced.TraceHash);
        Assert.Equal(untraced.Stats, traced.Stats);
        Assert.Contains(lines, l => l.Contains("Accept ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("became leader", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("quiet phase", StringComparison.Ordinal));
    }

    [Fact]
    public void All_faults_preset_really_injects_every_kind_of_fault()
    {
        var results = Enumerable.Range(1, 6).Select(seed => Simulator.Run(SimulationOptions.AllFaults(seed))).ToList();

        Assert.All(results, r => Assert.True(r.Passed, r.Summary));
        Assert.True(results.Sum(r => r.Stats.Crashes) > 0);
        Assert.True(results.Sum(r => r.Stats.CrashesDuringReady) > 0);
        Assert.True(results.Sum(r => r.Stats.Partitions) > 0);
        Assert.True(results.Sum(r => r.Stats.Pauses) > 0);
        Assert.True(results.Sum(r => r.Stats.MessagesDropped) > 0);
        Assert.True(results.Sum(r => r.Stats.MessagesDuplicated) > 0);
        Assert.True(results.Sum(r => r.Stats.ClientRetries) > 0);
        Assert.True(results.Sum(r => r.Stats.Snapshots) > 0);
        Assert.True(results.Sum(r => r.Stats.Compactions) > 0);
        Assert.True(results.Sum(r => r.Stats.SnapshotsInstalled) > 0);
        Assert.All(results, r => Assert.True(r.Stats.LeaderChanges > 1, r.Summary));
        Assert.All(results, r => Assert.True(r.Stats.CommandsChosen > 100, r.Summary));
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(3, 3)]
    [InlineData(1, 1)]
    [InlineData(7, 4)]
    public void Other_cluster_shapes_keep_every_invariant(int nodes, int proposers)
    {
        for (var seed = 1; seed <= 3; seed++)
        {
            var result = Simulator.Run(SimulationOptions.AllFaults(seed, steps: 800) with { Nodes = nodes, Proposers = proposers });
            Assert.True(result.Passed, result.Summary);
            Assert.True(result.Stats.CommandsChosen > 0, result.Summary);
        }
    }

    [Fact]
    public void Separate_proposer_acceptor_and_learner_nodes_keep_every_invariant()
    {
        // Proposers and learners on nodes 0-1, acceptors alone on nodes 2-4 (Paxos Made Simple §2.1 roles).
        for (var seed = 1; seed <= 3; seed++)
        {
            var options = SimulationOptions.AllFaults(seed, steps: 800) with { Nodes = 5, Proposers = 2, Learners = 2, Acceptors = 3 };
            var result = Simulator.Run(options);
            Assert.True(result.Passed, result.Summary);
            Assert.True(result.Stats.CommandsChosen > 0, result.Summary);
            Assert.Contains("--acceptors 3 --learners 2", result.ReplayCommand, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(4, 2)]
    [InlineData(2, 4)]
    [InlineData(5, 1)]
    public void Flexible_quorums_keep_every_invariant(int phase1, int phase2)
    {
        for (var seed = 1; seed <= 3; seed++)
        {
            var result = Simulator.Run(SimulationOptions.AllFaults(seed, steps: 800) with { Phase1Quorum = phase1, Phase2Quorum = phase2 });
            Assert.True(result.Passed, result.Summary);
        }
    }

    [Fact]
    public void Non_intersecting_quorums_and_roleless_nodes_are_rejected()
    {
        Assert.ThrowsAny<ArgumentException>(() => Simulator.Run(new SimulationOptions { Phase1Quorum = 2, Phase2Quorum = 3 }));
        Assert.ThrowsAny<ArgumentException>(() => Simulator.Run(new SimulationOptions { Nodes = 7, Proposers = 2, Learners = 2, Acceptors = 3 }));
    }

    [Fact]
    public void Runs_without_snapshots_keep_every_invariant()
    {
        for (var seed = 1; seed <= 3; seed++)
        {
            var result = Simulator.Run(SimulationOptions.AllFaults(seed, steps: 800) with { SnapshotProbability = 0 });
            Assert.True(result.Passed, result.Summary);
            Assert.Equal(0, result.Stats.Compactions);
        }
    }

    [Fact]
    public void Liveness_check_reports_commands_not_chosen_within_the_quiet_bound()
    {
        // One quiet tick is far too short for pending commands to be chosen: the check must say so.
        var result = Simulator.Run(SimulationOptions.AllFaults(seed: 8, steps: 300) with { QuietSteps = 1 });

        var violation = Assert.Single(result.Violations);
        Assert.Equal(InvariantKind.Liveness, violation.Kind);
        Assert.Contains("not converged", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Failed_run_reports_seed_and_a_replay_command_that_reproduces_it()
    {
        var options = SimulationOptions.AllFaults(seed: 2) with { BrokenAcceptor = BrokenAcceptorMode.AcceptsBelowPromise };
        var result = Simulator.Run(options);

        Assert.False(result.Passed);
        Assert.Equal(
            "dotnet run --project src/PaxosAkka.Cmd -- simulate-multi --seed 2 --steps 2000 --broken-acceptor accepts-below-promise",
            result.ReplayCommand);
        Assert.Contains("FAILED seed 2", result.Summary, StringComparison.Ordinal);
        Assert.Contains("Replay: " + result.ReplayCommand, result.Summary, StringComparison.Ordinal);
        Assert.Equal(result.TraceHash, Simulator.Run(options).TraceHash);
    }

    [Fact]
    public void Invalid_options_are_rejected_before_running()
    {
        Assert.ThrowsAny<ArgumentException>(() => Simulator.Run(new SimulationOptions { Proposers = 0 }));
        Assert.ThrowsAny<ArgumentException>(() => Simulator.Run(new SimulationOptions { ElectionTimeoutMinTicks = 10, ElectionTimeoutMaxTicks = 5 }));
        Assert.Throws<ArgumentNullException>(() => Simulator.Run(null!));
    }
}
