using System.Collections.Immutable;
using System.Text;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Replication;
using PaxosAkka.Node.Store;
using static PaxosAkka.Node.Replication.ReplicationProtocol;

namespace PaxosAkka.Node.Tests.Replication;

public sealed class StoreParticipantTests
{
    private static ChosenEntry Put(long slot, string key, string value) =>
        new(slot, SlotValue.Of(new Command(new CommandId("c", slot + 1), KvCommandCodec.Encode(new KvPutCommand(key, Encoding.UTF8.GetBytes(value))))));

    private static ImmutableArray<ChosenEntry> Slots(params ChosenEntry[] entries) => [.. entries];

    [Fact]
    public void Prepared_slots_are_invisible_until_the_commit()
    {
        var store = new StoreParticipant(1);
        var txn = Slots(Put(0, "k", "v"));

        var vote = store.OnPrepare(new StorePrepare(9, 0, 1, txn));

        Assert.True(vote.Yes);
        Assert.Equal(0, store.PreparedSlot);
        Assert.Equal(KvNotFound.Instance, store.State.ReadLocal("k"));
        var committed = store.OnCommit(new StoreCommit(9, 0, 1, txn));
        Assert.Equal(0, committed.AppliedSlot);
        Assert.Equal(new KvWritten(1), Assert.Single(committed.Results).Result);
        Assert.Null(store.PreparedSlot);
        Assert.Equal("v", TwoPhaseHarness.Text(store.State.ReadLocal("k")));
    }

    [Fact]
    public void Abort_forgets_the_prepared_slots_and_applies_nothing()
    {
        var store = new StoreParticipant(1);
        store.OnPrepare(new StorePrepare(9, 0, 1, Slots(Put(0, "k", "v"))));

        store.OnAbort(new StoreAbort(9, 0, 1));

        Assert.Null(store.PreparedSlot);
        Assert.Equal(-1, store.AppliedSlot);
        Assert.Equal(KvNotFound.Instance, store.State.ReadLocal("k"));
    }

    [Fact]
    public void A_store_that_missed_slots_votes_no_with_how_far_it_is()
    {
        var store = new StoreParticipant(1);

        var vote = store.OnPrepare(new StorePrepare(9, 3, 1, Slots(Put(3, "k", "v"))));

        Assert.False(vote.Yes);
        Assert.Equal(-1, vote.AppliedSlot);
        Assert.Null(store.PreparedSlot);
    }

    [Fact]
    public void A_duplicate_commit_applies_nothing_twice()
    {
        var store = new StoreParticipant(1);
        var txn = Slots(Put(0, "k", "v"), Put(1, "k", "w"));
        store.OnCommit(new StoreCommit(9, 0, 1, txn));

        var again = store.OnCommit(new StoreCommit(8, 0, 1, txn));

        Assert.Empty(again.Results);
        Assert.Equal(1, again.AppliedSlot);
        Assert.Equal(2, store.State.Revision);
    }

    [Fact]
    public void A_commit_beyond_a_gap_is_not_applied_and_reports_the_applied_slot()
    {
        var store = new StoreParticipant(1);

        var committed = store.OnCommit(new StoreCommit(9, 5, 1, Slots(Put(5, "k", "v"))));

        Assert.Equal(-1, committed.AppliedSlot);
        Assert.Empty(committed.Results);
    }

    [Fact]
    public void A_commit_is_applied_even_when_another_coordinator_aborted_the_prepared_copy()
    {
        // Both coordinators only ever carry the chosen value of a slot, so applying it from the commit is safe.
        var store = new StoreParticipant(1);
        var txn = Slots(Put(0, "k", "v"));
        store.OnPrepare(new StorePrepare(9, 0, 1, txn));
        store.OnAbort(new StoreAbort(8, 0, 1));

        var committed = store.OnCommit(new StoreCommit(9, 0, 1, txn));

        Assert.Equal(0, committed.AppliedSlot);
    }

    [Fact]
    public void Catch_up_applies_the_missing_slots_in_order_and_skips_those_already_applied()
    {
        var store = new StoreParticipant(1);
        store.OnCommit(new StoreCommit(9, 0, 1, Slots(Put(0, "a", "1"))));

        var status = store.OnCatchUp(new StoreCatchUp(9, Slots(Put(0, "a", "1"), Put(1, "b", "2"), Put(2, "c", "3"))));

        Assert.Equal(2, status.AppliedSlot);
        Assert.Equal(3, store.State.Revision);
    }

    [Fact]
    public void Status_reports_the_applied_and_the_prepared_slot()
    {
        var store = new StoreParticipant(4);
        store.OnCommit(new StoreCommit(9, 0, 1, Slots(Put(0, "a", "1"))));
        store.OnPrepare(new StorePrepare(9, 1, 2, Slots(Put(1, "a", "2"))));

        Assert.Equal(new StoreStatus(4, 0, 1), store.Status());
    }
}
