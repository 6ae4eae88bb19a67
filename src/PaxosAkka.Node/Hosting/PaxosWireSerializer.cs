using System.Collections.Immutable;
using System.Text;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Roles;
using PaxosAkka.Node.Storage;
using PaxosAkka.Remote.Serialization;
using static PaxosAkka.Consensus.PaxosProtocol;

namespace PaxosAkka.Node.Hosting;

/// <summary>
/// Compact binary form (serializer id 20) of the messages that carry slot values on the hot path: Accept,
/// Accepted, Chosen, Promise, CatchUpReply and the forwarded Submit. Profiling the bench showed JSON (with
/// base64 payloads) as the largest managed cost of a node: every value crosses the wire once per Accept and
/// once per Accepted to the proposer and each learner. Values use the acceptor's disk layout
/// (<see cref="SlotValueCodec"/>). Rare and small messages (Prepare, Nack, catch-up requests, election)
/// stay JSON. Garbage input throws and the registry turns it into a dropped message. The messages are immutable
/// records, so remoting encodes an Accepted told to a node's proposer and learner only once.
/// </summary>
public sealed class PaxosWireSerializer : IImmutableMessageSerializer
{
    /// <summary>The serializer id on the wire.</summary>
    public const int Id = 20;

    /// <summary>The message types this serializer handles.</summary>
    public static readonly IReadOnlyList<Type> Handled =
        [typeof(Accept), typeof(Accepted), typeof(Chosen), typeof(Promise), typeof(CatchUpReply), typeof(ProposerProtocol.Submit)];

    /// <inheritdoc />
    public int Identifier => Id;

    /// <inheritdoc />
    public byte[] ToBinary(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            switch (message)
            {
                case Accept m:
                    Header(writer, m.From, m.To);
                    Write(writer, m.Ballot);
                    writer.Write(m.Slot);
                    SlotValueCodec.Write(writer, m.Value);
                    break;
                case Accepted m:
                    Header(writer, m.From, m.To);
                    Write(writer, m.Ballot);
                    writer.Write(m.Slot);
                    SlotValueCodec.Write(writer, m.Value);
                    break;
                case Chosen m:
                    Header(writer, m.From, m.To);
                    writer.Write(m.Slot);
                    SlotValueCodec.Write(writer, m.Value);
                    break;
                case Promise m:
                    Header(writer, m.From, m.To);
                    Write(writer, m.Ballot);
                    writer.Write(m.FromSlot);
                    writer.Write(m.CompactedBelow);
                    writer.Write(m.ReportedBelow);
                    var accepted = m.Accepted.IsDefault ? [] : m.Accepted;
                    writer.Write7BitEncodedInt(accepted.Length);
                    foreach (var entry in accepted)
                    {
                        writer.Write(entry.Slot);
                        Write(writer, entry.Ballot);
                        SlotValueCodec.Write(writer, entry.Value);
                    }

                    break;
                case CatchUpReply m:
                    Header(writer, m.From, m.To);
                    var entries = m.Entries.IsDefault ? [] : m.Entries;
                    writer.Write7BitEncodedInt(entries.Length);
                    foreach (var entry in entries)
                    {
                        writer.Write(entry.Slot);
                        SlotValueCodec.Write(writer, entry.Value);
                    }

                    break;
                case ProposerProtocol.Submit m:
                    SlotValueCodec.WriteCommand(writer, m.Command);
                    writer.Write7BitEncodedInt(m.Hops);
                    break;
                default:
                    throw new MessageSerializationException($"{message.GetType().Name} has no binary wire form");
            }
        }

        return buffer.ToArray();
    }

    /// <inheritdoc />
    public object FromBinary(ReadOnlySpan<byte> bytes, Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        long limit = bytes.Length;
        using var reader = new BinaryReader(new MemoryStream(bytes.ToArray(), writable: false), Encoding.UTF8);
        try
        {
            object message = type switch
            {
                _ when type == typeof(Accept) => new Accept(reader.ReadInt32(), reader.ReadInt32(), ReadBallot(reader), reader.ReadInt64(), SlotValueCodec.Read(reader, limit)),
                _ when type == typeof(Accepted) => new Accepted(reader.ReadInt32(), reader.ReadInt32(), ReadBallot(reader), reader.ReadInt64(), SlotValueCodec.Read(reader, limit)),
                _ when type == typeof(Chosen) => new Chosen(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt64(), SlotValueCodec.Read(reader, limit)),
                _ when type == typeof(Promise) => ReadPromise(reader, limit),
                _ when type == typeof(CatchUpReply) => ReadCatchUpReply(reader, limit),
                _ when type == typeof(ProposerProtocol.Submit) => new ProposerProtocol.Submit(SlotValueCodec.ReadCommand(reader), reader.ReadInt32FromVarint()),
                _ => throw new MessageSerializationException($"{type.Name} has no binary wire form"),
            };
            return reader.BaseStream.Position == reader.BaseStream.Length
                ? message
                : throw new MessageSerializationException($"{reader.BaseStream.Length - reader.BaseStream.Position} trailing bytes after a {type.Name}");
        }
        catch (Exception e) when (e is FormatException or EndOfStreamException or IOException)
        {
            throw new MessageSerializationException($"corrupt {type.Name} payload: {e.Message}", e);
        }
    }

    private static Promise ReadPromise(BinaryReader reader, long limit)
    {
        int from = reader.ReadInt32();
        int to = reader.ReadInt32();
        var ballot = ReadBallot(reader);
        long fromSlot = reader.ReadInt64();
        long compactedBelow = reader.ReadInt64();
        long reportedBelow = reader.ReadInt64();
        var accepted = ImmutableArray.CreateBuilder<AcceptedEntry>(Count(reader, limit));
        for (int i = 0; i < accepted.Capacity; i++)
        {
            accepted.Add(new AcceptedEntry(reader.ReadInt64(), ReadBallot(reader), SlotValueCodec.Read(reader, limit)));
        }

        return new Promise(from, to, ballot, fromSlot, accepted.MoveToImmutable()) { CompactedBelow = compactedBelow, ReportedBelow = reportedBelow };
    }

    private static CatchUpReply ReadCatchUpReply(BinaryReader reader, long limit)
    {
        int from = reader.ReadInt32();
        int to = reader.ReadInt32();
        var entries = ImmutableArray.CreateBuilder<ChosenEntry>(Count(reader, limit));
        for (int i = 0; i < entries.Capacity; i++)
        {
            entries.Add(new ChosenEntry(reader.ReadInt64(), SlotValueCodec.Read(reader, limit)));
        }

        return new CatchUpReply(from, to, entries.MoveToImmutable());
    }

    /// <summary>An element count no larger than the payload (each element takes at least a byte), so garbage cannot make us allocate.</summary>
    private static int Count(BinaryReader reader, long limit)
    {
        int count = reader.ReadInt32FromVarint();
        return count <= limit ? count : throw new FormatException($"a payload of {limit} bytes cannot hold {count} entries");
    }

    private static void Header(BinaryWriter writer, int from, int to)
    {
        writer.Write(from);
        writer.Write(to);
    }

    private static void Write(BinaryWriter writer, Ballot ballot)
    {
        writer.Write(ballot.Round);
        writer.Write(ballot.ProposerId);
    }

    private static Ballot ReadBallot(BinaryReader reader) => new(reader.ReadInt64(), reader.ReadInt32());
}
