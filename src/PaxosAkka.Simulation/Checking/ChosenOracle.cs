using System.Numerics;
using PaxosAkka.Consensus;

namespace PaxosAkka.Simulation.Checking;

/// <summary>
/// The ground truth of what is chosen, computed from the acceptors' durable votes rather than from any
/// learner: a value is chosen in a slot once a phase-2 quorum of acceptors has durably accepted it under one
/// ballot (Paxos Made Simple §2.2). Votes are kept for all time, so a crash that makes an acceptor forget can
/// never hide an earlier choice — which is what makes Agreement here also cover Durability.
/// </summary>
internal sealed class ChosenOracle
{
    private readonly int _phase2Size;
    private readonly Dictionary<long, Dictionary<Ballot, Votes>> _votes = [];
    private readonly Dictionary<long, (Ballot Ballot, SlotValue Value)> _chosen = [];

    public ChosenOracle(int phase2Size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(phase2Size, 1);
        _phase2Size = phase2Size;
    }

    /// <summary>Number of slots known chosen.</summary>
    public int Count => _chosen.Count;

    /// <summary>The highest chosen slot, or -1.</summary>
    public long MaxSlot { get; private set; } = -1;

    /// <summary>Length of the gap-free chosen prefix: slots 0..ContiguousCount-1 are all chosen.</summary>
    public long ContiguousCount { get; private set; }

    public bool TryGetChosen(long slot, out SlotValue value)
    {
        if (_chosen.TryGetValue(slot, out var chosen))
        {
            value = chosen.Value;
            return true;
        }

        value = SlotValue.NoOp;
        return false;
    }

    /// <summary>
    /// Records that <paramref name="acceptor"/> durably accepted <paramref name="value"/> in
    /// <paramref name="slot"/> under <paramref name="ballot"/>. Returns what that vote means for safety.
    /// </summary>
    public VoteOutcome RecordVote(int acceptor, long slot, Ballot ballot, SlotValue value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(acceptor);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(acceptor, 63);
        ArgumentNullException.ThrowIfNull(value);
        if (!_votes.TryGetValue(slot, out var byBallot))
        {
            byBallot = [];
            _votes[slot] = byBallot;
        }

        if (!byBallot.TryGetValue(ballot, out var votes))
        {
            votes = new Votes(value);
            byBallot[ballot] = votes;
        }
        else if (!votes.Value.Equals(value))
        {
            // One ballot belongs to one proposer, which proposes one value per slot (P2a needs this).
            return VoteOutcome.ConflictInBallot(votes.Value);
        }

        votes.Acceptors |= 1UL << acceptor;
        if (BitOperations.PopCount(votes.Acceptors) < _phase2Size)
        {
            return VoteOutcome.NotChosen;
        }

        if (_chosen.TryGetValue(slot, out var earlier))
        {
            return earlier.Value.Equals(value) ? VoteOutcome.AlreadyChosen : VoteOutcome.ConflictingChoice(earlier.Ballot, earlier.Value);
        }

        _chosen[slot] = (ballot, value);
        MaxSlot = Math.Max(MaxSlot, slot);
        while (_chosen.ContainsKey(ContiguousCount))
        {
            ContiguousCount++;
        }

        return VoteOutcome.NewlyChosen;
    }

    private sealed class Votes(SlotValue value)
    {
        public SlotValue Value { get; } = value;

        public ulong Acceptors { get; set; }
    }
}

/// <summary>What one recorded vote means.</summary>
internal readonly record struct VoteOutcome(VoteKind Kind, Ballot EarlierBallot, SlotValue? EarlierValue)
{
    public static VoteOutcome NotChosen => new(VoteKind.NotChosen, Ballot.Zero, null);

    public static VoteOutcome NewlyChosen => new(VoteKind.NewlyChosen, Ballot.Zero, null);

    public static VoteOutcome AlreadyChosen => new(VoteKind.AlreadyChosen, Ballot.Zero, null);

    public static VoteOutcome ConflictInBallot(SlotValue earlier) => new(VoteKind.ConflictInBallot, Ballot.Zero, earlier);

    public static VoteOutcome ConflictingChoice(Ballot ballot, SlotValue earlier) => new(VoteKind.ConflictingChoice, ballot, earlier);
}

internal enum VoteKind
{
    NotChosen,
    NewlyChosen,
    AlreadyChosen,
    ConflictInBallot,
    ConflictingChoice,
}
