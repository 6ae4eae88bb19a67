using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;
using PaxosAkka.Consensus;

namespace PaxosAkka.Persistence.Acceptor;

/// <summary>
/// Binary form of a <see cref="SlotValue"/>: count, then per command client id (length-prefixed UTF-8), sequence
/// and payload (length-prefixed). Decoding checks every length against the bytes left, so a damaged value
/// fails with <see cref="FormatException"/> instead of reading garbage.
/// </summary>
internal static class SlotValueCodec
{
    public static byte[] Encode(SlotValue value)
    {
        var commands = value.Commands.IsDefault ? ImmutableArray<Command>.Empty : value.Commands;
        using var stream = new MemoryStream();
        Span<byte> number = stackalloc byte[8];
        WriteInt32(stream, commands.Length, number);
        foreach (var command in commands)
        {
            var client = Encoding.UTF8.GetBytes(command.Id.ClientId);
            WriteInt32(stream, client.Length, number);
            stream.Write(client);
            BinaryPrimitives.WriteInt64LittleEndian(number, command.Id.Sequence);
            stream.Write(number);
            WriteInt32(stream, command.Payload.Length, number);
            stream.Write(command.Payload);
        }

        return stream.ToArray();
    }

    public static SlotValue Decode(ReadOnlySpan<byte> bytes)
    {
        var position = 0;
        var count = ReadInt32(bytes, ref position);
        var commands = ImmutableArray.CreateBuilder<Command>(count);
        for (var i = 0; i < count; i++)
        {
            var client = Encoding.UTF8.GetString(Take(bytes, ref position, ReadInt32(bytes, ref position)));
            var sequence = BinaryPrimitives.ReadInt64LittleEndian(Take(bytes, ref position, 8));
            var payload = Take(bytes, ref position, ReadInt32(bytes, ref position)).ToArray();
            commands.Add(new Command(new CommandId(client, sequence), payload));
        }

        if (position != bytes.Length)
        {
            throw new FormatException($"{bytes.Length - position} unexpected trailing bytes after the slot value.");
        }

        return count == 0 ? SlotValue.NoOp : new SlotValue(commands.MoveToImmutable());
    }

    private static void WriteInt32(MemoryStream stream, int value, Span<byte> buffer)
    {
        BinaryPrimitives.WriteInt32LittleEndian(buffer, value);
        stream.Write(buffer[..4]);
    }

    private static int ReadInt32(ReadOnlySpan<byte> bytes, ref int position)
    {
        var value = BinaryPrimitives.ReadInt32LittleEndian(Take(bytes, ref position, 4));
        return value < 0 ? throw new FormatException($"Negative length {value} in the slot value.") : value;
    }

    private static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> bytes, ref int position, int length)
    {
        if (length > bytes.Length - position)
        {
            throw new FormatException($"The slot value is truncated: {length} bytes needed at offset {position}, {bytes.Length - position} left.");
        }

        var slice = bytes.Slice(position, length);
        position += length;
        return slice;
    }
}
