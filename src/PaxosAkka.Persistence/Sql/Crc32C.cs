namespace PaxosAkka.Persistence.Sql;

/// <summary>
/// CRC-32C (Castagnoli), table driven. Written here because System.IO.Hashing is not on our package mirror;
/// the polynomial is the one iSCSI, ext4 and RocksDB use for the same job: catching torn or altered records.
/// </summary>
internal static class Crc32C
{
    private const uint ReversedPolynomial = 0x82F63B78u;
    private static readonly uint[] Table = BuildTable();

    /// <summary>Continues a CRC over <paramref name="data"/>; start with <c>0</c> and feed chunks in order.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var c = ~crc;
        foreach (var b in data)
        {
            c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
        }

        return ~c;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ ReversedPolynomial : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
