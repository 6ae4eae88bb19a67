using PaxosAkka.Consensus;
using static PaxosAkka.Consensus.PaxosProtocol;

namespace PaxosAkka.Cmd.Synchronous;

/// <summary>
/// A learner for one decree: a value is chosen once a phase-2 quorum of distinct acceptors has accepted it
/// in the same ballot (Paxos Made Simple §3), or when the proposer announces it with Chosen. Kept here
/// rather than reusing the Multi-Paxos Learner because this demo needs to see a decision in every round,
/// while that Learner rightly delivers slot 0 only once.
/// </summary>
internal sealed class SynodTally
{
    private readonly int _quorum;
    private readonly Dictionary<Ballot, (SlotValue Value, HashSet<int> Acceptors)> _byBallot = [];

    /// <summary>Creates a tally that needs <paramref name="quorum"/> distinct acceptors per ballot.</summary>
    public SynodTally(int quorum)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quorum, 1);
        _quorum = quorum;
    }

    /// <summary>The value this learner saw chosen, once it has.</summary>
    public SlotValue? Decided { get; private set; }

    /// <summary>The ballot in which it was chosen (null when learned from a Chosen message).</summary>
    public Ballot? DecidedBallot { get; private set; }

    /// <summary>True when two acceptors reported different values for one ballot: Paxos forbids that.</summary>
    public bool SawConflict { get; private set; }

    /// <summary>Counts one message; returns true when it made this learner decide.</summary>
    public bool Observe(PaxosMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (Decided is not null)
        {
            return false;
        }

        switch (message)
        {
            case Accepted { Slot: 0 } accepted:
                return Count(accepted);
            case Chosen { Slot: 0 } chosen:
                Decided = chosen.Value;
                return true;
            default:
                return false;
        }
    }

    private bool Count(Accepted accepted)
    {
        if (!_byBallot.TryGetValue(accepted.Ballot, out var entry))
        {
            entry = (accepted.Value, []);
            _byBallot[accepted.Ballot] = entry;
        }
        else if (!entry.Value.Equals(accepted.Value))
        {
            // One ballot carries at most one value; seeing two means an acceptor or proposer broke the rules.
            SawConflict = true;
            return false;
        }

        entry.Acceptors.Add(accepted.From);
        if (entry.Acceptors.Count < _quorum)
        {
            return false;
        }

        Decided = entry.Value;
        DecidedBallot = accepted.Ballot;
        return true;
    }
}
