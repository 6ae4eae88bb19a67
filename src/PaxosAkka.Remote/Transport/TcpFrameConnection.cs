using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace PaxosAkka.Remote.Transport;

/// <summary>
/// A framed connection over one TCP socket, read and written through System.IO.Pipelines.
/// Memory stays bounded: the reader never examines past one frame, and a frame is at most
/// maximum-frame-size bytes, refused from its header alone.
/// </summary>
internal sealed class TcpFrameConnection : IFrameConnection
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly int _maximumFrameSize;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private int _disposed;

    public TcpFrameConnection(Socket socket, int maximumFrameSize)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maximumFrameSize);
        _socket = socket;
        _socket.NoDelay = true;

        // A peer whose machine vanished sends no FIN: keepalive probes turn that silence into a broken
        // connection within ~20 s, so the association reconnects (or reports node loss) instead of waiting forever.
        _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        _socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 10);
        _socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 2);
        _socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 5);
        _maximumFrameSize = maximumFrameSize;
        RemoteEndPoint = socket.RemoteEndPoint?.ToString() ?? "unknown";
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        _writer = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
    }

    public string RemoteEndPoint { get; }

    public async ValueTask SendAsync(IReadOnlyList<byte[]> frames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frames);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            foreach (var frame in frames)
            {
                if (frame.Length > _maximumFrameSize)
                {
                    // The peer would refuse it and drop the whole connection; refuse it here instead.
                    throw new RemoteProtocolException(
                        FrameCodec.Describe(FrameReadStatus.TooLarge, frame.Length, _maximumFrameSize));
                }

                FrameCodec.Write(_writer, frame);
            }

            var result = await _writer.FlushAsync(cancellationToken);
            if (result.IsCompleted)
            {
                throw new IOException("connection closed by peer");
            }
        }
        catch (ObjectDisposedException e)
        {
            throw new IOException("connection closed", e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask<byte[]?> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result;
            try
            {
                result = await _reader.ReadAsync(cancellationToken);
            }
            catch (ObjectDisposedException e)
            {
                throw new IOException("connection closed", e);
            }

            var buffer = result.Buffer;
            var status = FrameCodec.TryRead(ref buffer, _maximumFrameSize, out var payload, out var declared);
            switch (status)
            {
                case FrameReadStatus.Frame:
                    var frame = payload.ToArray();
                    _reader.AdvanceTo(buffer.Start);
                    return frame;
                case FrameReadStatus.NeedMoreData when result.IsCompleted:
                    _reader.AdvanceTo(buffer.End);
                    if (buffer.IsEmpty)
                    {
                        return null;
                    }

                    throw new RemoteProtocolException($"connection closed inside a frame ({buffer.Length} bytes pending)");
                case FrameReadStatus.NeedMoreData:
                    _reader.AdvanceTo(buffer.Start, buffer.End);
                    break;
                default:
                    _reader.AdvanceTo(buffer.Start);
                    throw new RemoteProtocolException(FrameCodec.Describe(status, declared, _maximumFrameSize));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset by the peer: nothing left to shut down.
        }
        catch (ObjectDisposedException)
        {
        }

        await _reader.CompleteAsync();
        try
        {
            // Completing the writer flushes what a failed send left buffered; on a reset connection that throws
            // again. Closing must never throw: the association's reconnect loop would end and the peer's next
            // incarnation would never be reached (system 004 learner takeover). The bytes are lost (at-most-once).
            await _writer.CompleteAsync();
        }
        catch (IOException)
        {
        }

        await _stream.DisposeAsync();
        _writeLock.Dispose();
    }
}
