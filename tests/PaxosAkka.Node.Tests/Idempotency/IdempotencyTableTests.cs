using System.Text;
using PaxosAkka.Node.Store;

namespace PaxosAkka.Node.Tests.Idempotency;

/// <summary>
/// Issue 12: the rule of the Idempotency-Key session table. A remembered answer is returned only for the same request
/// (same operation, key and body); a different request under the key is a conflict; a forgotten key is a new request.
/// </summary>
public sealed class IdempotencyTableTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private static RequestFingerprint Put(string key, string value) => RequestFingerprint.Of(new KvPutCommand(key, B(value)));

    /// <summary>Requests that differ from <c>PUT a v-a</c> in exactly one thing.</summary>
    public static TheoryData<string, KvCommand> OtherRequests() => new()
    {
        { "another key", new KvPutCommand("b", B("v-a")) },
        { "another body", new KvPutCommand("a", B("v-b")) },
        { "an empty body", new KvPutCommand("a", []) },
        { "another operation (DELETE)", new KvDeleteCommand("a") },
        { "another operation (CAS)", new KvCasCommand("a", null, B("v-a")) },
        { "another operation (GET)", new KvReadCommand("a") },
    };

    [Fact]
    public void The_same_request_under_a_remembered_key_gets_the_remembered_answer()
    {
        var table = new IdempotencyTable(10);
        table.Remember("K1", Put("a", "v-a"), new KvWritten(1));

        Assert.Equal(new KvWritten(1), table.Recall("K1", Put("a", "v-a")));
        Assert.Equal(1, table.Count);
    }

    [Theory]
    [MemberData(nameof(OtherRequests))]
    public void A_different_request_under_a_remembered_key_is_a_conflict_naming_both(string difference, KvCommand other)
    {
        var table = new IdempotencyTable(10);
        table.Remember("K1", Put("a", "v-a"), new KvWritten(1));

        var conflict = Assert.IsType<KvIdempotencyConflict>(table.Recall("K1", RequestFingerprint.Of(other)));

        Assert.Equal("K1", conflict.IdempotencyKey);
        Assert.Equal(Put("a", "v-a"), conflict.First);
        Assert.Equal(RequestFingerprint.Of(other), conflict.Request);
        Assert.Contains("first used for PUT a", conflict.Describe(), StringComparison.Ordinal);
        Assert.True(conflict.Describe().Contains(other.Key, StringComparison.Ordinal), difference);
        // Refusing is not using: the key still names its first request.
        Assert.Equal(new KvWritten(1), table.Recall("K1", Put("a", "v-a")));
    }

    [Fact]
    public void Cas_requests_differ_by_expected_value_including_absent_versus_empty()
    {
        var absent = RequestFingerprint.Of(new KvCasCommand("k", null, B("x")));
        var empty = RequestFingerprint.Of(new KvCasCommand("k", [], B("x")));
        var shifted = RequestFingerprint.Of(new KvCasCommand("k", B("a"), B("bx")));
        var split = RequestFingerprint.Of(new KvCasCommand("k", B("ab"), B("x")));

        Assert.Equal(4, new[] { absent, empty, shifted, split }.Distinct().Count());
        Assert.Equal(absent, RequestFingerprint.Of(new KvCasCommand("k", null, B("x"))));
    }

    [Fact]
    public void A_key_never_seen_is_a_new_request()
    {
        var table = new IdempotencyTable(10);
        table.Remember("K1", Put("a", "v-a"), new KvWritten(1));

        Assert.Null(table.Recall("K2", Put("a", "v-a")));
    }

    [Fact]
    public void The_table_forgets_the_key_first_used_longest_ago_and_never_holds_more_than_its_capacity()
    {
        var table = new IdempotencyTable(3);
        for (int i = 1; i <= 5; i++)
        {
            table.Remember($"K{i}", Put("a", $"v{i}"), new KvWritten(i));
            Assert.True(table.Count <= 3);
        }

        Assert.Equal(["K3", "K4", "K5"], table.Export().Select(e => e.IdempotencyKey));
        // A forgotten key is a new request, whatever it was first used for.
        Assert.Null(table.Recall("K1", Put("b", "other")));
        Assert.Null(table.Recall("K2", Put("a", "v2")));
        Assert.Equal(new KvWritten(3), table.Recall("K3", Put("a", "v3")));
    }

    [Fact]
    public void A_retry_does_not_renew_its_key()
    {
        var table = new IdempotencyTable(2);
        table.Remember("K1", Put("a", "1"), new KvWritten(1));
        table.Remember("K2", Put("a", "2"), new KvWritten(2));
        Assert.NotNull(table.Recall("K1", Put("a", "1")));

        table.Remember("K3", Put("a", "3"), new KvWritten(3));

        Assert.Null(table.Recall("K1", Put("a", "1")));
    }

    [Fact]
    public void A_key_is_remembered_once_and_remembering_it_again_is_a_bug()
    {
        var table = new IdempotencyTable(2);
        table.Remember("K1", Put("a", "1"), new KvWritten(1));

        Assert.Throws<InvalidOperationException>(() => table.Remember("K1", Put("b", "2"), new KvWritten(2)));
    }

    [Fact]
    public void Fingerprint_tags_tell_different_requests_apart_and_are_the_same_on_every_node()
    {
        var put = new KvPutCommand("a", B("v-a"));
        var id = IdempotencyKeys.CommandIdFor("K1", put);

        Assert.Equal(id, IdempotencyKeys.CommandIdFor("K1", new KvPutCommand("a", B("v-a"))));
        Assert.NotEqual(id, IdempotencyKeys.CommandIdFor("K1", new KvPutCommand("b", B("v-a"))));
        Assert.NotEqual(id, IdempotencyKeys.CommandIdFor("K1", new KvDeleteCommand("a")));
        Assert.True(id.Sequence >= 1);
        Assert.Equal("K1", IdempotencyKeys.KeyOf(id));
        Assert.Null(IdempotencyKeys.KeyOf(new PaxosAkka.Consensus.CommandId("node-1-abc", 1)));
    }
}
