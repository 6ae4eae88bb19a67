using System.Buffers.Binary;
using System.Net.Sockets;

namespace PaxosAkka.Remote.Tests.Support;

/// <summary>A plain TCP client that speaks no protocol: the port scanner and fuzzer of the tests.</summary>
public sealed class RawClient : IAsyncDisposable
{
    private readonly TcpClient _client = new();

    public NetworkStream Stream => _client.GetStream();

    public static async Task<RawClient> ConnectAsync(RemoteAddress address)
    {
        var raw = new RawClient();
        await raw._client.ConnectAsync(address.Host, address.Port);
        raw._client.NoDelay = true;
        return raw;
    }

    public static byte[] Frame(ReadOnlySpan<byte> payload)
    {
        var bytes = new byte[4 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)payload.Length);
        payload.CopyTo(bytes.AsSpan(4));
        return bytes;
    }

    public async Task SendAsync(byte[] bytes)
    {
        try
        {
            await Stream.WriteAsync(bytes);
            await Stream.FlushAsync();
        }
        catch (IOException)
        {
            // The receiver may already have closed on us; that is what the fuzz tests want.
        }
    }

    /// <summary>Reads until the peer closes; returns true if it did within the deadline.</summary>
    public async Task<bool> ClosedByPeerAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[4096];
        try
        {
            while (await Stream.ReadAsync(buffer, cts.Token) > 0)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
