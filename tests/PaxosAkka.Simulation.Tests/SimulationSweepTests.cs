using System.Collections.Concurrent;
using System.Globalization;
using Xunit.Abstractions;

namespace PaxosAkka.Simulation.Tests;

/// <summary>
/// The CI sweep (issue 2, item 4): 1,000 seeds x 2,000 steps with every fault on, alternating 3- and 5-node
/// clusters. PAXOS_SIM_SEEDS (and PAXOS_SIM_STEPS, PAXOS_SIM_FIRST_SEED) run a longer sweep. Seeds run in
/// parallel, which is safe because each run is a pure function of its options.
/// </summary>
public class SimulationSweepTests(ITestOutputHelper output)
{
    [Fact]
    public void All_faults_sweep_keeps_every_invariant_on_every_seed()
    {
        var seeds = EnvInt("PAXOS_SIM_SEEDS", 1000);
        var steps = EnvInt("PAXOS_SIM_STEPS", 2000);
        var firstSeed = EnvInt("PAXOS_SIM_FIRST_SEED", 1);
        var failures = new ConcurrentBag<SimulationResult>();
        long chosen = 0, crashes = 0, maxQuiet = 0;

        Parallel.For(firstSeed, firstSeed + seeds, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, seed =>
        {
            var options = SimulationOptions.AllFaults(seed, steps) with { Nodes = seed % 2 == 0 ? 5 : 3 };
            var result = Simulator.Run(options);
            Interlocked.Add(ref chosen, result.Stats.CommandsChosen);
            Interlocked.Add(ref crashes, result.Stats.Crashes);
            InterlockedMax(ref maxQuiet, result.Stats.QuietTicksToConverge);
            if (!result.Passed)
            {
                failures.Add(result);
            }
        });

        output.WriteLine($"{seeds} seeds x {steps} steps from seed {firstSeed}: {failures.Count} failed; " +
            $"{chosen} commands chosen, {crashes} crashes, slowest convergence {maxQuiet} quiet ticks");
        var report = string.Join("\n\n", failures.OrderBy(r => r.Seed).Take(5).Select(r => r.Summary));
        Assert.True(failures.IsEmpty, $"{failures.Count} of {seeds} seeds failed; first ones:\n{report}");
    }

    /// <summary>
    /// CORE_BUGS S-5: with a single learner there is no peer to catch up from, so after a restart it must
    /// re-learn chosen slots from the acceptors (which re-send their Accepted entries; the learner counts a
    /// same-ballot phase-2 quorum). Separate roles on 5 nodes (2 proposers, 4 acceptors) and 6 nodes
    /// (2 proposers, 5 acceptors), each with 1 learner; PAXOS_SIM_LEARNER_SEEDS runs more seeds.
    /// </summary>
    [Fact]
    public void Single_learner_sweep_relearns_from_acceptors_and_keeps_every_invariant()
    {
        var seeds = EnvInt("PAXOS_SIM_LEARNER_SEEDS", 100);
        var failures = new ConcurrentBag<SimulationResult>();
        Parallel.For(1, seeds + 1, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, seed =>
        {
            var options = SimulationOptions.AllFaults(seed) with
            {
                Nodes = seed % 2 == 0 ? 6 : 5,
                Proposers = 2,
                Acceptors = seed % 2 == 0 ? 5 : 4,
                Learners = 1,
            };
            var result = Simulator.Run(options);
            if (!result.Passed)
            {
                failures.Add(result);
            }
        });

        output.WriteLine($"{seeds} single-learner seeds: {failures.Count} failed");
        var report = string.Join("\n\n", failures.OrderBy(r => r.Seed).Take(5).Select(r => r.Summary));
        Assert.True(failures.IsEmpty, $"{failures.Count} of {seeds} seeds failed; first ones:\n{report}");
    }

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
