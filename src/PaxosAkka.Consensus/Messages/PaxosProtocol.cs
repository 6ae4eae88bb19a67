using System.Collections.Immutable;

namespace PaxosAkka.Consensus;

/// <summary>
/// The messages of Multi-Paxos, named with the paper's nouns (Paxos Made Simple §2.2, §3). They are
/// immutable so a simulated network may duplicate, reorder and delay them freely.
/// </summary>
public static class PaxosProtocol
{
    /// <summary>Phase 1a: asks acceptors to promise <paramref name="Ballot"/> for every slot from <paramref name="FromSlot"/> on.</summary>
    public sealed record Prepare(int From, int To, Ballot Ballot, long FromSlot) : PaxosMessage(From, To);

    /// <summary>
    /// Phase 1b: the acceptor promises to accept nothing below <paramref name="Ballot"/> and reports, per slot
    /// from <paramref name="FromSlot"/>, the highest-ballot value it has accepted.
    /// </summary>
    public sealed record Promise(int From, int To, Ballot Ballot, long FromSlot, ImmutableArray<AcceptedEntry> Accepted)
        : PaxosMessage(From, To)
    {
        /// <summary>
        /// Slots below this were chosen and compacted away by the acceptor, so it cannot report them; a new
        /// leader must not propose there (they are learned through catch-up instead). 0 when nothing is compacted.
        /// </summary>
        public long CompactedBelow { get; init; }

        /// <summary>
        /// The acceptor reported every entry it holds in [<see cref="FromSlot"/>, ReportedBelow) and nothing above:
        /// its reply hit the <see cref="AcceptorOptions"/> bound and the proposer must ask again from here (same
        /// ballot) before it may propose above. <see cref="long.MaxValue"/> (the default): the report is complete.
        /// </summary>
        public long ReportedBelow { get; init; } = long.MaxValue;
    }

    /// <summary>Phase 2a: asks acceptors to accept <paramref name="Value"/> in <paramref name="Slot"/> under <paramref name="Ballot"/>.</summary>
    public sealed record Accept(int From, int To, Ballot Ballot, long Slot, SlotValue Value) : PaxosMessage(From, To);

    /// <summary>Phase 2b: the acceptor accepted; sent to the proposer and to every learner.</summary>
    public sealed record Accepted(int From, int To, Ballot Ballot, long Slot, SlotValue Value) : PaxosMessage(From, To);

    /// <summary>
    /// Refusal of a Prepare or Accept whose ballot <paramref name="Rejected"/> is below the acceptor's promise
    /// <paramref name="Promised"/>; tells the proposer what it must outbid.
    /// </summary>
    public sealed record Nack(int From, int To, Ballot Rejected, Ballot Promised) : PaxosMessage(From, To)
    {
        /// <summary>
        /// Non-zero when the refused Accept was for a slot below the acceptor's compaction point: every slot
        /// below this value was chosen and captured in a snapshot, so the proposer must stop driving those slots
        /// (their value is learned through catch-up or a snapshot, never assumed). 0 for a plain ballot refusal.
        /// </summary>
        public long CompactedBelow { get; init; }
    }

    /// <summary>The leader tells learners a slot is chosen, saving them from counting votes or catching up.</summary>
    public sealed record Chosen(int From, int To, long Slot, SlotValue Value) : PaxosMessage(From, To);

    /// <summary>A learner with a gap asks another learner for chosen entries from <paramref name="FromSlot"/>.</summary>
    public sealed record CatchUpRequest(int From, int To, long FromSlot) : PaxosMessage(From, To)
    {
        /// <summary>
        /// When true the request is for the recipient's ACCEPTOR, which answers by re-sending its
        /// <see cref="Accepted"/> entries from <see cref="FromSlot"/> on; the learner then counts them like any
        /// Accepted (a slot is chosen once a phase-2 quorum reports the same ballot). False (the default): the
        /// recipient's learner answers with a <see cref="CatchUpReply"/>.
        /// </summary>
        public bool ForAcceptor { get; init; }

        /// <summary>
        /// When true the request is for the recipient's PROPOSER: if it leads, it re-runs phase 1 with its own
        /// ballot over the learner's gap and phase 2 for every value reported there, so a fresh same-ballot
        /// quorum (and a Chosen) is produced for slots whose acceptors hold the chosen value under mixed ballots.
        /// </summary>
        public bool ForLeader { get; init; }
    }

    /// <summary>Chosen entries answering a <see cref="CatchUpRequest"/>.</summary>
    public sealed record CatchUpReply(int From, int To, ImmutableArray<ChosenEntry> Entries) : PaxosMessage(From, To);
}
