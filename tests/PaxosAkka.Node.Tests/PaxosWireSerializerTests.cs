using System.Collections.Immutable;
using System.Text;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Hosting;
using PaxosAkka.Node.Roles;
using PaxosAkka.Remote.Serialization;
using static PaxosAkka.Consensus.PaxosProtocol;

namespace PaxosAkka.Node.Tests;

/// <summary>The binary wire form of the value-carrying Paxos messages: exact round trips, and garbage is refused, never half-read.</summary>
public sealed class PaxosWireSerializerTests
{
    private static readonly SerializerRegistry Registry = new SerializerRegistry().RegisterNodeMessages();

    private static readonly SlotValue Batch = SlotValue.Of(
    [
        new Command(new CommandId("node-1-abc", 7), Encoding.UTF8.GetBytes("put k1 v1")),
        new Command(new CommandId("idem:é-key", 1), []),
        new Command(new CommandId("node-2-xyz", long.MaxValue), new byte[300]),
    ]);

    public static TheoryData<object> Messages() => new()
    {
        new Accept(1, 2, new Ballot(5, 1), 42, Batch),
        new Accept(1, 3, new Ballot(5, 1), 43, SlotValue.NoOp),
        new Accepted(2, 1, new Ballot(5, 1), 42, Batch),
        new Chosen(1, 3, 9_000_000_000, Batch),
        new Promise(3, 1, new Ballot(6, 1), 10, [new AcceptedEntry(10, new Ballot(5, 2), Batch), new AcceptedEntry(12, new Ballot(4, 3), SlotValue.NoOp)]) { CompactedBelow = 8, ReportedBelow = 13 },
        new Promise(3, 1, new Ballot(6, 1), 0, []),
        new CatchUpReply(2, 4, [new ChosenEntry(0, Batch), new ChosenEntry(1, SlotValue.NoOp)]),
        new ProposerProtocol.Submit(new Command(new CommandId("node-3-q", 99), [1, 2, 3]), 2),
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Value_carrying_messages_round_trip_exactly_in_binary(object message)
    {
        var wire = Registry.Serialize(message);

        Assert.Equal(PaxosWireSerializer.Id, wire.SerializerId);
        var back = Registry.Deserialize(wire.SerializerId, wire.Manifest, wire.Payload);
        Assert.Equal(message.GetType(), back.GetType());
        switch ((message, back))
        {
            case (Promise sent, Promise got):
                Assert.Equal((sent.From, sent.To, sent.Ballot, sent.FromSlot, sent.CompactedBelow, sent.ReportedBelow), (got.From, got.To, got.Ballot, got.FromSlot, got.CompactedBelow, got.ReportedBelow));
                Assert.Equal(sent.Accepted.ToArray(), got.Accepted.ToArray());
                break;
            case (CatchUpReply sent, CatchUpReply got):
                Assert.Equal((sent.From, sent.To), (got.From, got.To));
                Assert.Equal(sent.Entries.ToArray(), got.Entries.ToArray());
                break;
            default:
                Assert.Equal(message, back);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Truncated_or_padded_payloads_are_refused(object message)
    {
        var wire = Registry.Serialize(message);

        for (int length = 0; length < wire.Payload.Length; length += Math.Max(1, wire.Payload.Length / 17))
        {
            Assert.Throws<MessageSerializationException>(() => Registry.Deserialize(wire.SerializerId, wire.Manifest, wire.Payload.AsSpan(0, length)));
        }

        byte[] padded = [.. wire.Payload, 0];
        Assert.Throws<MessageSerializationException>(() => Registry.Deserialize(wire.SerializerId, wire.Manifest, padded));
    }

    [Fact]
    public void A_huge_declared_count_is_refused_before_allocating()
    {
        // From, To, ballot, FromSlot, CompactedBelow, ReportedBelow, then a varint count of 2^31-1 entries in a
        // 49-byte payload.
        byte[] payload = [.. new byte[44], 0xFF, 0xFF, 0xFF, 0xFF, 0x07];

        var e = Assert.Throws<MessageSerializationException>(() => Registry.Deserialize(PaxosWireSerializer.Id, "paxos.node.promise", payload));
        Assert.Contains("cannot hold", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Small_control_messages_stay_json()
    {
        Assert.Equal(JsonMessageSerializer.Id, Registry.Serialize(new Prepare(1, 2, new Ballot(1, 1), 0)).SerializerId);
        Assert.Equal(JsonMessageSerializer.Id, Registry.Serialize(new Nack(2, 1, new Ballot(1, 1), new Ballot(2, 3))).SerializerId);
        Assert.All(PaxosWireSerializer.Handled, type => Assert.True(Registry.IsRegistered(type)));
    }
}
