using System.Collections.Concurrent;
using PaxosAkka.Remote.Transport;

namespace PaxosAkka.TestKit.MultiNode;

/// <summary>
/// The test conductor's hook in the remoting path (Akka's transport adapters): wraps a real transport and applies
/// the node's <see cref="FaultRules"/> to the connections this node opens. Remoting sends a node's messages only
/// over the connections it opened itself, so the connecting side, which knows both endpoints, enforces both
/// directions of each connection; the conductor gives the same rule to both nodes of a link.
/// <see cref="Abort"/> plays a crash: every connection drops at once and nothing more is sent or accepted.
/// </summary>
public sealed class FaultInjectingTransport : ITransport
{
    private readonly ITransport _inner;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<FaultInjectingConnection, byte> _open = new();
    private readonly CancellationTokenSource _aborted = new();
    private string? _self;
    private int _disposed;

    public FaultInjectingTransport(ITransport inner, FaultRules rules, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(rules);
        _inner = inner;
        Rules = rules;
        _time = timeProvider ?? TimeProvider.System;
    }

    public FaultRules Rules { get; }

    /// <summary>This node's <c>host:port</c> once listening.</summary>
    public string Self => _self ?? throw new InvalidOperationException("the transport is not listening yet");

    /// <summary>True once <see cref="Abort"/> ran.</summary>
    public bool IsAborted => _aborted.IsCancellationRequested;

    public async Task<(string Host, int Port)> ListenAsync(
        string host, int port, Func<IFrameConnection, CancellationToken, Task> onInbound, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onInbound);
        var bound = await _inner.ListenAsync(host, port, (connection, token) => AcceptAsync(connection, onInbound, token), cancellationToken);
        _self = Endpoint(bound.Host, bound.Port);
        return bound;
    }

    public async Task<IFrameConnection> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        ThrowIfAborted();
        var inner = await _inner.ConnectAsync(host, port, cancellationToken);
        return Track(new FaultInjectingConnection(inner, this, Endpoint(host, port)));
    }

    /// <summary>
    /// Crashes the node's network: every open connection is closed without any goodbye, new ones are refused, and
    /// later sends fail. The listener closes when the node's remoting disposes this transport.
    /// </summary>
    public void Abort()
    {
        _aborted.Cancel();
        foreach (var connection in _open.Keys)
        {
            _ = connection.DisposeAsync().AsTask();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _aborted.CancelAsync();
        await _inner.DisposeAsync();
    }

    internal static string Endpoint(string host, int port) => $"{host}:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    internal CancellationToken AbortToken => _aborted.Token;

    internal TimeProvider Time => _time;

    internal void Closed(FaultInjectingConnection connection) => _open.TryRemove(connection, out _);

    internal void ThrowIfAborted()
    {
        if (IsAborted)
        {
            throw new IOException("the node's network was aborted by the test conductor");
        }
    }

    private async Task AcceptAsync(IFrameConnection connection, Func<IFrameConnection, CancellationToken, Task> onInbound, CancellationToken token)
    {
        if (IsAborted)
        {
            return; // A crashed node accepts nothing; the inner transport closes the socket.
        }

        // Inbound connections carry the peer's frames, which the peer's own fault layer filters; here they are only
        // tracked so that an abort can cut them.
        await using var tracked = Track(new FaultInjectingConnection(connection, this, peer: null));
        await onInbound(tracked, token);
    }

    private FaultInjectingConnection Track(FaultInjectingConnection connection)
    {
        _open.TryAdd(connection, 0);
        if (IsAborted)
        {
            _ = connection.DisposeAsync().AsTask();
        }

        return connection;
    }
}
