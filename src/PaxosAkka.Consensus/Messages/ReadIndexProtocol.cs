namespace PaxosAkka.Consensus;

/// <summary>
/// Linearizable reads without a log slot (etcd's ReadIndex; the Paxos "the leader confirms it still leads" read).
/// A read that reaches the leader records its read index, the highest slot the leader has assigned so far; the
/// leader then asks every acceptor to confirm its ballot (<see cref="ConfirmLeadership"/>), batching every read that
/// arrived before the round into one round. Once a phase-2-sized quorum answered that it promised nothing above the
/// leader's ballot, and the local store has applied everything up to the read index, the read is served from the
/// store without going through the log.
/// </summary>
/// <remarks>
/// Why this is linearizable. Let t0 be the moment the read reached the leader (the read was invoked before t0), b
/// the leader's ballot and r its read index. Claim: every write acknowledged before t0 sits in a slot at most r.
/// Such a write was chosen before t0 in some slot s, by some ballot b'.
/// (1) b' &gt; b is impossible: the b' proposer first got a phase-1 quorum to promise b' (before t0), every phase-1
/// quorum meets every phase-2 quorum, and the confirmation quorum is a phase-2 quorum; so one confirming acceptor
/// had promised b' &gt; b before t0, and since promises only grow (and are durable before a Promise leaves), its
/// answer, produced after it received a round sent after t0, would have said so and the read is refused.
/// (2) b' = b: the leader assigned s itself, before t0, so s &lt;= r.
/// (3) b' &lt; b: a phase-2 quorum accepted (s, b'); it meets the leader's phase-1 quorum, whose member accepted
/// (s, b') before promising b (afterwards it refuses b') and so reported slot s in its Promise (or s was already
/// below the first unchosen slot the phase 1 started from). The leader's adopted range, and so r, covers s.
/// The store then answers from a state that applied every slot up to at least r: it contains every write
/// acknowledged before the read began, and only chosen writes, each of which was invoked before the answer. That
/// state is a legal linearization point between t0 and the answer. Any doubt (a higher promise reported, a new
/// campaign, no quorum within the timeout) refuses the read; the host then falls back to the log, never to a
/// possibly stale value.
/// </remarks>
public static class ReadIndexProtocol
{
    /// <summary>
    /// The leader asks an acceptor to confirm ballot <paramref name="Ballot"/> for read round <paramref name="Round"/>.
    /// Nothing is persisted: the acceptor only reports its promise.
    /// </summary>
    public sealed record ConfirmLeadership(int From, int To, Ballot Ballot, long Round) : PaxosMessage(From, To);

    /// <summary>
    /// An acceptor's answer to <see cref="ConfirmLeadership"/>: the ballot <paramref name="Promised"/> it holds at
    /// the time of answering. It confirms <paramref name="Ballot"/> iff <paramref name="Promised"/> is not above it.
    /// </summary>
    public sealed record LeadershipConfirmation(int From, int To, Ballot Ballot, long Round, Ballot Promised) : PaxosMessage(From, To);
}

/// <summary>
/// The read with host token <paramref name="Token"/> may be served once the local store applied every slot up to
/// <paramref name="ReadIndex"/> (-1: nothing needs to be applied).
/// </summary>
public sealed record ReadIndexConfirmed(long Token, long ReadIndex) : ProposerEvent;

/// <summary>
/// The read with host token <paramref name="Token"/> could not be confirmed (not leading, preempted, no quorum in
/// time): the host must not serve it locally; it may order it through the log instead.
/// </summary>
public sealed record ReadIndexRefused(long Token) : ProposerEvent;
