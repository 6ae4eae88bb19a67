using PaxosAkka.Node.Store;

namespace PaxosAkka.Node.Roles;

/// <summary>Read-index reads served by the local <see cref="StoreActor"/> (see <c>StoreActor.ReadIndex.cs</c>).</summary>
public static class StoreReadProtocol
{
    /// <summary>
    /// Answer the sender with the value of <paramref name="Key"/> (a <c>KvValue</c> or <c>KvNotFound</c>) once every
    /// slot up to <paramref name="ReadIndex"/> is applied. Local only: the proposer sends it after the leader
    /// confirmed the read index.
    /// </summary>
    public sealed record ServeRead(string Key, long ReadIndex);

    /// <summary>
    /// Answer the sender with what this store's Idempotency-Key table decides for the request now: the remembered
    /// answer (same request) or a <c>KvIdempotencyConflict</c> (a different one), else <see cref="NotRemembered"/>.
    /// Local only: the node's service asks before it proposes a keyed request (see <c>PaxosKvService.Idempotency.cs</c>).
    /// </summary>
    public sealed record RecallIdempotent(string IdempotencyKey, RequestFingerprint Fingerprint);

    /// <summary>The store does not remember the key: the request goes to the log.</summary>
    public sealed record NotRemembered
    {
        /// <summary>The single instance.</summary>
        public static NotRemembered Instance { get; } = new();
    }
}
