using System.Collections.Concurrent;
using System.Threading.Channels;

namespace PaxosAkka.Remote.Transport;

/// <summary>
/// A transport inside one process over an <see cref="InMemoryNetwork"/>, with the TCP contract: whole
/// frames in order per connection, the same maximum frame size, and handlers isolated from each other.
/// On a simulated network (<see cref="InMemoryNetwork.Simulated"/>) inbound handlers start inline and remoting runs
/// its associations inline (<see cref="RunsInline"/>), so nothing of the node's networking touches the thread pool.
/// </summary>
public sealed class InMemoryTransport : ITransport
{
    private readonly InMemoryNetwork _network;
    private readonly int _maximumFrameSize;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private Func<IFrameConnection, CancellationToken, Task>? _onInbound;
    private string? _endpoint;
    private string _host = "127.0.0.1";
    private volatile bool _exited;

    public InMemoryTransport(InMemoryNetwork network, int maximumFrameSize)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maximumFrameSize);
        _network = network;
        _maximumFrameSize = maximumFrameSize;
    }

    /// <summary>
    /// True on a simulated network: whoever uses this transport must run its connection loops on the caller's thread
    /// rather than on the thread pool, so the thread that advances the virtual clock stays the only one doing work.
    /// </summary>
    internal bool RunsInline => _network.IsSimulated;

    /// <summary>True when <paramref name="transport"/> is an in-memory transport on a simulated network.</summary>
    internal static bool IsInline(ITransport transport) => transport is InMemoryTransport { RunsInline: true };

    public Task<(string Host, int Port)> ListenAsync(
        string host, int port, Func<IFrameConnection, CancellationToken, Task> onInbound, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentNullException.ThrowIfNull(onInbound);
        if (_endpoint is not null)
        {
            throw new InvalidOperationException("this transport is already listening");
        }

        var bound = port == 0 ? _network.AllocatePort() : port;
        var endpoint = $"{host}:{bound}";
        _onInbound = onInbound;
        _network.Bind(endpoint, this);
        _endpoint = endpoint;
        _host = host;
        return Task.FromResult((host, bound));
    }

    public Task<IFrameConnection> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var target = $"{host}:{port}";
        if (_exited || _shutdown.IsCancellationRequested || !_network.TryGetListener(target, out var listener) || listener._exited)
        {
            throw new IOException($"cannot connect to {target}: connection refused");
        }

        // The client side is named by its node's listening endpoint, so blackholes set between nodes apply.
        var local = _endpoint ?? $"{_host}:client-{_network.AllocatePort()}";
        IFrameConnection client;
        IFrameConnection server;
        if (_network.IsSimulated)
        {
            (client, server) = InMemorySimulatedConnection.CreatePair(_network, local, target, _maximumFrameSize);
        }
        else
        {
            (client, server) = InMemoryFrameConnection.CreatePair(_network, local, target, _maximumFrameSize);
        }

        listener.Accept(server);
        return Task.FromResult(client);
    }

    /// <summary>The network killed this node (<see cref="InMemoryNetwork.Exit"/>): it can connect nowhere any more.</summary>
    internal void MarkExited() => _exited = true;

    private void Accept(IFrameConnection connection)
    {
        var onInbound = _onInbound!;
        var task = RunInboundAsync(connection, onInbound);
        _connections.TryAdd(task, 0);
        _ = task.ContinueWith(t => _connections.TryRemove(t, out _), TaskScheduler.Default);
    }

    private async Task RunInboundAsync(IFrameConnection connection, Func<IFrameConnection, CancellationToken, Task> onInbound)
    {
        if (!_network.IsSimulated)
        {
            await Task.Yield(); // Real-time mode: the handler runs on its own task, like TCP's accept loop.
        }

        try
        {
            await onInbound(connection, _shutdown.Token);
        }
#pragma warning disable CA1031 // Same isolation as TCP: one connection's failure never takes the node down.
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            // The handler logs what it understands; an escaped exception still only ends this connection.
            _ = e;
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_shutdown.IsCancellationRequested)
        {
            return;
        }

        await _shutdown.CancelAsync();
        if (_endpoint is not null)
        {
            _network.Unbind(_endpoint, this);
        }

        await Task.WhenAll(_connections.Keys);
        _shutdown.Dispose();
    }
}

/// <summary>One end of an in-memory connection; frames cross through the network's fault knobs.</summary>
internal sealed class InMemoryFrameConnection : IFrameConnection, IInMemoryConnectionEnd
{
    private readonly InMemoryNetwork _network;
    private readonly Channel<(long DueTicks, byte[] Frame)> _inbox =
        Channel.CreateUnbounded<(long, byte[])>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string _local;
    private readonly int _maximumFrameSize;
    private InMemoryFrameConnection? _peer;

    private InMemoryFrameConnection(InMemoryNetwork network, string local, string remote, int maximumFrameSize)
    {
        _network = network;
        _local = local;
        RemoteEndPoint = remote;
        _maximumFrameSize = maximumFrameSize;
    }

    public string RemoteEndPoint { get; }

    public string Local => _local;

    public string Remote => RemoteEndPoint;

    public static (InMemoryFrameConnection Client, InMemoryFrameConnection Server) CreatePair(
        InMemoryNetwork network, string client, string server, int maximumFrameSize)
    {
        var a = new InMemoryFrameConnection(network, client, server, maximumFrameSize);
        var b = new InMemoryFrameConnection(network, server, client, maximumFrameSize);
        a._peer = b;
        b._peer = a;
        network.Opened(a);
        network.Opened(b);
        return (a, b);
    }

    public ValueTask SendAsync(IReadOnlyList<byte[]> frames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var peer = _peer ?? throw new IOException("connection closed");
        foreach (var frame in frames)
        {
            if (frame.Length > _maximumFrameSize)
            {
                throw new RemoteProtocolException(FrameCodec.Describe(FrameReadStatus.TooLarge, frame.Length, _maximumFrameSize));
            }

            var delay = _network.Route(_local, RemoteEndPoint, frame.Length);
            if (delay is null)
            {
                continue;
            }

            var due = _network.TimeProvider.GetTimestamp() + (long)(delay.Value.TotalSeconds * _network.TimeProvider.TimestampFrequency);
            if (!peer._inbox.Writer.TryWrite((due, (byte[])frame.Clone())))
            {
                throw new IOException("connection closed by peer");
            }
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask<byte[]?> ReceiveAsync(CancellationToken cancellationToken)
    {
        if (!await _inbox.Reader.WaitToReadAsync(cancellationToken) || !_inbox.Reader.TryRead(out var item))
        {
            return null;
        }

        var time = _network.TimeProvider;
        var wait = time.GetElapsedTime(time.GetTimestamp(), item.DueTicks);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken);
        }

        return item.Frame;
    }

    /// <summary>Reset (the node exited): both directions end at once.</summary>
    public void Abort() => Close();

    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }

    private void Close()
    {
        _network.Closed(this);
        var peer = Interlocked.Exchange(ref _peer, null);
        _inbox.Writer.TryComplete();
        peer?._inbox.Writer.TryComplete();
    }
}
