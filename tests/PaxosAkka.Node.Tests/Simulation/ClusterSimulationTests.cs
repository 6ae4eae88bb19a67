using System.Diagnostics;
using System.Globalization;
using PaxosAkka.Node.Storage;
using Xunit.Abstractions;

namespace PaxosAkka.Node.Tests.Simulation;

/// <summary>
/// The real role actors in a whole-cluster deterministic simulation (issue 6 item 6). Environment:
/// <c>PAXOS_NODE_SIM_SEED=n</c> replays one seed, <c>PAXOS_SIM_SEEDS=n</c> runs n seeds instead of the CI's 200,
/// <c>PAXOS_NODE_SIM_TRACE=1</c> prints the replayed run's trace.
/// </summary>
public sealed class ClusterSimulationTests(ITestOutputHelper output)
{
    private const int CiSeeds = 200;
    private const string Filter = "FullyQualifiedName~PaxosAkka.Node.Tests.Simulation.ClusterSimulationTests";

    [Fact]
    public void Every_seed_keeps_agreement_and_a_linearizable_history_through_crashes_restarts_partitions_and_pauses()
    {
        var seeds = SeedsToRun();
        bool trace = Environment.GetEnvironmentVariable("PAXOS_NODE_SIM_TRACE") == "1";
        var failures = new List<string>();
        var totals = new List<SimulationStats>();
        var watch = Stopwatch.StartNew();
        foreach (int seed in seeds)
        {
            var outcome = Run(seed, OptionsFor(seed) with { Trace = trace });
            totals.Add(outcome.Stats);
            if (seeds.Count <= 10)
            {
                output.WriteLine($"seed {seed}: {outcome.Stats}");
            }

            if (trace)
            {
                foreach (var line in outcome.Trace)
                {
                    output.WriteLine(line);
                }
            }

            if (!outcome.Passed)
            {
                failures.Add(outcome.Describe(Replay(seed)));
            }
        }

        output.WriteLine($"{seeds.Count} seeds in {watch.Elapsed.TotalSeconds:0.0} s: {totals.Sum(s => s.Succeeded)} ops answered, " +
            $"{totals.Sum(s => s.Unknown)} unknown, {totals.Sum(s => s.Crashes)} crashes, {totals.Sum(s => s.Pauses)} pauses, " +
            $"{totals.Sum(s => s.Partitions)} partitions, {totals.Sum(s => s.MessagesDropped)} messages lost");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine + Environment.NewLine, failures));

        // The faults really happened and the clients really got answers: a run that never crashed anything or never
        // completed an operation would pass vacuously.
        if (seeds.Count >= 20)
        {
            Assert.True(totals.Sum(s => s.Crashes) >= seeds.Count / 2, "too few crashes across the seeds");
            Assert.True(totals.Sum(s => s.Pauses) >= seeds.Count / 2, "too few pauses across the seeds");
            Assert.True(totals.Sum(s => s.Partitions) >= seeds.Count / 2, "too few partitions across the seeds");
            Assert.True(totals.Sum(s => s.Succeeded) >= totals.Sum(s => s.Unknown) * 2, "most operations should get an answer");
        }
    }

    [Fact]
    public void Reads_by_read_index_keep_agreement_and_a_linearizable_history_through_crashes_restarts_partitions_and_pauses()
    {
        const int seeds = 100;
        var failures = new List<string>();
        long readIndexReads = 0;
        for (int seed = 1; seed <= seeds; seed++)
        {
            var outcome = Run(seed, OptionsFor(seed) with { ReadIndexReads = true });
            readIndexReads += outcome.Stats.ReadIndexReads;
            if (!outcome.Passed)
            {
                failures.Add(outcome.Describe(Replay(seed) + " (with ReadIndexReads = true)"));
            }
        }

        output.WriteLine($"{seeds} seeds: {readIndexReads} reads answered by read index");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine + Environment.NewLine, failures));
        Assert.True(readIndexReads >= seeds, $"only {readIndexReads} reads were answered by read index: the path went unexercised");
    }

    [Fact]
    public void The_same_seed_replays_the_same_trace()
    {
        const int seed = 42;
        var first = Run(seed, OptionsFor(seed) with { Trace = true });
        var second = Run(seed, OptionsFor(seed) with { Trace = true });
        Assert.True(first.Passed, first.Describe(Replay(seed)));
        Assert.True(first.Trace.Count > 1000, $"a meaningful trace ({first.Trace.Count} lines)");
        int differs = Enumerable.Range(0, Math.Min(first.Trace.Count, second.Trace.Count)).FirstOrDefault(i => first.Trace[i] != second.Trace[i], -1);
        Assert.True(
            differs < 0 && first.Trace.Count == second.Trace.Count,
            differs < 0 ? $"traces differ in length: {first.Trace.Count} vs {second.Trace.Count}" : $"line {differs}: '{first.Trace[differs]}' vs '{second.Trace[differs]}'");
        Assert.Equal(first.Stats, second.Stats);
    }

    [Fact]
    public void The_simulation_catches_an_acceptor_that_loses_unflushed_votes_on_a_crash()
    {
        const AcceptorFlushPolicy broken = AcceptorFlushPolicy.SkipVotes;
        // A deliberately broken disk: the checker must be able to fail, or its passing runs prove nothing.
        for (int seed = 1; seed <= 60; seed++)
        {
            var outcome = Run(seed, OptionsFor(seed) with { FlushPolicy = broken });
            if (!outcome.Passed)
            {
                string report = outcome.Describe(Replay(seed));
                output.WriteLine(report);
                Assert.Contains($"seed {seed}", report, StringComparison.Ordinal);
                Assert.Contains("PAXOS_NODE_SIM_SEED=", report, StringComparison.Ordinal);
                return;
            }
        }

        Assert.Fail($"no seed caught an acceptor whose disk skips flushing ({broken})");
    }

    [Fact]
    public void The_simulation_catches_a_service_that_acknowledges_puts_before_they_are_applied()
    {
        // The other half of the checking: an early acknowledgement keeps every store in agreement, so only the
        // linearizability check of the clients' history can catch it.
        AssertLinearizabilityCatches(seed => OptionsFor(seed) with { AcknowledgePutsBeforeApply = true }, "a service that acknowledges puts before they are applied");
    }

    [Fact]
    public void The_simulation_catches_reads_served_from_a_local_store_without_a_read_index()
    {
        // What the read index prevents: a follower's store that has not applied a write yet answering a read that
        // started after the write was acknowledged.
        AssertLinearizabilityCatches(seed => OptionsFor(seed) with { BrokenLocalReads = true }, "reads served from a local store without a read index");
    }

    /// <summary>A deliberately broken variant must fail the linearizability check within the first 60 seeds.</summary>
    private void AssertLinearizabilityCatches(Func<int, ClusterSimulationOptions> broken, string what)
    {
        for (int seed = 1; seed <= 60; seed++)
        {
            var outcome = Run(seed, broken(seed));
            if (!outcome.Passed)
            {
                output.WriteLine(outcome.Describe(Replay(seed)));
                Assert.Contains(outcome.Violations, v => v.StartsWith("linearizability:", StringComparison.Ordinal));
                return;
            }
        }

        Assert.Fail($"no seed caught {what}");
    }

    /// <summary>The CI mix: mostly 3 nodes (fast, and a crash of one already costs a third), every fifth seed 5 nodes.</summary>
    internal static ClusterSimulationOptions OptionsFor(int seed) => new() { Nodes = seed % 5 == 0 ? 5 : 3 };

    private static SimulationOutcome Run(int seed, ClusterSimulationOptions options)
    {
        using var simulation = new ClusterSimulation(seed, options);
        return simulation.Run();
    }

    private static string Replay(int seed) =>
        $"PAXOS_NODE_SIM_SEED={seed} PAXOS_NODE_SIM_TRACE=1 dotnet test tests/PaxosAkka.Node.Tests --filter \"{Filter}\"";

    private static List<int> SeedsToRun()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("PAXOS_NODE_SIM_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int one))
        {
            return [one];
        }

        int count = int.TryParse(Environment.GetEnvironmentVariable("PAXOS_SIM_SEEDS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : CiSeeds;
        return [.. Enumerable.Range(1, count)];
    }
}
