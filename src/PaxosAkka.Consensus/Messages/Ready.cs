using System.Collections.Immutable;

namespace PaxosAkka.Consensus;

/// <summary>
/// Everything a role produced since the last <c>GetReady</c>: the durability contract of the core, after
/// etcd-raft's <c>Ready</c>. The host MUST make <see cref="PromiseToPersist"/> and <see cref="EntriesToPersist"/>
/// durable BEFORE sending any of <see cref="Messages"/>, applying <see cref="CommittedEntries"/> or acting on
/// <see cref="Events"/>; otherwise a crash could make an acceptor forget a promise or a vote it already
/// revealed, which breaks Paxos safety. Readies must be handled in the order they were produced.
/// </summary>
/// <param name="PromiseToPersist">The acceptor's new promised ballot, or null if unchanged.</param>
/// <param name="EntriesToPersist">Accepted entries to write (each replaces any older entry for its slot).</param>
/// <param name="Messages">Messages to send once the above are durable.</param>
/// <param name="CommittedEntries">Chosen slots in slot order, each delivered exactly once, to apply.</param>
/// <param name="Events">Proposer events for the host.</param>
public sealed record Ready(
    Ballot? PromiseToPersist,
    ImmutableArray<AcceptedEntry> EntriesToPersist,
    ImmutableArray<PaxosMessage> Messages,
    ImmutableArray<ChosenEntry> CommittedEntries,
    ImmutableArray<ProposerEvent> Events)
{
    /// <summary>A Ready with nothing in it.</summary>
    public static Ready Empty { get; } = new(null, [], [], [], []);

    /// <summary>True when there is nothing to persist, send, apply or report.</summary>
    public bool IsEmpty =>
        PromiseToPersist is null
        && EntriesToPersist.IsDefaultOrEmpty
        && Messages.IsDefaultOrEmpty
        && CommittedEntries.IsDefaultOrEmpty
        && Events.IsDefaultOrEmpty;

    /// <summary>True when the host has something to make durable before sending.</summary>
    public bool MustPersist => PromiseToPersist is not null || !EntriesToPersist.IsDefaultOrEmpty;
}
