using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PaxosAkka.Remote.Transport;

/// <summary>
/// TCP transport on its own port. Each accepted connection runs its handler on its own task; whatever the
/// handler throws is logged and ends only that connection, so a port scanner or a fuzzer cannot crash the node.
/// </summary>
public sealed partial class TcpTransport : ITransport
{
    private readonly int _maximumFrameSize;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private Socket? _listener;
    private Task? _acceptLoop;

    public TcpTransport(int maximumFrameSize, ILogger<TcpTransport>? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maximumFrameSize);
        _maximumFrameSize = maximumFrameSize;
        _log = (ILogger?)logger ?? NullLogger.Instance;
    }

    public Task<(string Host, int Port)> ListenAsync(
        string host, int port, Func<IFrameConnection, CancellationToken, Task> onInbound, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentNullException.ThrowIfNull(onInbound);
        if (_listener is not null)
        {
            throw new InvalidOperationException("this transport is already listening");
        }

        var ip = ResolveHost(host);
        var listener = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(ip, port));
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
        var bound = (IPEndPoint)listener.LocalEndPoint!;
        _acceptLoop = AcceptLoopAsync(listener, onInbound);
        return Task.FromResult((host, bound.Port));
    }

    public async Task<IFrameConnection> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        var ip = ResolveHost(host);
        var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(ip, port), cancellationToken);
            return new TcpFrameConnection(socket, _maximumFrameSize);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new IOException($"cannot connect to {host}:{port}: {e.SocketErrorCode}", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>An IP literal as is; a name through DNS, IPv4 first (loopback setups name "localhost").</summary>
    private static IPAddress ResolveHost(string host)
    {
        if (IPAddress.TryParse(host, out var ip))
        {
            return ip;
        }

        var addresses = Dns.GetHostAddresses(host);
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? addresses.FirstOrDefault()
            ?? throw new IOException($"host name '{host}' does not resolve to any address");
    }

    private async Task AcceptLoopAsync(Socket listener, Func<IFrameConnection, CancellationToken, Task> onInbound)
    {
        var token = _shutdown.Token;
        while (!token.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // Transient accept failures (e.g. a connection reset before accept) must not stop listening.
                LogAcceptFailed(_log, e.SocketErrorCode);
                continue;
            }

            var connection = new TcpFrameConnection(socket, _maximumFrameSize);
            var task = RunInboundAsync(connection, onInbound, token);
            _connections.TryAdd(task, 0);
            _ = task.ContinueWith(t => _connections.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    private async Task RunInboundAsync(
        TcpFrameConnection connection, Func<IFrameConnection, CancellationToken, Task> onInbound, CancellationToken token)
    {
        await Task.Yield();
        try
        {
            await onInbound(connection, token);
        }
#pragma warning disable CA1031 // The last line of defence: one connection's failure must never take the node down.
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            LogInboundHandlerFailed(_log, connection.RemoteEndPoint, e);
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
        _listener?.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop;
        }

        await Task.WhenAll(_connections.Keys);
        _shutdown.Dispose();
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Accepting a TCP connection failed: {Error}")]
    private static partial void LogAcceptFailed(ILogger logger, SocketError error);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "Inbound connection from {RemoteEndPoint} failed unexpectedly; it was closed")]
    private static partial void LogInboundHandlerFailed(ILogger logger, string remoteEndPoint, Exception exception);
}
