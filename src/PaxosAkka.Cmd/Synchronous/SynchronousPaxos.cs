using System.Collections.Immutable;
using PaxosAkka.Consensus;
using static PaxosAkka.Cmd.Synchronous.SynchronousEvents;

namespace PaxosAkka.Cmd.Synchronous;

/// <summary>
/// Reference system 002 done over the real core: synchronous, single-decree Paxos among n crash-recovery
/// nodes. Round r is one ballot (r + 1, r % n) run by a fresh <see cref="SynodProposer"/> against the
/// long-lived <see cref="Acceptor"/>s, so later rounds must re-propose whatever may have been chosen
/// (Paxos Made Simple §2.2, P2c) and Agreement across rounds is a real test of the acceptor.
/// </summary>
internal static class SynchronousPaxos
{
    /// <summary>
    /// Runs the simulation. Every random choice comes from <paramref name="random"/>, in a fixed order
    /// (inputs first, then per round each node's crash), so the same seed gives the same run.
    /// </summary>
    public static SynchronousResult Run(SynchronousOptions options, Random random, Action<SynchronousEvent> observe)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(observe);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Nodes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Rounds, 1);

        var ids = Enumerable.Range(0, options.Nodes).ToImmutableArray();
        var topology = new PaxosTopology(ids, ids, ids, QuorumConfig.Majority(ids));
        var inputs = SynodValues.DrawInputs(options.Nodes, options.Domain, random);
        observe(new RunStarted(inputs, topology.Quorum.Phase1Size, topology.Quorum.Phase2Size));

        var nodes = ids.Select(id => new SynchronousNode(id, topology, options.BreakDurability)).ToImmutableArray();
        var rounds = ImmutableArray.CreateBuilder<RoundSummary>(options.Rounds);
        var learned = new List<ValueLearned>();
        var conflict = false;
        for (var round = 0; round < options.Rounds; round++)
        {
            var proposerInput = SynodValues.Encode(inputs[round % options.Nodes]);
            var summary = SynchronousRound.Run(
                nodes, topology, round, proposerInput, options.CrashProbability, random, observe, learned);
            conflict |= nodes.Any(n => n.Tally.SawConflict);
            rounds.Add(summary);
            observe(new RoundEnded(summary));
        }

        var verdict = SynchronousVerdict.Judge(inputs, learned, conflict);
        var result = new SynchronousResult(inputs, rounds.MoveToImmutable(), [.. learned], verdict);
        observe(new RunEnded(result));
        return result;
    }
}
