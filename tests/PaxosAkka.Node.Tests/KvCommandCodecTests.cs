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

    private static string Describe(KvCommand c) => c switch
    {
        KvPutCommand p => $"put {p.Key} {Convert.ToHexString(p.Value)}",
        KvCasCommand x => $"cas {x.Key} {(x.Expected is null ? "null" : Convert.ToHexString(x.Expected))} {Convert.ToHexString(x.Value)}",
        _ => c.ToString(),
    };
}
