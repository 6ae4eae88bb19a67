using System.Threading.Channels;
using PaxosAkka.Remote.Handshake;
using PaxosAkka.Remote.Transport;

namespace PaxosAkka.Remote.Endpoint;

/// <summary>
/// The outbound half of the association with one remote node: a bounded queue drained in order by one
/// writer over one connection at a time. It connects, handshakes, pumps, and on any failure reconnects
/// with backoff; the queue survives reconnects, so order per sender/receiver pair is kept and only the batch
/// in flight when a connection breaks can be lost (at-most-once).
/// </summary>
internal sealed partial class Association
{
    private const int MaximumBatch = 256;

    private readonly EndpointManager _owner;
    private readonly RemoteAddress _remote;
    private readonly Channel<byte[]> _queue;
    private readonly CancellationTokenSource _stop;
    private readonly Random _jitter;
    private CancellationTokenSource? _connectionCut;
    private long _remoteUid;
    private long _dropped;
    private bool _lost;
    private bool _connected;
    private Task _run = Task.CompletedTask;

    public Association(EndpointManager owner, RemoteAddress remote)
    {
        _owner = owner;
        _remote = remote;
        _queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(owner.Settings.OutboundQueueSize)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,

            // Simulations (in-memory transport on virtual time) run the association inline: no thread pool hops.
            AllowSynchronousContinuations = InMemoryTransport.IsInline(owner.Transport),
        });
        _stop = CancellationTokenSource.CreateLinkedTokenSource(owner.ShutdownToken);
#pragma warning disable CA5394 // Jitter replays from the node's uid; not security randomness.
        _jitter = new Random(HashCode.Combine(owner.Uid, remote));
