using System.Globalization;
using Xunit.Abstractions;

namespace PaxosAkka.Cluster.Tests.Simulation;

/// <summary>
/// Issue 4's cluster specs as seeded simulations: five real nodes (remoting, gossip, phi-accrual heartbeats,
/// split-brain resolver) in one process on virtual time. <c>PAXOS_SIM_SEED=n</c> replays one seed;
/// <c>PAXOS_SIM_SEEDS=n</c> sets how many seeds the sweep runs (default 50).
/// </summary>
public sealed class ClusterSimulationSpecs(ITestOutputHelper output)
{
    private static int SeedOr(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("PAXOS_SIM_SEED"), CultureInfo.InvariantCulture, out var seed) ? seed : fallback;

    private static int SweepCount =>
        int.TryParse(Environment.GetEnvironmentVariable("PAXOS_SIM_SEEDS"), CultureInfo.InvariantCulture, out var count) ? count : 50;

    [Fact]
    public void Five_nodes_join_through_two_seeds_and_all_become_Up()
    {
        var result = ClusterSimulation.Run(SeedOr(1), ClusterScenarios.JoinAll);
        Report(result);
        Assert.Contains(result.Trace, t => t.EndsWith("n5 MemberUp n5", StringComparison.Ordinal));
    }

    [Fact]
    public void Exited_node_becomes_unreachable_then_keep_majority_downs_and_removes_it()
    {
        var result = ClusterSimulation.Run(SeedOr(2), ClusterScenarios.ExitNode);
        Report(result);

        // Akka's defaults: detection takes a few heartbeat pauses, downing waits stable-after (20 s) on top.
        var downedAt = result.Trace.Where(t => t.EndsWith("MemberDowned n5", StringComparison.Ordinal)).Select(VirtualTimeOf).Min();
        var unreachableAt = result.Trace.Where(t => t.EndsWith("UnreachableMember n5", StringComparison.Ordinal)).Select(VirtualTimeOf).Min();
        Assert.True(downedAt - unreachableAt >= TimeSpan.FromSeconds(20), $"downed {downedAt - unreachableAt} after unreachable, before stable-after");
    }

    [Fact]
    public void Partition_2_3_keeps_the_majority_Up_and_downs_the_minority()
    {
        var result = ClusterSimulation.Run(SeedOr(3), ClusterScenarios.Partition);
        Report(result);
    }

    [Fact]
    public void Partition_healed_before_stable_after_downs_nobody_and_everyone_is_reachable_again()
    {
        var result = ClusterSimulation.Run(SeedOr(6), ClusterScenarios.PartitionHealedBeforeStableAfter);
        Report(result);
    }

    [Fact]
    public void Same_seed_replays_the_same_event_trace_and_network_history()
    {
        var seed = SeedOr(4);
        var first = ClusterSimulation.Run(seed, ClusterScenarios.ExitNode);
        var second = ClusterSimulation.Run(seed, ClusterScenarios.ExitNode);

        Assert.Equal(first.Trace, second.Trace);
        Assert.Equal(first.NetworkDigest, second.NetworkDigest);
        Assert.Equal(first.Steps, second.Steps);

        // The seed really drives the run: another one takes another path through the same story.
        var other = ClusterSimulation.Run(seed + 1, ClusterScenarios.ExitNode);
        Assert.NotEqual(first.NetworkDigest, other.NetworkDigest);

        // And a story with blackholes and self-downing replays as well.
        var partitioned = ClusterSimulation.Run(seed, ClusterScenarios.Partition);
        var again = ClusterSimulation.Run(seed, ClusterScenarios.Partition);
        Assert.Equal(partitioned.Trace, again.Trace);
        Assert.Equal(partitioned.NetworkDigest, again.NetworkDigest);
        output.WriteLine($"seed {seed}: exit digest {first.NetworkDigest:x16}, partition digest {partitioned.NetworkDigest:x16}");
    }

    [Fact]
    public void Without_a_split_brain_resolver_the_exited_node_is_never_removed_and_the_failure_names_the_seed()
    {
        // The broken variant proves the scenario's checks can fail, and that a failure tells how to replay it.
        var failure = Assert.Throws<SimulationFailedException>(() => ClusterSimulation.Run(
            SeedOr(5), ClusterScenarios.ExitNode, "paxos.cluster.split-brain-resolver.active-strategy = off"));

        Assert.Contains($"seed {SeedOr(5)}", failure.Message, StringComparison.Ordinal);
        Assert.Contains("PAXOS_SIM_SEED=", failure.Message, StringComparison.Ordinal);
        Assert.Contains("n5 downed and removed", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exit_story_holds_for_every_seed_of_the_sweep() => Sweep(ClusterScenarios.ExitNode, firstSeed: 1000);

    [Fact]
    public void Partition_story_holds_for_every_seed_of_the_sweep() => Sweep(ClusterScenarios.Partition, firstSeed: 2000);

    private void Sweep(Action<ClusterSimulation> story, int firstSeed)
    {
        var steps = 0L;
        var virtualTime = TimeSpan.Zero;
        foreach (var seed in Enumerable.Range(firstSeed, SweepCount))
        {
            var result = ClusterSimulation.Run(seed, story);
            steps += result.Steps;
            virtualTime += result.VirtualTime;
        }

        output.WriteLine($"{SweepCount} seeds: {steps} dispatcher steps, {virtualTime.TotalMinutes:F1} min of virtual time");
    }

    private void Report(SimulationResult result)
    {
        output.WriteLine($"seed {result.Seed}: {result.Steps} steps, {result.VirtualTime.TotalSeconds:F1} s virtual, digest {result.NetworkDigest:x16}");
        foreach (var line in result.Trace)
        {
            output.WriteLine(line);
        }
    }

    private static TimeSpan VirtualTimeOf(string traceLine) =>
        TimeSpan.FromMilliseconds(double.Parse(traceLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture));
}
