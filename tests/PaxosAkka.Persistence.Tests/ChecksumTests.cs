using System.Text;
using PaxosAkka.Persistence.Sql;

namespace PaxosAkka.Persistence.Tests;

public sealed class ChecksumTests
{
    [Fact]
    public void Crc32C_matches_the_standard_check_value()
    {
        // The published CRC-32C check value for the ASCII string "123456789" (RFC 3720, B.4).
        Assert.Equal(0xE3069283u, Crc32C.Append(0, Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void Crc32C_can_be_computed_in_chunks()
    {
        var data = Encoding.ASCII.GetBytes("123456789");

        Assert.Equal(Crc32C.Append(0, data), Crc32C.Append(Crc32C.Append(0, data.AsSpan(0, 4)), data.AsSpan(4)));
    }

    [Fact]
    public void Row_checksum_changes_when_bytes_move_between_fields()
    {
        var a = RowChecksum.Compute("ab", 1, "c", [1], 0);
        var b = RowChecksum.Compute("a", 1, "bc", [1], 0);

        Assert.NotEqual(a, b);
        Assert.NotEqual(a, RowChecksum.Compute("ab", 2, "c", [1], 0));
        Assert.NotEqual(a, RowChecksum.Compute("ab", 1, "c", [1], 1));
    }
}
