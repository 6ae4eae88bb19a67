using PaxosAkka.Remote.Handshake;
using PaxosAkka.Remote.Tests.Support;

namespace PaxosAkka.Remote.Tests;

public sealed class FuzzTests
{
    [Fact]
    public async Task Seeded_random_bytes_and_malformed_frames_never_crash_the_receiver_or_leak_connections()
    {
        // Only the receiver gets a short handshake timeout (it closes the fuzzed connections that stall); the real
        // client keeps the generous default so its association still completes on a loaded machine.
        var settings = TestNode.Settings() with { MaximumFrameSize = 64 * 1024 };
        await using var b = await TestNode.StartAsync(settings: settings with { HandshakeTimeout = TimeSpan.FromMilliseconds(500) });
        await using var a = await TestNode.StartAsync(settings: settings);
        var random = new Random(20261122);

        var validHello = HandshakeCodec.Encode(new HandshakeProtocol.Hello(1, "paxos", "127.0.0.1", 1, 7, new byte[32], null));
        var inputs = new List<byte[]>
        {
            RawClient.Frame([]),                                    // empty frame
            RawClient.Frame([0x10, 0, 5]),                          // an envelope before any handshake
            RawClient.Frame(new byte[] { (byte)FrameKind.Hello, 1, 2, 3 }),      // hello with a bad magic number
            RawClient.Frame(validHello.AsSpan(0, 20)),                      // truncated hello
            RawClient.Frame([.. validHello, 0xFF]),                 // hello with trailing garbage
            RawClient.Frame(new byte[] { (byte)FrameKind.Hello, 0x50, 0x58, 0x4B, 0x41, 0, 1, 0xFF, 0xFF }), // string longer than the frame
            "GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray(),        // a port scanner speaking HTTP
            new byte[] { 0xFF, 0xFF, 0xFF, 0xFF },                            // 4 GiB announced
        };
        for (var i = 0; i < 40; i++)
        {
            var garbage = new byte[random.Next(1, 2048)];
            random.NextBytes(garbage);
            inputs.Add(garbage);
        }

        foreach (var input in inputs)
        {
            await using var raw = await RawClient.ConnectAsync(b.Address);
            await raw.SendAsync(input);
            Assert.True(await raw.ClosedByPeerAsync(TimeSpan.FromSeconds(10)), $"connection not closed after {input.Length} fuzz bytes");
        }

        // A good association still works afterwards, and no fuzzed connection is left behind.
        Assert.True(a.Send(b, new Ping(1, "still alive")));
        Assert.Equal(new Ping(1, "still alive"), (await b.ReceiveAsync(TimeSpan.FromSeconds(30))).Message);
        await Await.UntilAsync(() => b.Manager.InboundConnectionCount == 1, because: "only the real association is left");
        Assert.DoesNotContain(b.Logs.Lines, l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }

    [Fact]
    public async Task Connections_beyond_the_inbound_limit_are_closed_at_once_and_the_node_keeps_serving()
    {
        var settings = TestNode.Settings() with { MaximumInboundConnections = 2, HandshakeTimeout = TimeSpan.FromSeconds(30) };
        await using var b = await TestNode.StartAsync(settings: settings);
        await using var a = await TestNode.StartAsync(settings: settings);

        // Two silent connections hold both slots (their handshake would take 30 s to time out).
        await using var first = await RawClient.ConnectAsync(b.Address);
        await using var second = await RawClient.ConnectAsync(b.Address);
        await Await.UntilAsync(() => b.Manager.InboundConnectionCount == 2);

        await using var third = await RawClient.ConnectAsync(b.Address);
        Assert.True(await third.ClosedByPeerAsync(TimeSpan.FromSeconds(10)));
        await b.Logs.WaitForAsync(l => l.EventId == 4016);

        // Freeing a slot lets a real peer in again.
        await first.DisposeAsync();
        await Await.UntilAsync(() => b.Manager.InboundConnectionCount == 1);
        Assert.True(a.Send(b, new Ping(1, "let me in")));
        Assert.Equal(new Ping(1, "let me in"), (await b.ReceiveAsync()).Message);
    }
}
