using System.Buffers;
using System.Text;
using PaxosAkka.Remote.Tests.Support;
using PaxosAkka.Remote.Transport;

namespace PaxosAkka.Remote.Tests;

public sealed class FramingTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public void Codec_reads_a_frame_split_across_segments_only_once_complete()
    {
        var frame = RawClient.Frame("hello"u8);
        var partial = new ReadOnlySequence<byte>(frame.AsMemory(0, 6));
        Assert.Equal(FrameReadStatus.NeedMoreData, FrameCodec.TryRead(ref partial, 1024, out _, out _));

        var whole = new ReadOnlySequence<byte>(frame);
        Assert.Equal(FrameReadStatus.Frame, FrameCodec.TryRead(ref whole, 1024, out var payload, out var length));
        Assert.Equal(5, length);
        Assert.Equal("hello", Encoding.ASCII.GetString(payload.ToArray()));
        Assert.True(whole.IsEmpty);
    }

    [Fact]
    public void Codec_refuses_a_declared_length_above_the_maximum_from_the_header_alone()
    {
        var header = new ReadOnlySequence<byte>(new byte[] { 0x7F, 0xFF, 0xFF, 0xFF });
        Assert.Equal(FrameReadStatus.TooLarge, FrameCodec.TryRead(ref header, 4096, out _, out var declared));
        Assert.Equal(int.MaxValue, declared);
    }

    [Fact]
    public async Task Tcp_transport_reassembles_byte_by_byte_frames_and_splits_coalesced_ones()
    {
        var received = System.Threading.Channels.Channel.CreateUnbounded<string>();
        await using var transport = new TcpTransport(4096);
        var (host, port) = await transport.ListenAsync("127.0.0.1", 0, async (connection, ct) =>
        {
            while (await connection.ReceiveAsync(ct) is { } frame)
            {
                received.Writer.TryWrite(Encoding.UTF8.GetString(frame));
            }
        }, CancellationToken.None);

        await using var raw = await RawClient.ConnectAsync(new RemoteAddress("x", host, port));
        foreach (var b in RawClient.Frame("split"u8))
        {
            await raw.SendAsync([b]);
        }

        await raw.SendAsync([.. RawClient.Frame("one"u8), .. RawClient.Frame("two"u8), .. RawClient.Frame("three"u8)]);

        using var cts = new CancellationTokenSource(Deadline);
        Assert.Equal("split", await received.Reader.ReadAsync(cts.Token));
        Assert.Equal("one", await received.Reader.ReadAsync(cts.Token));
        Assert.Equal("two", await received.Reader.ReadAsync(cts.Token));
        Assert.Equal("three", await received.Reader.ReadAsync(cts.Token));
    }

    [Fact]
    public async Task Oversized_frame_is_refused_logged_and_its_connection_closed()
    {
        await using var node = await TestNode.StartAsync();
        await using var raw = await RawClient.ConnectAsync(node.Address);

        // Announce 1 GiB: the receiver must refuse it from the header, without buffering or allocating it.
        await raw.SendAsync([0x40, 0x00, 0x00, 0x00, 1, 2, 3]);

        Assert.True(await raw.ClosedByPeerAsync(Deadline));
        var line = await node.Logs.WaitForAsync(l => l.EventId == 4013);
        Assert.Contains("exceeds maximum-frame-size", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sender_refuses_to_queue_a_message_larger_than_the_maximum_frame()
    {
        var settings = TestNode.Settings() with { MaximumFrameSize = 2048 };
        await using var a = await TestNode.StartAsync(settings: settings);
        await using var b = await TestNode.StartAsync(settings: settings);

        Assert.False(a.Send(b, new byte[4096]));
        var line = await a.Logs.WaitForAsync(l => l.EventId == 4022);
        Assert.Contains("exceed maximum-frame-size 2048", line.Message, StringComparison.Ordinal);

        // The association is untouched and carries the next message.
        Assert.True(a.Send(b, new Ping(1, "after")));
        Assert.Equal(new Ping(1, "after"), (await b.ReceiveAsync()).Message);
    }
}
