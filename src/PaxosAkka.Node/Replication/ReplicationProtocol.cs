using System.Collections.Immutable;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Store;

namespace PaxosAkka.Node.Replication;

/// <summary>
/// Messages of the replicated stores (reference system 004: read-one / write-all-available with two-phase
/// commit driven by the coordinating learner). A transaction is a run of consecutive chosen slots; its id is
/// its first slot, and <c>Attempt</c> tells a retry (after an abort) from the earlier try. <c>From</c> is the
/// sender's node id: stores answer the learner that asked, learners address stores by id.
/// </summary>
/// <remarks>
/// The values travel with Prepare AND Commit: a slot's value is fixed by Paxos, so a store may apply it from a
/// Commit even when a competing coordinator replaced or aborted its prepared copy. That is what makes two
/// coordinators at once (a falsely suspected learner) harmless: they can only ever apply the same values in the
/// same order.
/// </remarks>
public static class ReplicationProtocol
{
    /// <summary>Name of the actor (child of <c>/user/node</c>) that completes client requests answered by a coordinating learner.</summary>
    public const string ClientRepliesRole = "client-replies";

    /// <summary>Phase 1: store <c>To</c>, can you apply these slots next? Nothing becomes visible yet.</summary>
    public sealed record StorePrepare(int From, long Slot, int Attempt, ImmutableArray<ChosenEntry> Entries);

    /// <summary>A store's vote on <see cref="StorePrepare"/>; No carries how far it is (it is behind and must catch up).</summary>
    public sealed record StoreVote(int From, long Slot, int Attempt, bool Yes, long AppliedSlot);

    /// <summary>Phase 2: apply the prepared slots (the values come along, see the remarks on the protocol).</summary>
    public sealed record StoreCommit(int From, long Slot, int Attempt, ImmutableArray<ChosenEntry> Entries);

    /// <summary>The store applied the transaction; the answers of the commands it applied itself (empty when it already had them).</summary>
    public sealed record StoreCommitted(int From, long Slot, int Attempt, long AppliedSlot, ImmutableArray<CommandResult> Results);

    /// <summary>Phase 2 when a vote was No or missing: forget the prepared slots (nothing was applied).</summary>
    public sealed record StoreAbort(int From, long Slot, int Attempt);

    /// <summary>What have you applied and prepared? (takeover by a new coordinator, and probing of stores out of sync).</summary>
    public sealed record StoreQuery(int From);

    /// <summary>A store's state: the last slot it applied and the first slot of the transaction it holds prepared, if any.</summary>
    public sealed record StoreStatus(int From, long AppliedSlot, long? PreparedSlot);

    /// <summary>Slots committed at the other stores, for a store that is behind; it answers with its <see cref="StoreStatus"/>.</summary>
    public sealed record StoreCatchUp(int From, ImmutableArray<ChosenEntry> Entries);

    /// <summary>
    /// To a store that came back empty or is far behind: install a snapshot of store <paramref name="Source"/> (an
    /// in-sync peer), then report your <see cref="StoreStatus"/> to learner <paramref name="From"/>, which catches
    /// you up from the learned log after the snapshot's slot. Sent again now and then until the store reports in;
    /// a store whose transfer is still progressing ignores the repeat.
    /// </summary>
    public sealed record StoreInstallSnapshot(int From, int Source);

    /// <summary>
    /// Store to store: chunk <paramref name="Chunk"/> of snapshot <paramref name="SnapshotId"/>. Chunk 0 asks for a
    /// new snapshot (the source captures one and keeps it, frozen, until its last chunk was asked for).
    /// <paramref name="Attempt"/> numbers the requester's transfers and comes back with each chunk, so an answer to
    /// an abandoned transfer is told apart and ignored.
    /// </summary>
    public sealed record StoreSnapshotRequest(int From, int Attempt, long SnapshotId, int Chunk);

    /// <summary>
    /// One bounded part of a source store's snapshot as of <paramref name="AppliedSlot"/>: keys, sessions,
    /// remembered answers and the Idempotency-Key table (fingerprints with their answers), in order. <paramref name="Count"/> is the number of chunks; 0 means the source cannot
    /// serve that snapshot any more (it restarted or started another one), and the transfer begins again.
    /// </summary>
    public sealed record StoreSnapshotChunk(
        int From,
        int Attempt,
        long SnapshotId,
        int Chunk,
        int Count,
        long AppliedSlot,
        long Revision,
        ImmutableArray<KvSnapshotEntry> Entries,
        ImmutableArray<ClientSessionState> Sessions,
        ImmutableArray<KvSnapshotResult> Results,
        ImmutableArray<RememberedAnswer> IdempotentAnswers);

    /// <summary>The answers of committed commands, sent by the coordinating learner to each node that serves clients.</summary>
    public sealed record ClientReplies(ImmutableArray<CommandResult> Results);
}

/// <summary>The answer of one applied command.</summary>
public sealed record CommandResult(CommandId Id, KvResult Result);
