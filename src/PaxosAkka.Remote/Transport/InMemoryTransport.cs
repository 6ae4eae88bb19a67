using System.Collections.Concurrent;
using System.Threading.Channels;

namespace PaxosAkka.Remote.Transport;

/// <summary>
/// A transport inside one process over an <see cref="InMemoryNetwork"/>, with the TCP contract: whole
/// frames in order per connection, the same maximum frame size, and handlers isolated from each other.
/// </summary>
public sealed class InMemoryTransport : ITransport
{
    private readonly InMemoryNetwork _network;
    private readonly int _maximumFrameSize;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private string? _endpoint;
    private string _host = "127.0.0.1";

    public InMemoryTransport(InMemoryNetwork network, int maximumFrameSize)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maximumFrameSize);
        _network = network;
        _maximumFrameSize = maximumFrameSize;
    }

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
        _network.Bind(endpoint, connection => Accept(connection, onInbound));
        _endpoint = endpoint;
        _host = host;
        return Task.FromResult((host, bound));
    }

    public Task<IFrameConnection> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var target = $"{host}:{port}";
        if (_shutdown.IsCancellationRequested || !_network.TryGetListener(target, out var accept))
        {
            throw new IOException($"cannot connect to {target}: connection refused");
        }

        // The client side is named by its node's listening endpoint, so blackholes set between nodes apply.
        var local = _endpoint ?? $"{_host}:client-{_network.AllocatePort()}";
        var (client, server) = InMemoryFrameConnection.CreatePair(_network, local, target, _maximumFrameSize);
        _ = accept(server);
        return Task.FromResult<IFrameConnection>(client);
    }

    private Task Accept(InMemoryFrameConnection connection, Func<IFrameConnection, CancellationToken, Task> onInbound)
    {
        var task = RunInboundAsync(connection, onInbound);
        _connections.TryAdd(task, 0);
        _ = task.ContinueWith(t => _connections.TryRemove(t, out _), TaskScheduler.Default);
        return task;
    }

    private async Task RunInboundAsync(InMemoryFrameConnection connection, Func<IFrameConnection, CancellationToken, Task> onInbound)
    {
        await Task.Yield();
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
            _network.Unbind(_endpoint);
        }

        await Task.WhenAll(_connections.Keys);
        _shutdown.Dispose();
    }
}

/// <summary>One end of an in-memory connection; frames cross through the network's fault knobs.</summary>
internal sealed class InMemoryFrameConnection : IFrameConnection
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

    public static (InMemoryFrameConnection Client, InMemoryFrameConnection Server) CreatePair(
        InMemoryNetwork network, string client, string server, int maximumFrameSize)
    {
        var a = new InMemoryFrameConnection(network, client, server, maximumFrameSize);
        var b = new InMemoryFrameConnection(network, server, client, maximumFrameSize);
        a._peer = b;
        b._peer = a;
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

            var delay = _network.Route(_local, RemoteEndPoint);
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

    public ValueTask DisposeAsync()
    {
        var peer = Interlocked.Exchange(ref _peer, null);
        _inbox.Writer.TryComplete();
        peer?._inbox.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }
}
