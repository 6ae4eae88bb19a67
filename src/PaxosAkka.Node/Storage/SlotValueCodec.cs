using System.Collections.Immutable;
using System.Text;
using PaxosAkka.Consensus;

namespace PaxosAkka.Node.Storage;

/// <summary>
/// Compact binary form of a <see cref="SlotValue"/> for the acceptor's disk: a version byte, the command count,
/// then per command its client id (UTF-8, length-prefixed), sequence and payload (length-prefixed).
/// </summary>
internal static class SlotValueCodec
{
    private const byte Version = 1;

    public static byte[] Encode(SlotValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            Write(writer, value);
        }

        return buffer.ToArray();
    }

    /// <exception cref="FormatException">The bytes are not a value written by <see cref="Encode"/>.</exception>
    public static SlotValue Decode(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
            return Read(reader, bytes.Length);
        }
        catch (EndOfStreamException e)
        {
            throw new FormatException("truncated slot value", e);
        }
    }

    /// <summary>Writes <paramref name="value"/> in the layout above (also the wire form, see PaxosWireSerializer).</summary>
    public static void Write(BinaryWriter writer, SlotValue value)
    {
        var commands = value.Commands.IsDefault ? [] : value.Commands;
        writer.Write(Version);
        writer.Write7BitEncodedInt(commands.Length);
        foreach (var command in commands)
        {
            WriteCommand(writer, command);
        }
    }

    /// <summary>Reads a value written by <see cref="Write"/>; <paramref name="limit"/> bounds its command count (garbage safety).</summary>
    /// <exception cref="FormatException">Not a value (unknown version, impossible count, negative length).</exception>
    /// <exception cref="EndOfStreamException">Truncated.</exception>
    public static SlotValue Read(BinaryReader reader, long limit)
    {
        if (reader.ReadByte() != Version)
        {
            throw new FormatException("unknown slot value version");
        }

        int count = reader.ReadInt32FromVarint();
        if (count > limit)
        {
            throw new FormatException($"a value of {limit} bytes cannot hold {count} commands");
        }

        var commands = ImmutableArray.CreateBuilder<Command>(count);
        for (int i = 0; i < count; i++)
        {
            commands.Add(ReadCommand(reader));
        }

        return count == 0 ? SlotValue.NoOp : new SlotValue(commands.MoveToImmutable());
    }

    /// <summary>One command: client id (UTF-8, length-prefixed), sequence, payload (length-prefixed).</summary>
    public static void WriteCommand(BinaryWriter writer, Command command)
    {
        writer.Write(command.Id.ClientId);
        writer.Write(command.Id.Sequence);
        writer.Write7BitEncodedInt(command.Payload.Length);
        writer.Write(command.Payload);
    }

    /// <summary>Reads a command written by <see cref="WriteCommand"/>.</summary>
    public static Command ReadCommand(BinaryReader reader)
    {
        var clientId = reader.ReadString();
        long sequence = reader.ReadInt64();
        int length = reader.ReadInt32FromVarint();
        var payload = reader.ReadBytes(length);
        if (payload.Length != length)
        {
            throw new FormatException("truncated command payload");
        }

        return new Command(new CommandId(clientId, sequence), payload);
    }

    internal static int ReadInt32FromVarint(this BinaryReader reader)
    {
        int value = reader.Read7BitEncodedInt();
        return value >= 0 ? value : throw new FormatException("negative length");
    }
}
