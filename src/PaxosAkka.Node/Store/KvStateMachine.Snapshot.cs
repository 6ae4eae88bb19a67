using System.Collections.Immutable;
using PaxosAkka.Consensus;

namespace PaxosAkka.Node.Store;

/// <summary>Capture and install of the whole replica state (a store that came back empty catches up from a peer).</summary>
public sealed partial class KvStateMachine
{
    /// <summary>
    /// A consistent copy of the state as of <see cref="AppliedSlot"/>: the keys, the session table (so a retried
    /// command stays applied once on the replica that installs it), the remembered answers (so a retry still gets
    /// its original answer) and the Idempotency-Key table with its fingerprints (so a key reused for another request is
    /// still refused, and the same keys are forgotten in the same order). Values are shared, not copied: a stored value array is never modified after its write.
    /// </summary>
    public KvSnapshot Capture()
    {
        var entries = _data
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new KvSnapshotEntry(kv.Key, kv.Value.Value, kv.Value.Revision))
            .ToImmutableArray();
        var sessions = _sessions.Export();
        var results = _resultOrder.Select(id => new KvSnapshotResult(id, _results[id])).ToImmutableArray();
        return new KvSnapshot(AppliedSlot, Revision, entries, sessions, results, _idempotency.Export());
    }

    /// <summary>
    /// A replica in exactly the state <paramref name="snapshot"/> captured: same keys and revisions, same session
    /// decisions for every command id and Idempotency-Key, same remembered answers; it applies slot
    /// <c>AppliedSlot + 1</c> next. With smaller bounds in <paramref name="options"/> than the source had, the oldest
    /// entries beyond them are forgotten, exactly as if they had been applied here.
    /// </summary>
    public static KvStateMachine Restore(KvSnapshot snapshot, StoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentOutOfRangeException.ThrowIfLessThan(snapshot.AppliedSlot, -1);
        var state = new KvStateMachine(options) { AppliedSlot = snapshot.AppliedSlot, Revision = snapshot.Revision };
        foreach (var entry in snapshot.Entries)
        {
            state._data[entry.Key] = new VersionedValue(entry.Value, entry.Revision);
            state._orderedKeys.Add(entry.Key);
        }

        foreach (var session in snapshot.Sessions)
        {
            state._sessions.Restore(session);
        }

        foreach (var result in snapshot.Results)
        {
            state.Remember(result.Id, result.Result);
        }

        // Oldest first, as exported: the restored table forgets keys in the same order as the captured one.
        foreach (var answer in snapshot.IdempotentAnswers.IsDefault ? [] : snapshot.IdempotentAnswers)
        {
            state._idempotency.Remember(answer.IdempotencyKey, answer.Fingerprint, answer.Result);
        }

        return state;
    }
}

/// <summary>The whole replica state as of <paramref name="AppliedSlot"/> (see <see cref="KvStateMachine.Capture"/>).</summary>
/// <param name="AppliedSlot">The last slot applied to this state; -1 for an empty one.</param>
/// <param name="Revision">The store revision.</param>
/// <param name="Entries">Every key, in ordinal order.</param>
/// <param name="Sessions">The session table, per client.</param>
/// <param name="Results">The remembered answers of node-sequenced requests, oldest first.</param>
/// <param name="IdempotentAnswers">The Idempotency-Key table (fingerprint and answer per key), oldest first.</param>
public sealed record KvSnapshot(
    long AppliedSlot,
    long Revision,
    ImmutableArray<KvSnapshotEntry> Entries,
    ImmutableArray<ClientSessionState> Sessions,
    ImmutableArray<KvSnapshotResult> Results,
    ImmutableArray<RememberedAnswer> IdempotentAnswers);

/// <summary>One key with its value and the revision that last wrote it.</summary>
public sealed record KvSnapshotEntry(string Key, byte[] Value, long Revision);

/// <summary>A remembered answer of an applied command.</summary>
public sealed record KvSnapshotResult(CommandId Id, KvResult Result);
