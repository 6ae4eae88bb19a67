namespace PaxosAkka.Node.Store;

/// <summary>
/// How much the replicated store remembers of answered requests (<c>paxos.node.store</c>; defaults in reference.conf).
/// Both bounds count entries and forget the oldest first in apply order, never by wall-clock time: every replica
/// applies the same log, so every replica forgets the same entries at the same slot and makes the same decisions.
/// </summary>
public sealed record StoreOptions
{
    /// <summary>
    /// Idempotency-Key requests remembered, in total (one answer and fingerprint per key; each key is its own client).
    /// When full, the key applied longest ago is forgotten, and a request reusing it afterwards is a new request.
    /// Default 100,000.
    /// </summary>
    public int MaxIdempotencyKeys { get; init; } = 100_000;

    /// <summary>
    /// Answers of node-sequenced requests (no Idempotency-Key) remembered for a retry chosen twice, in total over
    /// every client. A retry whose answer was forgotten is still applied once and answered "already applied" (its
    /// session says so). Default 100,000.
    /// </summary>
    public int MaxRememberedAnswers { get; init; } = 100_000;

    /// <summary>The defaults.</summary>
    public static StoreOptions Default { get; } = new();

    /// <summary>Throws when a bound is below 1.</summary>
    public StoreOptions Validated()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxIdempotencyKeys, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRememberedAnswers, 1);
        return this;
    }
}
