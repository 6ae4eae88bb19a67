namespace PaxosAkka.Remote.Transport;

/// <summary>
/// One end of a connection on a simulated <see cref="InMemoryNetwork"/>. Sending puts flights on the virtual wire;
/// an arriving flight completes a pending receive inline (no thread pool hop), or waits in a buffer for the next one.
/// Same contract as TCP: frames whole and in order, FIN reads as null, a reset fails the read with an
/// <see cref="IOException"/>, writes after a local close fail.
/// </summary>
internal sealed class InMemorySimulatedConnection : IFrameConnection, IInMemoryConnectionEnd
{
    private readonly InMemoryNetwork _network;
    private readonly int _maximumFrameSize;
    private readonly Lock _gate = new();
    private readonly Queue<(FlightKind Kind, byte[]? Frame)> _arrived = new();
    private InMemorySimulatedConnection? _peer;
    private TaskCompletionSource<byte[]?>? _pending;
    private CancellationTokenRegistration _pendingCancel;
    private bool _ended;
    private bool _closedLocally;

    private InMemorySimulatedConnection(InMemoryNetwork network, string local, string remote, int maximumFrameSize)
    {
        _network = network;
        Local = local;
        Remote = remote;
        _maximumFrameSize = maximumFrameSize;
    }

    public string Local { get; }

    public string Remote { get; }

    public string RemoteEndPoint => Remote;

    public static (InMemorySimulatedConnection Client, InMemorySimulatedConnection Server) CreatePair(
        InMemoryNetwork network, string client, string server, int maximumFrameSize)
    {
        var a = new InMemorySimulatedConnection(network, client, server, maximumFrameSize);
        var b = new InMemorySimulatedConnection(network, server, client, maximumFrameSize);
        a._peer = b;
        b._peer = a;
        network.Opened(a);
        network.Opened(b);
        return (a, b);
    }

    public ValueTask SendAsync(IReadOnlyList<byte[]> frames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frames);
        InMemorySimulatedConnection? peer;
        lock (_gate)
        {
            if (_closedLocally || _ended)
            {
                throw new IOException("connection closed");
            }

            peer = _peer;
        }

        foreach (var frame in frames)
        {
            if (frame.Length > _maximumFrameSize)
            {
                throw new RemoteProtocolException(FrameCodec.Describe(FrameReadStatus.TooLarge, frame.Length, _maximumFrameSize));
            }

            if (peer is null)
            {
                _network.CountDropped(); // The peer is gone but the reset has not reached us: bytes into the void.
                continue;
            }

            _network.Submit(Local, peer, FlightKind.Data, (byte[])frame.Clone());
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<byte[]?> ReceiveAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<byte[]?> pending;
        lock (_gate)
        {
            if (_arrived.TryDequeue(out var next))
            {
                return Take(next.Kind, next.Frame);
            }

            if (_ended || _closedLocally)
            {
                return ValueTask.FromResult<byte[]?>(null);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromCanceled<byte[]?>(cancellationToken);
            }

            if (_pending is not null)
            {
                throw new InvalidOperationException("only one receive may be pending on a connection");
            }

            // No RunContinuationsAsynchronously: the awaiting continuation runs inline where the frame arrives.
            pending = new TaskCompletionSource<byte[]?>();
            _pending = pending;
        }

        var registration = cancellationToken.Register(static s => ((InMemorySimulatedConnection)s!).CancelPending(), this);
        lock (_gate)
        {
            if (ReferenceEquals(_pending, pending))
            {
                _pendingCancel = registration;
            }
            else
            {
                registration.Unregister();
            }
        }

        return new ValueTask<byte[]?>(pending.Task);
    }

    /// <summary>A flight reached this end (called by the network, on the thread that advances the clock).</summary>
    internal void Arrive(FlightKind kind, byte[]? frame)
    {
        TaskCompletionSource<byte[]?>? waiter;
        lock (_gate)
        {
            if (_ended || _closedLocally)
            {
                return;
            }

            waiter = TakePending();
            if (waiter is null)
            {
                _arrived.Enqueue((kind, frame));
                return;
            }
        }

        Complete(waiter, kind, frame);
    }

    /// <summary>Reset under this end (the node died, or its peer's reset arrived).</summary>
    public void Abort() => Arrive(FlightKind.Reset, null);

    private ValueTask<byte[]?> Take(FlightKind kind, byte[]? frame)
    {
        if (kind == FlightKind.Data)
        {
            return ValueTask.FromResult(frame);
        }

        End();
        return kind == FlightKind.Fin
            ? ValueTask.FromResult<byte[]?>(null)
            : ValueTask.FromException<byte[]?>(new IOException("connection reset by peer"));
    }

    private void Complete(TaskCompletionSource<byte[]?> waiter, FlightKind kind, byte[]? frame)
    {
        if (kind != FlightKind.Data)
        {
            End();
        }

        switch (kind)
        {
            case FlightKind.Data:
                waiter.TrySetResult(frame);
                break;
            case FlightKind.Fin:
                waiter.TrySetResult(null);
                break;
            default:
                waiter.TrySetException(new IOException("connection reset by peer"));
                break;
        }
    }

    private void End()
    {
        lock (_gate)
        {
            _ended = true;
            _peer = null;
        }

        _network.Closed(this);
    }

    private TaskCompletionSource<byte[]?>? TakePending()
    {
        var waiter = _pending;
        _pending = null;
        _pendingCancel.Unregister();
        _pendingCancel = default;
        return waiter;
    }

    private void CancelPending()
    {
        TaskCompletionSource<byte[]?>? waiter;
        lock (_gate)
        {
            waiter = TakePending();
        }

        waiter?.TrySetCanceled();
    }

    public ValueTask DisposeAsync()
    {
        InMemorySimulatedConnection? peer;
        TaskCompletionSource<byte[]?>? waiter;
        lock (_gate)
        {
            if (_closedLocally)
            {
                return ValueTask.CompletedTask;
            }

            _closedLocally = true;
            peer = _ended ? null : _peer;
            _peer = null;
            waiter = TakePending();
        }

        _network.Closed(this);
        if (peer is not null)
        {
            _network.Submit(Local, peer, FlightKind.Fin, frame: null);
        }

        waiter?.TrySetResult(null);
        return ValueTask.CompletedTask;
    }
}
