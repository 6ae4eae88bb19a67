using PaxosAkka.Remote.Endpoint;
using PaxosAkka.Remote.Handshake;
using PaxosAkka.Remote.Serialization;
using PaxosAkka.Remote.Tests.Support;
using PaxosAkka.Remote.Transport;

namespace PaxosAkka.Remote.Tests;

public sealed class SerializationTests
{
    [Fact]
    public void Registered_record_round_trips_through_its_stable_manifest()
    {
        var registry = TestNode.Registry();
        var serialized = registry.Serialize(new Ping(3, "x"));
        Assert.Equal(JsonMessageSerializer.Id, serialized.SerializerId);
        Assert.Equal("test.ping", serialized.Manifest);
        Assert.Equal(new Ping(3, "x"), registry.Deserialize(serialized.SerializerId, serialized.Manifest, serialized.Payload));
    }

    [Fact]
    public void Unregistered_type_is_refused_with_a_hint()
    {
        var e = Assert.Throws<MessageSerializationException>(() => new SerializerRegistry().Serialize(new Ping(1, "")));
        Assert.Contains("SerializerRegistry.Register", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_cannot_be_claimed_by_two_types()
    {
        var registry = new SerializerRegistry().Register<Ping>("m");
        Assert.Throws<InvalidOperationException>(() => registry.Register<Version>("m"));
    }

    [Fact]
    public void Unknown_ids_unknown_manifests_and_corrupt_payloads_are_rejected()
    {
        var registry = TestNode.Registry();
        Assert.Throws<MessageSerializationException>(() => registry.Deserialize(999, "test.ping", "{}"u8));
        Assert.Throws<MessageSerializationException>(() => registry.Deserialize(JsonMessageSerializer.Id, "no.such", "{}"u8));
        Assert.Throws<MessageSerializationException>(() => registry.Deserialize(JsonMessageSerializer.Id, "test.ping", "{not json"u8));
    }

    [Fact]
    public async Task Bad_envelopes_are_dropped_and_logged_while_later_messages_on_the_same_connection_arrive()
    {
        await using var b = await TestNode.StartAsync();
        await using var transport = new TcpTransport(4096);
        await using var connection = await transport.ConnectAsync(b.Address.Host, b.Address.Port, CancellationToken.None);
        var me = new NodeIdentity(new RemoteAddress("paxos", "127.0.0.1", 1), 99);
        await Handshaker.RunClientAsync(connection, me, b.Address, Handshaker.KeyFromSecret("s3cret"), CancellationToken.None);

        var good = TestNode.Registry().Serialize(new Ping(2, "good"));
        await connection.SendAsync(
        [
            EnvelopeCodec.Encode("/user/echo", "", 999, "test.ping", "{}"u8),                       // unknown serializer id
            EnvelopeCodec.Encode("/user/echo", "", JsonMessageSerializer.Id, "no.such", "{}"u8),    // unknown manifest
            EnvelopeCodec.Encode("/user/echo", "", JsonMessageSerializer.Id, "test.ping", "{\"Seq"u8), // corrupt payload
            new byte[] { (byte)FrameKind.Envelope, 0xFF, 0xFF },                                                // malformed envelope
            EnvelopeCodec.Encode("/user/echo", "", good.SerializerId, good.Manifest, good.Payload),
        ], CancellationToken.None);

        Assert.Equal(new Ping(2, "good"), (await b.ReceiveAsync()).Message);
        Assert.False(b.TryReceive(out _));
        Assert.Equal(3, b.Logs.Lines.Count(l => l.EventId == 4019));
        Assert.Single(b.Logs.Lines, l => l.EventId == 4018);
        Assert.Contains(b.Logs.Lines, l => l.EventId == 4019 && l.Message.Contains("unknown serializer id 999", StringComparison.Ordinal));
    }
}
