using PaxosAkka.Consensus;

namespace PaxosAkka.Node.Store;

/// <summary>
/// The replicated key-value state: applies chosen slots in slot order, each exactly once, and each client
/// command at most once (a retried command chosen twice is answered from memory, not applied again).
/// Deterministic: the same log gives every replica the same state and the same answers.
/// </summary>
/// <remarks>
/// Two kinds of client share the log. A node's own sequenced requests (<c>node-{id}-{incarnation}</c>) are deduplicated
/// by the <see cref="SessionTable"/>. Idempotency-Key requests (<see cref="IdempotencyKeys"/>) are deduplicated by the
/// bounded <see cref="IdempotencyTable"/> alone, which also refuses a key reused for a different request: they never
/// enter the session table, which would otherwise keep one client per key forever.
/// </remarks>
public sealed partial class KvStateMachine
{
    private readonly Dictionary<string, VersionedValue> _data = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _orderedKeys = new(StringComparer.Ordinal);
    private readonly SessionTable _sessions = new();
    private readonly IdempotencyTable _idempotency;
    private readonly Dictionary<CommandId, KvResult> _results = [];
    private readonly Queue<CommandId> _resultOrder = new();

    /// <summary>Creates an empty store with the memory bounds of <paramref name="options"/> (the defaults when null).</summary>
    public KvStateMachine(StoreOptions? options = null)
    {
        Options = (options ?? StoreOptions.Default).Validated();
        _idempotency = new IdempotencyTable(Options.MaxIdempotencyKeys);
    }

    /// <summary>How much of the answered requests this store remembers.</summary>
    public StoreOptions Options { get; }

    /// <summary>Idempotency-Key requests remembered now (at most <see cref="StoreOptions.MaxIdempotencyKeys"/>).</summary>
    public int IdempotencyKeyCount => _idempotency.Count;

    /// <summary>Answers of node-sequenced requests remembered now (at most <see cref="StoreOptions.MaxRememberedAnswers"/>).</summary>
    public int RememberedAnswerCount => _results.Count;

    /// <summary>Node clients in the session table (Idempotency-Key requests never add one).</summary>
    public int SessionClientCount => _sessions.ClientCount;

    /// <summary>The last slot applied; -1 before any.</summary>
    public long AppliedSlot { get; private set; } = -1;

    /// <summary>The store revision: incremented by every write that changed something.</summary>
    public long Revision { get; private set; }

    /// <summary>Number of keys present.</summary>
    public int Count => _data.Count;

    /// <summary>
    /// Applies the chosen slot <paramref name="entry"/>, which must be the next one. Returns each command's
    /// answer, in batch order.
    /// </summary>
    /// <exception cref="InvalidOperationException">A slot out of order: applying it would break exactly-once.</exception>
    public IReadOnlyList<(CommandId Id, KvResult Result)> Apply(ChosenEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Slot != AppliedSlot + 1)
        {
            throw new InvalidOperationException($"slot {entry.Slot} applied out of order: the next slot is {AppliedSlot + 1}");
        }

        var results = new List<(CommandId, KvResult)>(entry.Value.Commands.Length);
        foreach (var command in entry.Value.Commands)
        {
            results.Add((command.Id, ApplyOnce(command)));
        }

        AppliedSlot = entry.Slot;
        return results;
    }

    /// <summary>The current value of <paramref name="key"/> as this replica has applied it (not linearizable by itself).</summary>
    public KvResult ReadLocal(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _data.TryGetValue(key, out var v) ? new KvValue(v.Value, v.Revision) : KvNotFound.Instance;
    }

    /// <summary>
    /// What this replica would answer a request with <paramref name="idempotencyKey"/> and <paramref name="fingerprint"/>
    /// without applying it: the remembered answer, a conflict, or null when the key is not remembered. A node asks
    /// before it proposes, so a reused key is refused without taking a log slot; the same decision is made again at
    /// apply time, which alone is authoritative (this replica may lag the log).
    /// </summary>
    public KvResult? RecallIdempotent(string idempotencyKey, RequestFingerprint fingerprint) => _idempotency.Recall(idempotencyKey, fingerprint);

    private KvResult ApplyOnce(Command command)
    {
        if (IdempotencyKeys.KeyOf(command.Id) is { } idempotencyKey)
        {
            return ApplyKeyed(idempotencyKey, command);
        }

        if (!_sessions.TryApply(command.Id))
        {
            return _results.TryGetValue(command.Id, out var earlier) ? earlier : KvAlreadyApplied.Instance;
        }

        var result = TryDecode(command.Payload, out string error) is { } decoded ? Execute(decoded) : new KvRejected(error);
        Remember(command.Id, result);
        return result;
    }

    /// <summary>
    /// An Idempotency-Key request: the fingerprint comes from the payload itself (never from the command id's sequence,
    /// which only routes answers), so every replica decides the same. A conflict changes nothing and is not remembered:
    /// the key keeps naming its first request. An undecodable entry is rejected and leaves the key unused.
    /// </summary>
    private KvResult ApplyKeyed(string idempotencyKey, Command command)
    {
        if (TryDecode(command.Payload, out string error) is not { } decoded)
        {
            return new KvRejected(error);
        }

        var fingerprint = RequestFingerprint.Of(decoded);
        if (_idempotency.Recall(idempotencyKey, fingerprint) is { } decided)
        {
            return decided;
        }

        var result = Execute(decoded);
        _idempotency.Remember(idempotencyKey, fingerprint, result);
        return result;
    }

    /// <summary>The command in <paramref name="payload"/>, or null with the reason it does not decode.</summary>
    private static KvCommand? TryDecode(byte[] payload, out string error)
    {
        try
        {
            error = "";
            return KvCommandCodec.Decode(payload);
        }
        catch (FormatException e)
        {
            error = e.Message;
            return null;
        }
    }

    private KvResult Execute(KvCommand command) => command switch
    {
        KvPutCommand put => Write(put.Key, put.Value),
        KvDeleteCommand delete => Delete(delete.Key),
        KvCasCommand cas => CompareAndSet(cas),
        KvReadCommand read => ReadLocal(read.Key),
        KvListCommand list => ListLocal(list.Prefix, list.After, list.Limit),
        _ => new KvRejected($"unknown command {command.GetType().Name}"),
    };

    private KvWritten Write(string key, byte[] value)
    {
        Revision++;
        _data[key] = new VersionedValue(value, Revision);
        _orderedKeys.Add(key);
        return new KvWritten(Revision);
    }

    private KvResult Delete(string key)
    {
        if (!_data.Remove(key))
        {
            return KvNotFound.Instance;
        }

        _orderedKeys.Remove(key);

        Revision++;
        return new KvWritten(Revision);
    }

    private KvResult CompareAndSet(KvCasCommand cas)
    {
        var current = _data.TryGetValue(cas.Key, out var v) ? v.Value : null;
        var matches = (current, cas.Expected) switch
        {
            (null, null) => true,
            (not null, not null) => current.AsSpan().SequenceEqual(cas.Expected),
            _ => false,
        };
        return matches ? Write(cas.Key, cas.Value) : new KvConflict(current);
    }

    private void Remember(CommandId id, KvResult result)
    {
        _results[id] = result;
        _resultOrder.Enqueue(id);
        while (_resultOrder.Count > Options.MaxRememberedAnswers)
        {
            _results.Remove(_resultOrder.Dequeue());
        }
    }

    private sealed record VersionedValue(byte[] Value, long Revision);
}
