namespace PaxosAkka.Remote.Transport;

/// <summary>
/// Moves whole frames between nodes. TCP (<see cref="TcpTransport"/>) and in-memory
/// (<see cref="InMemoryTransport"/>) transports honour the same contract, so the handshake, the
/// association and everything above run unchanged over either:
/// frames arrive whole and in order per connection or not at all, a frame above the maximum size is refused
/// (the connection closes), and garbage from the peer ends only that connection.
/// </summary>
public interface ITransport : IAsyncDisposable
{
    /// <summary>
    /// Binds the listener and starts accepting. <paramref name="onInbound"/> runs once per accepted connection,
    /// on its own task; the transport disposes the connection when it returns or throws.
    /// Returns the bound host and port (port 0 asks for a free one).
    /// </summary>
    Task<(string Host, int Port)> ListenAsync(
        string host, int port, Func<IFrameConnection, CancellationToken, Task> onInbound, CancellationToken cancellationToken);

    /// <summary>Opens a connection to a listener; throws <see cref="IOException"/> or a socket error when it cannot.</summary>
    Task<IFrameConnection> ConnectAsync(string host, int port, CancellationToken cancellationToken);
}

/// <summary>One ordered, framed, bidirectional connection.</summary>
public interface IFrameConnection : IAsyncDisposable
{
    /// <summary>Where the peer connects from, for log lines.</summary>
    string RemoteEndPoint { get; }

    /// <summary>
    /// Sends the frames in order and flushes once (callers batch to save system calls).
    /// Throws <see cref="IOException"/> when the connection is gone.
    /// </summary>
    ValueTask SendAsync(IReadOnlyList<byte[]> frames, CancellationToken cancellationToken);

    /// <summary>
    /// The next whole frame, or null once the peer closed the connection cleanly.
    /// Throws <see cref="RemoteProtocolException"/> on a malformed or oversized frame, <see cref="IOException"/>
    /// when the connection breaks.
    /// </summary>
    ValueTask<byte[]?> ReceiveAsync(CancellationToken cancellationToken);
}

/// <summary>Extension helpers over <see cref="IFrameConnection"/>.</summary>
public static class FrameConnectionExtensions
{
    /// <summary>Sends a single frame.</summary>
    public static ValueTask SendAsync(this IFrameConnection connection, byte[] frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.SendAsync([frame], cancellationToken);
    }
}
