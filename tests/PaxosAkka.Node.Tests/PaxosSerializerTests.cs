using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using System.Text;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Hosting;
using PaxosAkka.Node.Roles;
using static PaxosAkka.Consensus.PaxosProtocol;

namespace PaxosAkka.Node.Tests;

/// <summary>
/// Our one Akka serializer: every wire message binds to it (never to Akka's Newtonsoft default), the value-carrying
/// ones round-trip exactly in binary, and garbage is refused with a serialization error, never half-read.
/// </summary>
public sealed class PaxosSerializerTests : Akka.TestKit.Xunit2.TestKit
{
    public PaxosSerializerTests()
        : base(PaxosSerializer.Bindings)
    {
    }

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

    [Fact]
    public void Every_wire_message_type_binds_to_the_paxos_serializer()
    {
        var serialization = ((ExtendedActorSystem)Sys).Serialization;
        Assert.All(WireManifests.ByType.Keys, type => Assert.IsType<PaxosSerializer>(serialization.FindSerializerForType(type)));
        Assert.Equal(WireManifests.ByType.Count, WireManifests.ByManifest.Count);
        Assert.All(WireManifests.ByManifest.Keys, manifest => Assert.InRange(manifest.Length, 2, 3));
    }

    [Fact]
    public void Every_wire_message_type_in_the_protocols_is_listed_in_the_manifests()
    {
        // Records that cross nodes live in these protocol classes; a new one that nobody added to WireManifests would
        // silently go out as Newtonsoft JSON. Local-only messages are named here on purpose.
        string[] localOnly =
        [
            "ObserveChosen", "ReadIndex", "ReadRefused", "Tick", "Flush", "RetryRecovery", "CoordinatorChanged", "GetCoordinator",
            "OwnProgress", "Reachability", "GetReachability",
        ];
        var protocols = new[] { typeof(ProposerProtocol), typeof(ElectionProtocol), typeof(Node.Replication.ReplicationProtocol), typeof(Node.Assignment.AutoRoleProtocol) };
        var missing = protocols
            .SelectMany(p => p.GetNestedTypes(System.Reflection.BindingFlags.Public))
            .Where(t => !localOnly.Contains(t.Name) && !WireManifests.ByType.ContainsKey(t))
            .Select(t => t.FullName)
            .ToList();
        Assert.Empty(missing);
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Value_carrying_messages_round_trip_exactly_in_binary(object message)
    {
        var back = RoundTrip(message, out _);
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

    [Fact]
    public void Small_control_messages_round_trip_as_json_records()
    {
        object[] messages =
        [
            new Prepare(1, 2, new Ballot(1, 1), 0),
            new Nack(2, 1, new Ballot(1, 1), new Ballot(2, 3)),
            new ElectionProtocol.Heartbeat(3, 17),
            new ElectionProtocol.Coordinator(5),
            new Node.Replication.ReplicationProtocol.StoreVote(4, 10, 2, true, 9),
        ];
        foreach (var message in messages)
        {
            Assert.Equal(message, RoundTrip(message, out byte[] bytes));
            Assert.Equal((byte)'{', bytes[0]);
        }
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Truncated_or_padded_payloads_are_refused(object message)
    {
        var serializer = Serializer();
        byte[] payload = serializer.ToBinary(message);
        string manifest = serializer.Manifest(message);

        for (int length = 0; length < payload.Length; length += Math.Max(1, payload.Length / 17))
        {
            Assert.Throws<SerializationException>(() => serializer.FromBinary(payload[..length], manifest));
        }

        Assert.Throws<SerializationException>(() => serializer.FromBinary([.. payload, 0], manifest));
    }

    [Fact]
    public void A_huge_declared_count_is_refused_before_allocating()
    {
        // From, To, ballot, FromSlot, CompactedBelow, ReportedBelow, then a varint count of 2^31-1 entries in a
        // 49-byte payload.
        byte[] payload = [.. new byte[44], 0xFF, 0xFF, 0xFF, 0xFF, 0x07];

        var e = Assert.Throws<SerializationException>(() => Serializer().FromBinary(payload, WireManifests.ByType[typeof(Promise)]));
        Assert.Contains("cannot hold", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_json_and_unknown_manifests_are_serialization_errors()
    {
        var serializer = Serializer();
        Assert.Throws<SerializationException>(() => serializer.FromBinary("{\"From\":"u8.ToArray(), WireManifests.ByType[typeof(Prepare)]));
        Assert.Throws<SerializationException>(() => serializer.FromBinary("[1,2]"u8.ToArray(), WireManifests.ByType[typeof(ElectionProtocol.Heartbeat)]));
        Assert.Throws<SerializationException>(() => serializer.FromBinary([1, 2, 3], "zz"));
        Assert.Throws<SerializationException>(() => serializer.ToBinary("not a wire message"));
    }

    private PaxosSerializer Serializer() => Assert.IsType<PaxosSerializer>(((ExtendedActorSystem)Sys).Serialization.FindSerializerForType(typeof(Accept)));

    private object RoundTrip(object message, out byte[] bytes)
    {
        var serialization = ((ExtendedActorSystem)Sys).Serialization;
        var serializer = Assert.IsType<PaxosSerializer>(serialization.FindSerializerFor(message));
        bytes = serializer.ToBinary(message);
        return serialization.Deserialize(bytes, serializer.Identifier, serializer.Manifest(message));
    }
}
