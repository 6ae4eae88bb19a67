using System.Collections.Immutable;
using PaxosAkka.Consensus;
using static PaxosAkka.Cmd.Synchronous.SynchronousEvents;
using static PaxosAkka.Consensus.PaxosProtocol;

namespace PaxosAkka.Cmd.Synchronous;

/// <summary>
/// Runs one lock-step round: every node takes step 1, then every node step 2, and so on; messages sent in
/// a step are delivered at the start of the next. Crashes are drawn up front from the run's PRNG so the
/// draw order, and therefore the replay, does not depend on what the protocol happens to do.
/// </summary>
internal sealed class SynchronousRound
{
    // Steps past Chosen only carry the proposer's Chosen announcements; after that nothing is in flight.
    private const int MaxSteps = RoundSteps.Last + 2;
    private const int NoCrash = int.MaxValue;

    private readonly IReadOnlyList<SynchronousNode> _nodes;
    private readonly Action<SynchronousEvent> _observe;
    private readonly int _round;
    private readonly int _proposer;
    private readonly Ballot _ballot;
    private readonly int[] _crashAt;
    private readonly List<(int Node, int Step)> _crashes = [];
    private readonly SortedSet<int> _promises = [];
    private readonly SortedSet<int> _acceptances = [];
    private readonly SortedSet<int> _learners = [];
    private SlotValue? _proposed;
    private AcceptedEntry? _adopted;

    private SynchronousRound(
        IReadOnlyList<SynchronousNode> nodes, int round, int[] crashAt, Action<SynchronousEvent> observe)
    {
        _nodes = nodes;
        _round = round;
        _crashAt = crashAt;
        _observe = observe;
        _proposer = round % nodes.Count;
        _ballot = BallotOf(round, nodes.Count);
    }

    /// <summary>The ballot of round <paramref name="round"/>: (round + 1, round % nodes), above Ballot.Zero.</summary>
    public static Ballot BallotOf(int round, int nodes) => new(round + 1L, round % nodes);

    /// <summary>Runs round <paramref name="round"/> and returns its summary; decisions go to <paramref name="learned"/>.</summary>
    public static RoundSummary Run(
        IReadOnlyList<SynchronousNode> nodes,
        PaxosTopology topology,
        int round,
        SlotValue proposerInput,
        double crashProbability,
        Random random,
        Action<SynchronousEvent> observe,
        ICollection<ValueLearned> learned)
    {
        var crashAt = DrawCrashes(nodes.Count, crashProbability, random);
        var run = new SynchronousRound(nodes, round, crashAt, observe);
        return run.Execute(topology, proposerInput, learned);
    }

    /// <summary>For every node: does it crash this round (probability p), and if so at which step (uniform).</summary>
    internal static int[] DrawCrashes(int nodes, double probability, Random random)
    {
        var crashAt = new int[nodes];
        for (var i = 0; i < nodes; i++)
        {
            crashAt[i] = random.NextDouble() < probability ? random.Next(1, RoundSteps.Last + 1) : NoCrash;
        }

        return crashAt;
    }

    private RoundSummary Execute(PaxosTopology topology, SlotValue proposerInput, ICollection<ValueLearned> learned)
    {
        _observe(new RoundStarted(_round, _proposer, _ballot));
        foreach (var node in _nodes.Where(n => n.IsDown))
        {
            node.Restart();
            _observe(new NodeRecovered(_round, node.Id, node.Disk));
        }

        foreach (var node in _nodes)
        {
            node.BeginRound(node.Id == _proposer ? CreateProposer(topology) : null);
        }

        List<PaxosMessage> inFlight = [];
        for (var step = 1; step <= MaxSteps && (step <= RoundSteps.Last || inFlight.Count > 0); step++)
        {
            CrashScheduled(step);
            Deliver(step, inFlight, learned);
            if (step == (int)RoundStep.Prepare && !_nodes[_proposer].IsDown)
            {
                var used = _nodes[_proposer].Propose(proposerInput);

                // Each round must be its own ballot, or "Agreement across rounds" would prove nothing.
                if (used != _ballot)
                {
                    throw new InvalidOperationException($"Round {_round} expected ballot {_ballot}, proposer used {used}.");
                }
            }

            inFlight = Send(step);
        }

        return Summarize(topology);
    }

    /// <summary>
    /// A fresh Synod proposer for this round. It has seen the previous round's ballot, so its first ballot
    /// is exactly (round + 1, proposer): one new ballot per round, owned by the round's proposer.
    /// </summary>
    private SynodProposer CreateProposer(PaxosTopology topology)
    {
        var proposer = new SynodProposer(_proposer, topology);
        if (_round > 0)
        {
            proposer.ObserveBallot(BallotOf(_round - 1, _nodes.Count));
        }

        return proposer;
    }

    private void CrashScheduled(int step)
    {
        foreach (var node in _nodes.Where(n => _crashAt[n.Id] == step))
        {
            node.Crash();
            _crashes.Add((node.Id, step));
            _observe(new NodeCrashed(_round, step, node.Id));
        }
    }

    private void Deliver(int step, IReadOnlyList<PaxosMessage> inFlight, ICollection<ValueLearned> learned)
    {
        foreach (var message in inFlight)
        {
            var to = _nodes[message.To];
            if (to.IsDown)
            {
                _observe(new MessageLost(_round, step, message));
                continue;
            }

            if (message is Promise promise && promise.Ballot == _ballot && message.To == _proposer)
            {
                _promises.Add(promise.From);
                foreach (var entry in promise.Accepted.Where(e => e.Slot == SynodProposer.Slot))
                {
                    _adopted = _adopted is null || entry.Ballot > _adopted.Ballot ? entry : _adopted;
                }
            }

            if (to.Deliver(message))
            {
                var decision = new ValueLearned(_round, step, to.Id, to.Tally.Decided!, to.Tally.DecidedBallot);
                _learners.Add(to.Id);
                learned.Add(decision);
                _observe(decision);
            }
        }
    }

    private List<PaxosMessage> Send(int step)
    {
        var outgoing = new List<PaxosMessage>();
        foreach (var node in _nodes.Where(n => !n.IsDown))
        {
            foreach (var message in node.Drain())
            {
                Record(message);
                outgoing.Add(message);
                _observe(new MessageSent(_round, step, message));
            }
        }

        return outgoing;
    }

    private void Record(PaxosMessage message)
    {
        switch (message)
        {
            case Accept accept when accept.Ballot == _ballot:
                _proposed = accept.Value;
                break;
            case Accepted accepted when accepted.Ballot == _ballot:
                _acceptances.Add(accepted.From);
                break;
        }
    }

    private RoundSummary Summarize(PaxosTopology topology)
    {
        var outcome = _crashAt[_proposer] == (int)RoundStep.Prepare ? RoundOutcome.ProposerCrashedBeforePrepare
            : _promises.Count < topology.Quorum.Phase1Size ? RoundOutcome.NoPromiseQuorum
            : _proposed is null ? RoundOutcome.NoAcceptSent
            : _acceptances.Count < topology.Quorum.Phase2Size ? RoundOutcome.NoAcceptQuorum
            : RoundOutcome.Chosen;
        return new RoundSummary(
            _round, _proposer, _ballot, [.. _crashes], [.. _promises], _proposed, _adopted, [.. _acceptances], [.. _learners], outcome);
    }
}