#pragma warning restore CA5394
    }

    /// <summary>True while the association is down and has been for longer than node-loss-timeout.</summary>
    public bool IsLost => Volatile.Read(ref _lost);

    public void Start() => _run = InMemoryTransport.IsInline(_owner.Transport) ? RunAsync(_stop.Token) : Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Queues a frame; false (logged) when the queue is full.</summary>
    public bool TryEnqueue(byte[] frame)
    {
        if (_queue.Writer.TryWrite(frame))
        {
            return true;
        }

        var dropped = Interlocked.Increment(ref _dropped);
        if (dropped == 1 || dropped % 10_000 == 0)
        {
            LogQueueFull(_owner.Log, _remote, _owner.Settings.OutboundQueueSize, dropped);
        }

        return false;
    }

    /// <summary>The incarnation we talk to is dead: drop what is queued for it and cut the connection.</summary>
    public void OnQuarantined(long uid)
    {
        if (Interlocked.Read(ref _remoteUid) != uid)
        {
            return;
        }

        DropQueued();
        try
        {
            _connectionCut?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connection already ended on its own.
        }
    }

    /// <summary>
    /// Stops the association. While connected, what is already queued (death watch notices of actors stopped
    /// by a graceful shutdown, last replies) gets up to shutdown-flush-timeout to leave before the cut.
    /// </summary>
    public async Task StopAsync()
    {
        _queue.Writer.TryComplete();
        if (Volatile.Read(ref _connected))
        {
            try
            {
                await _run.WaitAsync(_owner.Settings.ShutdownFlushTimeout, _owner.Time);
            }
            catch (TimeoutException)
            {
                // The peer does not drain fast enough; what is left is lost (at-most-once).
            }
        }

        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var attempt = 0;
        long? downSince = null;
        var lossReported = false;
        while (!stop.IsCancellationRequested)
        {
            bool associated;
            try
            {
                associated = await TryAssociateAndPumpAsync(stop);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Whatever one connection's life throws, the association outlives it: a loop that ended here
                // would never reach this peer again (a restarted node stayed unreachable for good).
                LogConnectionFault(_owner.Log, _remote, e);
                associated = false;
            }

            if (_queue.Reader.Completion.IsCompleted)
            {
                return; // Stopping, and everything queued has been written (or the connection is gone).
            }

            if (associated)
            {
                attempt = 0;
                downSince = null;
                lossReported = false;
                Volatile.Write(ref _lost, false);
            }

            if (stop.IsCancellationRequested)
            {
                break;
            }

            downSince ??= _owner.Time.GetTimestamp();
            if (!lossReported && _owner.Time.GetElapsedTime(downSince.Value) >= _owner.Settings.NodeLossTimeout)
            {
                lossReported = true;
                Volatile.Write(ref _lost, true);
                _owner.OnAssociationLost(_remote);
            }

            var delay = Backoff.Next(
                attempt++, _owner.Settings.ReconnectBackoffMin, _owner.Settings.ReconnectBackoffMax,
                _owner.Settings.ReconnectBackoffRandomFactor, _jitter);
            try
            {
                await Task.Delay(delay, _owner.Time, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One connection's life. Returns true when the handshake succeeded (the backoff restarts).</summary>
    private async Task<bool> TryAssociateAndPumpAsync(CancellationToken stop)
    {
        IFrameConnection? connection = null;
        var associated = false;
        try
        {
            NodeIdentity? peer;
            (connection, peer) = await ConnectAndHandshakeAsync(stop);
            if (connection is null || peer is null)
            {
                return false;
            }

            associated = true;
            Volatile.Write(ref _connected, true);
            using var cut = CancellationTokenSource.CreateLinkedTokenSource(stop);
            _connectionCut = cut;
            Interlocked.Exchange(ref _remoteUid, peer.Uid);
            _owner.OnPeerIncarnation(peer, outbound: true);
            LogAssociated(_owner.Log, peer);
            await PumpAsync(connection, cut.Token);
            if (!stop.IsCancellationRequested)
            {
                LogDisassociated(_owner.Log, _remote, "connection closed");
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (OperationCanceledException)
        {
            LogDisassociated(_owner.Log, _remote, "connection cut (quarantined)");
        }
        catch (IOException e)
        {
            LogConnectFailed(_owner.Log, _remote, e.Message);
        }
        catch (RemoteProtocolException e)
        {
            LogProtocolError(_owner.Log, _remote, e.Message);
        }
        finally
        {
            Volatile.Write(ref _connected, false);
            _connectionCut = null;
            if (connection is not null)
            {
                await DisposeQuietlyAsync(connection);
            }
        }

        return associated;
    }

    /// <summary>
    /// Connects and runs the handshake, both within handshake-timeout (a blackholed peer must not hold the
    /// association for the operating system's connect timeout). Returns the connection even on failure so the
    /// caller disposes it.
    /// </summary>
    private async Task<(IFrameConnection? Connection, NodeIdentity? Peer)> ConnectAndHandshakeAsync(CancellationToken stop)
    {
        using var timeout = new CancellationTokenSource(_owner.Settings.HandshakeTimeout, _owner.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, timeout.Token);
        IFrameConnection? connection = null;
        try
        {
            connection = await _owner.Transport.ConnectAsync(_remote.Host, _remote.Port, linked.Token);
            var peer = await Handshaker.RunClientAsync(connection, _owner.Local, _remote, _owner.Key, linked.Token);
            if (_owner.IsQuarantined(peer))
            {
                LogPeerQuarantined(_owner.Log, peer);
                DropQueued();
                return (connection, null);
            }

            return (connection, peer);
        }
        catch (HandshakeRefusedException e)
        {
            if (e.ByPeer)
            {
                LogRefusedByPeer(_owner.Log, _remote, e.Message);
            }
            else
            {
                LogRefusedPeer(_owner.Log, _remote, e.Message);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !stop.IsCancellationRequested)
        {
            LogHandshakeTimedOut(_owner.Log, _remote, _owner.Settings.HandshakeTimeout);
        }
        catch when (connection is not null)
        {
            // The caller never sees this connection: close it here, then let the caller log the failure.
            await DisposeQuietlyAsync(connection);
            throw;
        }

        return (connection, null);
    }

    /// <summary>
    /// Drains the queue into the connection in batches. A concurrent read notices the peer closing (the
    /// server never sends after Accept), so a dead peer is detected even when we have nothing to send.
    /// </summary>
    private async Task PumpAsync(IFrameConnection connection, CancellationToken cut)
    {
        using var readerStop = CancellationTokenSource.CreateLinkedTokenSource(cut);
        var closed = WatchForCloseAsync(connection, readerStop.Token);
        var batch = new List<byte[]>(MaximumBatch);
        try
        {
            while (true)
            {
                while (batch.Count < MaximumBatch && _queue.Reader.TryRead(out var frame))
                {
                    batch.Add(frame);
                }

                if (batch.Count > 0)
                {
                    await connection.SendAsync(batch, cut);
                    batch.Clear();
                    continue;
                }

                var ready = _queue.Reader.WaitToReadAsync(cut).AsTask();
                if (await Task.WhenAny(ready, closed) == closed || !await ready)
                {
                    return;
                }
            }
        }
        finally
        {
            await readerStop.CancelAsync();
            await closed;
        }
    }

    private static async Task WatchForCloseAsync(IFrameConnection connection, CancellationToken stop)
    {
        try
        {
            while (await connection.ReceiveAsync(stop) is not null)
            {
                // Nothing is expected after Accept; anything else is ignored.
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }
        catch (RemoteProtocolException)
        {
        }
    }

    /// <summary>
    /// Closing a connection whose peer died may fail (a pipe writer re-flushing into a reset socket throws
    /// 'Broken pipe'); the connection is gone either way, and the failure must not end the reconnect loop.
    /// </summary>
    private async Task DisposeQuietlyAsync(IFrameConnection connection)
    {
        try
        {
            await connection.DisposeAsync();
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ObjectDisposedException or RemoteProtocolException)
        {
            LogCloseFailed(_owner.Log, _remote, e.Message);
        }
    }

    private void DropQueued()
    {
        var count = 0;
        while (_queue.Reader.TryRead(out _))
        {
            count++;
        }

        if (count > 0)
        {
            LogDroppedQueued(_owner.Log, _remote, count);
        }
    }
}
