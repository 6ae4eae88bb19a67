using System.Collections.Immutable;

namespace PaxosAkka.Consensus;

/// <summary>
/// The part of an acceptor that must survive a crash (Paxos Made Simple §2.3: an acceptor must remember its
/// promise and what it accepted even if it fails and restarts). A host folds each <see cref="Ready"/> into
/// its copy with <see cref="Apply"/> and hands the result back to <see cref="Acceptor"/> on restart.
/// </summary>
/// <param name="Promised">Highest ballot promised; nothing below it may be accepted.</param>
/// <param name="Accepted">Highest-ballot accepted entry per slot.</param>
public sealed record AcceptorDurableState(Ballot Promised, ImmutableSortedDictionary<long, AcceptedEntry> Accepted)
{
    /// <summary>A fresh acceptor: promised nothing, accepted nothing.</summary>
    public static AcceptorDurableState Empty { get; } = new(Ballot.Zero, ImmutableSortedDictionary<long, AcceptedEntry>.Empty);

    /// <summary>
    /// Slots below this were chosen, snapshotted and dropped (see <see cref="Acceptor.Compact"/>); 0 when
    /// nothing is compacted. It is durable so that a restarted acceptor never pretends it accepted nothing there.
    /// </summary>
    public long CompactedBelow { get; init; }

    /// <summary>The state after making <paramref name="ready"/>'s promise and entries durable.</summary>
    public AcceptorDurableState Apply(Ready ready)
    {
        ArgumentNullException.ThrowIfNull(ready);
        var promised = ready.PromiseToPersist is { } p ? Ballot.Max(Promised, p) : Promised;
        var accepted = Accepted;
        foreach (var entry in ready.EntriesToPersist)
        {
            if (entry.Slot >= CompactedBelow)
            {
                accepted = accepted.SetItem(entry.Slot, entry);
            }
        }

        return this with { Promised = promised, Accepted = accepted };
    }

    /// <summary>The state after dropping accepted entries below <paramref name="belowSlot"/>.</summary>
    public AcceptorDurableState CompactBelow(long belowSlot)
    {
        if (belowSlot <= CompactedBelow)
        {
            return this;
        }

        var accepted = Accepted.RemoveRange(Accepted.Keys.TakeWhile(slot => slot < belowSlot));
        return this with { Accepted = accepted, CompactedBelow = belowSlot };
    }

    /// <summary>The highest ballot this state mentions (promise or any accepted entry).</summary>
    public Ballot HighestBallot =>
        Accepted.Values.Aggregate(Promised, (max, entry) => Ballot.Max(max, entry.Ballot));
}
