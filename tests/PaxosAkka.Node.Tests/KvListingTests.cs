using System.Text;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Hosting;
using PaxosAkka.Node.Replication;
using PaxosAkka.Node.Store;

namespace PaxosAkka.Node.Tests;

/// <summary>Listing keys by prefix, a page at a time, as the replicated state machine answers it.</summary>
public class KvListingTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private static KvStateMachine StoreWith(params string[] keys)
    {
        var store = new KvStateMachine();
        var commands = keys.Select((k, i) => new Command(new CommandId("c", i + 1), KvCommandCodec.Encode(new KvPutCommand(k, B("value-of-" + k)))));
        store.Apply(new ChosenEntry(0, new SlotValue([.. commands])));
        return store;
    }

    private static string[] Keys(KvListing listing) => [.. listing.Keys.Select(k => k.Key)];

    [Fact]
    public void Listing_answers_the_keys_with_the_prefix_in_ordinal_order_with_revision_and_size()
    {
        var store = StoreWith("files/b.txt", "other", "files/a.txt", "files", "filesystem", "files/sub/c");
        var listing = store.ListLocal("files/", null, 10);
        Assert.Equal(["files/a.txt", "files/b.txt", "files/sub/c"], Keys(listing));
        var a = listing.Keys[0];
        Assert.Equal(3, a.Revision);
        Assert.Equal(B("value-of-files/a.txt").Length, a.Size);
        Assert.Null(listing.Next);
        Assert.Equal(6, listing.Revision);
    }

    [Fact]
    public void Empty_prefix_lists_every_key()
    {
        var store = StoreWith("b", "a", "c");
        Assert.Equal(["a", "b", "c"], Keys(store.ListLocal("", null, 10)));
    }

    [Fact]
    public void Pages_follow_each_other_through_next_until_it_is_null()
    {
        var store = StoreWith([.. Enumerable.Range(0, 25).Select(i => $"k/{i:00}")]);
        var seen = new List<string>();
        string? after = null;
        int pages = 0;
        do
        {
            var page = store.ListLocal("k/", after, 10);
            seen.AddRange(Keys(page));
            after = page.Next;
            pages++;
            Assert.True(page.Keys.Length <= 10);
            if (page.Next is not null)
            {
                Assert.Equal(page.Keys[^1].Key, page.Next);
            }
        }
        while (after is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"k/{i:00}"), seen);
    }

    [Fact]
    public void A_full_page_says_next_only_when_another_key_with_the_prefix_follows()
    {
        var store = StoreWith("p/1", "p/2", "q");
        var page = store.ListLocal("p/", null, 2);
        Assert.Equal(["p/1", "p/2"], Keys(page));
        Assert.Null(page.Next);
    }

    [Fact]
    public void After_outside_the_prefix_range_is_handled_on_both_sides()
    {
        var store = StoreWith("a", "m/1", "m/2", "z");
        Assert.Equal(["m/1", "m/2"], Keys(store.ListLocal("m/", "b", 10)));
        Assert.Empty(store.ListLocal("m/", "n", 10).Keys);
        Assert.Equal(["m/2"], Keys(store.ListLocal("m/", "m/1", 10)));
    }

    [Fact]
    public void Deleted_keys_leave_the_listing_and_rewritten_ones_show_their_new_revision()
    {
        var store = StoreWith("a", "b");
        store.Apply(new ChosenEntry(1, new SlotValue(
        [
            new Command(new CommandId("d", 1), KvCommandCodec.Encode(new KvDeleteCommand("a"))),
            new Command(new CommandId("d", 2), KvCommandCodec.Encode(new KvPutCommand("b", B("longer value")))),
        ])));
        var listing = store.ListLocal("", null, 10);
        var only = Assert.Single(listing.Keys);
        Assert.Equal(new KvListedKey("b", 4, 12), only);
    }

    [Fact]
    public void Keys_with_the_highest_characters_still_list_under_their_prefix()
    {
        string high = "x\uffff";
        var store = StoreWith(high, high + "\uffff", high + "a", "y", "x");
        Assert.Equal([high, high + "a", high + "\uffff"], Keys(store.ListLocal(high, null, 10)));
        Assert.Equal(["x", high, high + "a", high + "\uffff"], Keys(store.ListLocal("x", null, 10)));
    }

    [Theory]
    [InlineData("ab", "ac")]
    [InlineData("a\uffff", "b")]
    [InlineData("\uffff\uffff", null)]
    [InlineData("", null)]
    public void Prefix_end_is_the_least_string_above_every_string_with_the_prefix(string prefix, string? end)
    {
        Assert.Equal(end, KvStateMachine.PrefixEnd(prefix));
    }

    [Fact]
    public void A_listing_ordered_through_the_log_answers_as_of_its_slot_and_changes_nothing()
    {
        var store = StoreWith("a/1", "a/2");
        var results = store.Apply(new ChosenEntry(1, new SlotValue(
        [
            new Command(new CommandId("l", 1), KvCommandCodec.Encode(new KvListCommand("a/", null, 10))),
            new Command(new CommandId("l", 2), KvCommandCodec.Encode(new KvPutCommand("a/3", B("x")))),
            new Command(new CommandId("l", 3), KvCommandCodec.Encode(new KvListCommand("a/", "a/1", 10))),
        ])));
        Assert.Equal(["a/1", "a/2"], Keys(Assert.IsType<KvListing>(results[0].Result)));
        Assert.Equal(["a/2", "a/3"], Keys(Assert.IsType<KvListing>(results[2].Result)));
        Assert.Equal(3, store.Revision);
    }

    [Fact]
    public void A_restored_replica_lists_the_same_keys()
    {
        var store = StoreWith("b", "a", "c/1");
        var copy = KvStateMachine.Restore(store.Capture());
        Assert.Equal(Keys(store.ListLocal("", null, 10)), Keys(copy.ListLocal("", null, 10)));
        Assert.Equal(store.ListLocal("", null, 10).Keys.ToArray(), copy.ListLocal("", null, 10).Keys.ToArray());
    }

    [Fact]
    public void A_log_entry_with_a_limit_out_of_range_is_rejected_the_same_way_everywhere()
    {
        var bytes = KvCommandCodec.Encode(new KvListCommand("p", null, KvListCommand.MaxLimit + 1));
        var store = new KvStateMachine();
        var result = store.Apply(new ChosenEntry(0, new SlotValue([new Command(new CommandId("c", 1), bytes)])))[0].Result;
        Assert.Contains("listing limit 1001 is outside 1..1000", Assert.IsType<KvRejected>(result).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_listing_answer_crosses_the_wire_to_the_node_that_took_the_request()
    {
        // In the two-phase-commit topology (004) the coordinating learner sends the answer to the requesting node.
        var listing = StoreWith("a/1", "a/2").ListLocal("a/", null, 1);
        var sent = new ReplicationProtocol.ClientReplies([new CommandResult(new CommandId("node-1-x", 4), listing)]);
        var back = Wire.RoundTrip(sent);
        var got = Assert.IsType<KvListing>(Assert.Single(back.Results).Result);
        Assert.Equal(listing.Keys.ToArray(), got.Keys.ToArray());
        Assert.Equal(("a/1", 2L), (got.Next, got.Revision));
    }
}
