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
            var commands = value.Commands.IsDefault ? [] : value.Commands;
            writer.Write(Version);
            writer.Write7BitEncodedInt(commands.Length);
            foreach (var command in commands)
            {
                writer.Write(command.Id.ClientId);
                writer.Write(command.Id.Sequence);
                writer.Write7BitEncodedInt(command.Payload.Length);
                writer.Write(command.Payload);
            }
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
            if (reader.ReadByte() != Version)
            {
                throw new FormatException("unknown slot value version");
            }

            int count = reader.ReadInt32FromVarint();
            if (count > bytes.Length)
            {
                throw new FormatException($"a value of {bytes.Length} bytes cannot hold {count} commands");
            }

            var commands = ImmutableArray.CreateBuilder<Command>(count);
            for (int i = 0; i < count; i++)
            {
                var clientId = reader.ReadString();
                long sequence = reader.ReadInt64();
                int length = reader.ReadInt32FromVarint();
                var payload = reader.ReadBytes(length);
                if (payload.Length != length)
                {
                    throw new FormatException("truncated command payload");
                }

                commands.Add(new Command(new CommandId(clientId, sequence), payload));
            }

            return count == 0 ? SlotValue.NoOp : new SlotValue(commands.MoveToImmutable());
        }
        catch (EndOfStreamException e)
        {
            throw new FormatException("truncated slot value", e);
        }
    }

    private static int ReadInt32FromVarint(this BinaryReader reader)
    {
        int value = reader.Read7BitEncodedInt();
        return value >= 0 ? value : throw new FormatException("negative length");
    }
}
