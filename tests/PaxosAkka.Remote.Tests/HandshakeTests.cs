using PaxosAkka.Remote.Handshake;
using PaxosAkka.Remote.Transport;
using PaxosAkka.Remote.Tests.Support;

namespace PaxosAkka.Remote.Tests;

public sealed class HandshakeTests
{
    [Fact]
    public async Task Nodes_sharing_the_secret_associate_and_deliver_with_sender_and_incarnation()
    {
        await using var a = await TestNode.StartAsync();
        await using var b = await TestNode.StartAsync();

        Assert.True(a.Send(b, new Ping(1, "hi"), "/user/echo", a.Address.PathOf("/user/probe")));

        var inbound = await b.ReceiveAsync();
        Assert.Equal(new Ping(1, "hi"), inbound.Message);
        Assert.Equal("/user/echo", inbound.Recipient);
        Assert.Equal(a.Address.PathOf("/user/probe"), inbound.Sender);
        Assert.Equal(a.Manager.Local, inbound.From);
        Assert.Equal(b.Manager.Uid, a.Manager.KnownUid(b.Address));
    }

    [Fact]
    public async Task Wrong_cluster_secret_is_refused_with_a_clear_log_line_and_never_delivers()
    {
        await using var a = await TestNode.StartAsync(settings: TestNode.Settings(secret: "wrong"));
        await using var b = await TestNode.StartAsync(settings: TestNode.Settings(secret: "right"));

        a.Send(b, new Ping(1, "intruder"));

        // The client sees the server's proof fail first and refuses; the server logs the failed proof or
        // the client's refusal. Either way both sides name the secret problem.
        var clientLine = await a.Logs.WaitForAsync(l => l.EventId is 4044 or 4045);
        Assert.Contains("authentication failed", clientLine.Message, StringComparison.Ordinal);
        await b.Logs.WaitForAsync(l => l.EventId == 4012 && l.Message.Contains("authentication failed", StringComparison.Ordinal));
        Assert.False(b.TryReceive(out _));
        Assert.Null(a.Manager.KnownUid(b.Address));
    }

    [Fact]
    public async Task Server_refuses_a_client_that_cannot_prove_the_secret()
    {
        // Drive the client side by hand with the wrong key but accept whatever the server proves, so the
        // server's own check is what refuses.
        await using var b = await TestNode.StartAsync(settings: TestNode.Settings(secret: "right"));
        await using var transport = new Transport.TcpTransport(4096);
        await using var connection = await transport.ConnectAsync(b.Address.Host, b.Address.Port, CancellationToken.None);
        var me = new NodeIdentity(new RemoteAddress("paxos", "127.0.0.1", 1), 42);
        var nonce = new byte[HandshakeProtocol.NonceSize];
        await connection.SendAsync(HandshakeCodec.Encode(new HandshakeProtocol.Hello(1, "paxos", "127.0.0.1", 1, 42, nonce, null)), CancellationToken.None);
        var hello = (HandshakeProtocol.Hello)HandshakeCodec.Decode((await connection.ReceiveAsync(CancellationToken.None))!);
        var forged = Handshaker.Sign(Handshaker.KeyFromSecret("wrong"), "paxos-remote/client"u8.ToArray(), hello.Nonce, nonce, me);
        await connection.SendAsync(HandshakeCodec.Encode(new HandshakeProtocol.Proof(forged)), CancellationToken.None);

        var verdict = HandshakeCodec.Decode((await connection.ReceiveAsync(CancellationToken.None))!);
        Assert.Equal(new HandshakeProtocol.Reject("authentication failed"), verdict);
        var line = await b.Logs.WaitForAsync(l => l.EventId == 4012);
        Assert.Contains("did not prove knowledge of the cluster secret", line.Message, StringComparison.Ordinal);
        Assert.Null(b.Manager.KnownUid(me.Address));
    }

    [Fact]
    public async Task Foreign_actor_system_is_refused_with_a_clear_log_line()
    {
        await using var a = await TestNode.StartAsync(system: "other");
        await using var b = await TestNode.StartAsync(system: "paxos");

        a.Manager.Send(b.Address, "/user/echo", "", new Ping(1, "x"));

        var line = await b.Logs.WaitForAsync(l => l.EventId == 4012);
        Assert.Contains("foreign actor system 'other'", line.Message, StringComparison.Ordinal);
        await a.Logs.WaitForAsync(l => l.EventId == 4044 && l.Message.Contains("foreign actor system", StringComparison.Ordinal));
        Assert.False(b.TryReceive(out _));
    }

    [Fact]
    public async Task Unsupported_protocol_version_is_refused_and_named()
    {
        await using var b = await TestNode.StartAsync();
        await using var raw = await RawClient.ConnectAsync(b.Address);
        var hello = HandshakeCodec.Encode(new HandshakeProtocol.Hello(1, "paxos", "127.0.0.1", 1, 7, new byte[32], null));
        hello[6] = 9; // the low byte of the version, after kind (1) and magic (4)

        await raw.SendAsync(RawClient.Frame(hello));

        Assert.True(await raw.ClosedByPeerAsync(TimeSpan.FromSeconds(10)));
        var line = await b.Logs.WaitForAsync(l => l.EventId == 4012);
        Assert.Contains("protocol version 9 is not supported", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silent_connection_is_closed_after_the_handshake_timeout()
    {
        var settings = TestNode.Settings() with { HandshakeTimeout = TimeSpan.FromMilliseconds(300) };
        await using var b = await TestNode.StartAsync(settings: settings);
        await using var raw = await RawClient.ConnectAsync(b.Address);

        Assert.True(await raw.ClosedByPeerAsync(TimeSpan.FromSeconds(10)));
        await b.Logs.WaitForAsync(l => l.EventId == 4014);
    }
}
