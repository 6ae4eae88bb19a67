using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace PaxosAkka.Node.Store;

/// <summary>
/// What applying a <see cref="KvCommand"/> answered; the HTTP layer maps it to a status code. Results cross the
/// wire (a coordinating learner answers the node that took the request), so each kind has a stable JSON tag.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(KvWritten), "written")]
[JsonDerivedType(typeof(KvValue), "value")]
[JsonDerivedType(typeof(KvNotFound), "not-found")]
[JsonDerivedType(typeof(KvConflict), "conflict")]
[JsonDerivedType(typeof(KvAlreadyApplied), "already-applied")]
[JsonDerivedType(typeof(KvRejected), "rejected")]
[JsonDerivedType(typeof(KvIdempotencyConflict), "idempotency-conflict")]
[JsonDerivedType(typeof(KvListing), "listing")]
public abstract record KvResult;

/// <summary>A write took effect; <paramref name="Revision"/> is the store revision it created.</summary>
public sealed record KvWritten(long Revision) : KvResult;

/// <summary>A read found the key: its value and the revision that last modified it.</summary>
public sealed record KvValue(byte[] Value, long Revision) : KvResult;

/// <summary>The key does not exist (read or delete).</summary>
public sealed record KvNotFound : KvResult
{
    /// <summary>The single instance.</summary>
    public static KvNotFound Instance { get; } = new();
}

/// <summary>A compare-and-set found another value; <paramref name="Current"/> is it (null: absent).</summary>
public sealed record KvConflict(byte[]? Current) : KvResult;

/// <summary>
/// A retried command that was applied before, whose answer is no longer remembered (the result cache is
/// bounded). The write happened exactly once; only its revision is unknown.
/// </summary>
public sealed record KvAlreadyApplied : KvResult
{
    /// <summary>The single instance.</summary>
    public static KvAlreadyApplied Instance { get; } = new();
}

/// <summary>
/// A log entry that does not decode as a command (it cannot come from this node's HTTP layer, which validates
/// first). Every replica rejects it the same way, so the replicas stay identical.
/// </summary>
public sealed record KvRejected(string Reason) : KvResult;

/// <summary>
/// The request reused an Idempotency-Key that was first used for a different request (<paramref name="First"/>): it was
/// not applied and changed nothing, and it is not answered with the first request's answer (HTTP 422).
/// </summary>
/// <param name="IdempotencyKey">The reused key.</param>
/// <param name="First">What the key was first used for.</param>
/// <param name="Request">What this request asked for.</param>
public sealed record KvIdempotencyConflict(string IdempotencyKey, RequestFingerprint First, RequestFingerprint Request) : KvResult
{
    /// <summary>A sentence for the client naming both requests.</summary>
    public string Describe()
    {
        string request = First.Operation == Request.Operation && First.Key == Request.Key
            ? $"{Request} with a different {(Request.Operation == "CAS" ? "expected or new value" : "body")}"
            : Request.ToString();
        return $"Idempotency-Key {IdempotencyKey} was first used for {First}; this request is {request}. "
            + "A key names one request: send a new request with a new Idempotency-Key.";
    }
}
/// The answer to a <see cref="KvListCommand"/>: the keys found, in ordinal order, as of the listing's slot.
/// <paramref name="Next"/> is the cursor for the following page (pass it as the next listing's after-key), null when
/// no key with the prefix follows; <paramref name="Revision"/> is the store revision the listing saw.
/// </summary>
public sealed record KvListing(ImmutableArray<KvListedKey> Keys, string? Next, long Revision) : KvResult;

/// <summary>One key of a <see cref="KvListing"/>: the revision that last wrote it and its value's size in bytes.</summary>
public sealed record KvListedKey(string Key, long Revision, int Size);
