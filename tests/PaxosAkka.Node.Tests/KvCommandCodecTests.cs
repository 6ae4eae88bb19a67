using System.Text;
using PaxosAkka.Node.Store;

namespace PaxosAkka.Node.Tests;

public class KvCommandCodecTests
{
    public static TheoryData<KvCommand> Commands => new()
    {
        new KvPutCommand("key", Encoding.UTF8.GetBytes("value")),
        new KvPutCommand("ключ/😀", []),
        new KvDeleteCommand("k"),
        new KvCasCommand("k", null, [1, 2, 3]),
        new KvCasCommand("k", [], [4]),
        new KvReadCommand(""),
        new KvListCommand("files/", null, 100),
        new KvListCommand("", "files/é", KvListCommand.MaxLimit),
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void Every_command_survives_a_round_trip(KvCommand command)
    {
        var decoded = KvCommandCodec.Decode(KvCommandCodec.Encode(command));
        Assert.Equal(Describe(command), Describe(decoded));
    }

    [Fact]
    public void Every_truncation_of_an_entry_is_refused_not_misread()
    {
        var bytes = KvCommandCodec.Encode(new KvCasCommand("key", [1, 2], [3, 4, 5]));
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<FormatException>(() => KvCommandCodec.Decode(bytes.AsSpan(0, length)));
        }
    }

    [Fact]
    public void Entry_from_a_newer_format_version_is_refused_with_both_versions_named()
    {
        var bytes = KvCommandCodec.Encode(new KvDeleteCommand("k"));
        bytes[0] = 7;
        var error = Assert.Throws<FormatException>(() => KvCommandCodec.Decode(bytes));
        Assert.Contains("version 7", error.Message, StringComparison.Ordinal);
        Assert.Contains($"version {KvCommandCodec.Version}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_garbage_never_throws_anything_but_format_errors()
    {
        var random = new Random(7);
        for (var i = 0; i < 5_000; i++)
        {
            var garbage = new byte[random.Next(0, 40)];
            random.NextBytes(garbage);
            if (garbage.Length > 0)
            {
                garbage[0] = KvCommandCodec.Version;
            }

            try
            {
                KvCommandCodec.Decode(garbage);
            }
            catch (FormatException)
            {
            }
        }
    }

    [Fact]
    public void Every_truncation_of_a_listing_is_refused_not_misread()
    {
        var bytes = KvCommandCodec.Encode(new KvListCommand("pre", "after", 7));
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<FormatException>(() => KvCommandCodec.Decode(bytes.AsSpan(0, length)));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(KvListCommand.MaxLimit + 1)]
    public void Listing_with_a_limit_outside_1_to_MaxLimit_does_not_decode(int limit)
    {
        var bytes = KvCommandCodec.Encode(new KvListCommand("p", null, limit));
        var error = Assert.Throws<FormatException>(() => KvCommandCodec.Decode(bytes));
        Assert.Contains($"listing limit {limit}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Peek_tells_kind_key_and_value_size_without_the_value()
    {
        Assert.Equal(new KvCommandSummary("put", "k", 1000), KvCommandCodec.Peek(KvCommandCodec.Encode(new KvPutCommand("k", new byte[1000]))));
        Assert.Equal(new KvCommandSummary("cas", "c", 2), KvCommandCodec.Peek(KvCommandCodec.Encode(new KvCasCommand("c", [9, 9, 9], [1, 2]))));
        Assert.Equal(new KvCommandSummary("delete", "d", 0), KvCommandCodec.Peek(KvCommandCodec.Encode(new KvDeleteCommand("d"))));
        Assert.Equal(new KvCommandSummary("read", "r", 0), KvCommandCodec.Peek(KvCommandCodec.Encode(new KvReadCommand("r"))));
        Assert.Equal(new KvCommandSummary("list", "p/", 0), KvCommandCodec.Peek(KvCommandCodec.Encode(new KvListCommand("p/", null, 5))));
        Assert.Null(KvCommandCodec.Peek([KvCommandCodec.Version, 99, 0, 0, 0, 0]));
        Assert.Null(KvCommandCodec.Peek([7, 1]));
        Assert.Null(KvCommandCodec.Peek([KvCommandCodec.Version, 1, 200, 0, 0, 0]));
    }

    private static string Describe(KvCommand c) => c switch
    {
        KvPutCommand p => $"put {p.Key} {Convert.ToHexString(p.Value)}",
        KvCasCommand x => $"cas {x.Key} {(x.Expected is null ? "null" : Convert.ToHexString(x.Expected))} {Convert.ToHexString(x.Value)}",
        _ => c.ToString(),
    };
}
