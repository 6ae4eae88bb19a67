using System.Collections.Immutable;

namespace PaxosAkka.Node.Store;

/// <summary>
/// The session table of Idempotency-Key requests, part of the replicated state: per key, the fingerprint of the request
/// first applied with it and that request's answer. The rule: the same request again gets the remembered answer and is
/// not applied again; a different request with the same key is a conflict and is not applied at all; a key the table
/// does not hold (never seen, or forgotten) is a new request.
/// </summary>
/// <remarks>
/// Bounded by <see cref="Capacity"/> keys: the key remembered longest ago (in apply order) is forgotten first. Apply
/// order is the same on every replica, so all forget the same keys at the same slot. A retry does not refresh its
/// key's place: retention is counted from the first use, which is what the README promises.
/// </remarks>
public sealed class IdempotencyTable
{
    private readonly Dictionary<string, RememberedAnswer> _byKey = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <summary>Creates an empty table that remembers at most <paramref name="capacity"/> keys.</summary>
    public IdempotencyTable(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>Most keys remembered at once.</summary>
    public int Capacity { get; }

    /// <summary>Keys remembered now (never more than <see cref="Capacity"/>).</summary>
    public int Count => _byKey.Count;

    /// <summary>
    /// The answer for a request with <paramref name="idempotencyKey"/> and <paramref name="fingerprint"/> if the table
    /// decides it: the remembered answer for the same request, a <see cref="KvIdempotencyConflict"/> for a different
    /// one; null when the key is not remembered (a new request: apply it, then <see cref="Remember"/>). Changes nothing.
    /// </summary>
    public KvResult? Recall(string idempotencyKey, RequestFingerprint fingerprint)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        ArgumentNullException.ThrowIfNull(fingerprint);
        if (!_byKey.TryGetValue(idempotencyKey, out var remembered))
        {
            return null;
        }

        return remembered.Fingerprint == fingerprint
            ? remembered.Result
            : new KvIdempotencyConflict(idempotencyKey, remembered.Fingerprint, fingerprint);
    }

    /// <summary>Remembers the answer of a new request, forgetting the oldest key when the table is full.</summary>
    /// <exception cref="InvalidOperationException">The key is remembered already (callers <see cref="Recall"/> first).</exception>
    public void Remember(string idempotencyKey, RequestFingerprint fingerprint, KvResult result)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        ArgumentNullException.ThrowIfNull(fingerprint);
        ArgumentNullException.ThrowIfNull(result);
        if (!_byKey.TryAdd(idempotencyKey, new RememberedAnswer(idempotencyKey, fingerprint, result)))
        {
            throw new InvalidOperationException($"Idempotency-Key {idempotencyKey} is remembered already: a request with it is never applied twice");
        }

        _order.Enqueue(idempotencyKey);
        while (_order.Count > Capacity)
        {
            _byKey.Remove(_order.Dequeue());
        }
    }

    /// <summary>Every remembered key, oldest first: with <see cref="Remember"/> in that order a replica rebuilds the same table.</summary>
    public ImmutableArray<RememberedAnswer> Export() => [.. _order.Select(key => _byKey[key])];
}

/// <summary>What <see cref="IdempotencyTable"/> remembers of one key: the first request's fingerprint and its answer.</summary>
public sealed record RememberedAnswer(string IdempotencyKey, RequestFingerprint Fingerprint, KvResult Result);
