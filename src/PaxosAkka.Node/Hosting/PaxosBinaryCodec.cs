using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Runtime.Serialization;
using System.Text;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Roles;
using PaxosAkka.Node.Storage;
using static PaxosAkka.Consensus.PaxosProtocol;

namespace PaxosAkka.Node.Hosting;

/// <summary>
/// Compact binary form of the messages that carry slot values on the hot path: Accept, Accepted, Chosen, Promise,
/// CatchUpReply and the forwarded Submit. Profiling the bench showed JSON (with base64 payloads) as the largest
/// managed cost of a node: every value crosses the wire once per Accept and once per Accepted to the proposer and
/// each learner. Values use the acceptor's disk layout (<see cref="SlotValueCodec"/>). Garbage input throws
/// <see cref="SerializationException"/>, which Akka.Remote turns into a dropped message.
/// </summary>
internal static class PaxosBinaryCodec
{
    /// <summary>The message types with a binary form.</summary>
    public static readonly FrozenSet<Type> Handled =
        new[] { typeof(Accept), typeof(Accepted), typeof(Chosen), typeof(Promise), typeof(CatchUpReply), typeof(ProposerProtocol.Submit) }.ToFrozenSet();

    public static byte[] ToBinary(object message)
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
                    throw new SerializationException($"{message.GetType().Name} has no binary wire form");
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Decodes a <paramref name="type"/> from <paramref name="bytes"/>; nothing may trail it.</summary>
    public static object FromBinary(ReadOnlySpan<byte> bytes, Type type)
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
                _ => throw new SerializationException($"{type.Name} has no binary wire form"),
            };
            return reader.BaseStream.Position == reader.BaseStream.Length
                ? message
                : throw new SerializationException($"{reader.BaseStream.Length - reader.BaseStream.Position} trailing bytes after a {type.Name}");
        }
        catch (Exception e) when (e is FormatException or EndOfStreamException or IOException)
        {
            throw new SerializationException($"corrupt {type.Name} payload: {e.Message}", e);
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
