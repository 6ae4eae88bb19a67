namespace PaxosAkka.Linearizability;

/// <summary>
/// Records a concurrent history as clients run. Call <see cref="Invoke"/> just before a request leaves and
/// <see cref="Complete"/> or <see cref="CompleteUnknown"/> just after its answer (or its failure) arrives.
/// </summary>
/// <remarks>
/// Time is one shared counter rather than a clock: each event gets a position in the real order in which
/// threads recorded it, so real-time precedence is exact and ties cannot occur. Thread-safe.
/// </remarks>
public sealed class HistoryRecorder<TInput, TOutput>
{
    private readonly Lock _gate = new();
    private readonly List<Pending> _ops = [];
    private long _clock;

    /// <summary>Records the invocation of <paramref name="input"/> by <paramref name="clientId"/>; returns its handle.</summary>
    public int Invoke(int clientId, TInput input)
    {
        lock (_gate)
        {
            _ops.Add(new Pending(clientId, input, ++_clock));
            return _ops.Count - 1;
        }
    }

    /// <summary>Records the answer to operation <paramref name="handle"/>.</summary>
    public void Complete(int handle, TOutput output)
    {
        lock (_gate)
        {
            var op = Open(handle);
            op.Return = ++_clock;
            op.Output = output;
            op.Known = true;
        }
    }

    /// <summary>Records that operation <paramref name="handle"/> ended without saying whether it took effect.</summary>
    public void CompleteUnknown(int handle)
    {
        lock (_gate)
        {
            var op = Open(handle);
            op.Return = long.MaxValue;
            op.Known = false;
        }
    }

    /// <summary>
    /// The history so far. Operations still in flight count as unknown outcomes: they may or may not have
    /// taken effect.
    /// </summary>
    public IReadOnlyList<Operation<TInput, TOutput>> Snapshot()
    {
        lock (_gate)
        {
            return _ops.Select((p, i) => new Operation<TInput, TOutput>(
                i, p.ClientId, p.Input, p.Call, p.Return ?? long.MaxValue, p.Output, p.Known)).ToList();
        }
    }

    private Pending Open(int handle)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(handle);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(handle, _ops.Count);
        var op = _ops[handle];
        if (op.Return is not null)
        {
            throw new InvalidOperationException($"operation {handle} was already completed");
        }

        return op;
    }

    private sealed class Pending(int clientId, TInput input, long call)
    {
        public int ClientId { get; } = clientId;

        public TInput Input { get; } = input;

        public long Call { get; } = call;

        public long? Return { get; set; }

        public TOutput? Output { get; set; }

        public bool Known { get; set; }
    }
}
