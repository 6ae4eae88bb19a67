using System.Buffers.Binary;
using System.Text;

namespace PaxosAkka.Persistence.Sql;

/// <summary>
/// The checksum every stored row carries. It covers the key as well as the content, so a row copied under
/// another persistence id or sequence number fails too; each field is length-prefixed so bytes cannot move
/// between fields unnoticed (a truncated payload changes its length prefix).
/// </summary>
internal static class RowChecksum
{
    public static long Compute(string persistenceId, long sequenceNr, string manifest, ReadOnlySpan<byte> payload, long timestampMs)
    {
        Span<byte> number = stackalloc byte[8];
        var crc = AppendString(0, persistenceId);
        BinaryPrimitives.WriteInt64LittleEndian(number, sequenceNr);
        crc = Crc32C.Append(crc, number);
        crc = AppendString(crc, manifest);
        BinaryPrimitives.WriteInt64LittleEndian(number, payload.Length);
        crc = Crc32C.Append(crc, number);
        crc = Crc32C.Append(crc, payload);
        BinaryPrimitives.WriteInt64LittleEndian(number, timestampMs);
        crc = Crc32C.Append(crc, number);
        return crc;
    }

    private static uint AppendString(uint crc, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(length, bytes.Length);
        crc = Crc32C.Append(crc, length);
        return Crc32C.Append(crc, bytes);
    }
}
