using PaxosAkka.Consensus;

namespace PaxosAkka.Node.Store;

/// <summary>
/// The replicated key-value state: applies chosen slots in slot order, each exactly once, and each client
/// command at most once (a retried command chosen twice is answered from memory, not applied again).
/// Deterministic: the same log gives every replica the same state and the same answers.
/// </summary>
public sealed partial class KvStateMachine
{
    private readonly Dictionary<string, VersionedValue> _data = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _orderedKeys = new(StringComparer.Ordinal);
    private readonly SessionTable _sessions = new();
    private readonly Dictionary<CommandId, KvResult> _results = [];
    private readonly Queue<CommandId> _resultOrder = new();

    /// <summary>Creates an empty store that remembers up to <paramref name="resultCacheSize"/> answers for retries.</summary>
    public KvStateMachine(int resultCacheSize = 100_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resultCacheSize, 1);
        ResultCacheSize = resultCacheSize;
    }

    /// <summary>How many recent answers are kept so a retry gets the original answer.</summary>
    public int ResultCacheSize { get; }

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

    private KvResult ApplyOnce(Command command)
    {
        if (!_sessions.TryApply(command.Id))
        {
            return _results.TryGetValue(command.Id, out var earlier) ? earlier : KvAlreadyApplied.Instance;
        }

        KvResult result;
        try
        {
            result = Execute(KvCommandCodec.Decode(command.Payload));
        }
        catch (FormatException e)
        {
            result = new KvRejected(e.Message);
        }

        Remember(command.Id, result);
        return result;
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
        while (_resultOrder.Count > ResultCacheSize)
        {
            _results.Remove(_resultOrder.Dequeue());
        }
    }

    private sealed record VersionedValue(byte[] Value, long Revision);
}
