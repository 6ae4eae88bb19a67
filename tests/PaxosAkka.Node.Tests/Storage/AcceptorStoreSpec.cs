using System.Collections.Immutable;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Storage;

namespace PaxosAkka.Node.Tests.Storage;

/// <summary>
/// The <see cref="IAcceptorStore"/> contract (Paxos Made Simple §2.3: an acceptor remembers its promise and votes
/// across crashes), one abstract spec run against every backend alike.
/// </summary>
public abstract class AcceptorStoreSpec
{
    private static readonly SlotValue Value = SlotValue.Of(new Command(new CommandId("client-ü", 1), [1, 2, 3]));

    /// <summary>Opens the store under test; every call opens the same durable location again.</summary>
    protected abstract IAcceptorStore Open();

    /// <summary>Opens a store whose storage cannot work (unreachable server, unusable path).</summary>
    protected abstract IAcceptorStore OpenBroken();

    [Fact]
    public void A_fresh_store_holds_the_empty_state()
    {
        using var store = Open();
        var state = store.Load();
        Assert.Equal(Ballot.Zero, state.Promised);
        Assert.Empty(state.Accepted);
    }

    [Fact]
    public void Promise_and_votes_survive_closing_and_reopening_the_store()
    {
        using (var store = Open())
        {
            store.Load();
            store.Persist(new Ballot(3, 2), [new AcceptedEntry(0, new Ballot(3, 2), Value), new AcceptedEntry(1, new Ballot(3, 2), SlotValue.NoOp)]);
        }

        using var reopened = Open();
        var state = reopened.Load();
        Assert.Equal(new Ballot(3, 2), state.Promised);
        Assert.Equal([0L, 1L], state.Accepted.Keys);
        Assert.Equal(new AcceptedEntry(0, new Ballot(3, 2), Value), state.Accepted[0]);
        Assert.True(state.Accepted[1].Value.IsNoOp);
    }

    [Fact]
    public void A_later_vote_for_a_slot_replaces_the_earlier_one()
    {
        using var store = Open();
        store.Load();
        store.Persist(null, [new AcceptedEntry(4, new Ballot(1, 1), SlotValue.NoOp)]);
        store.Persist(new Ballot(2, 3), [new AcceptedEntry(4, new Ballot(2, 3), Value)]);

        var state = store.Load();
        Assert.Single(state.Accepted);
        Assert.Equal(new AcceptedEntry(4, new Ballot(2, 3), Value), state.Accepted[4]);
    }

    [Fact]
    public void The_stored_promise_never_goes_down()
    {
        using var store = Open();
        store.Load();
        store.Persist(new Ballot(5, 1), []);
        store.Persist(new Ballot(4, 3), []);
        Assert.Equal(new Ballot(5, 1), store.Load().Promised);
    }

    [Fact]
    public void A_persist_with_nothing_to_persist_changes_nothing()
    {
        using var store = Open();
        store.Load();
        store.Persist(new Ballot(2, 2), [new AcceptedEntry(7, new Ballot(2, 2), Value)]);
        store.Persist(null, []);
        store.Persist(null, default);
        var state = store.Load();
        Assert.Equal(new Ballot(2, 2), state.Promised);
        Assert.Equal([7L], state.Accepted.Keys);
    }

    [Fact]
    public void A_batch_of_votes_in_one_persist_is_durable_entirely()
    {
        var batch = Enumerable.Range(0, 200)
            .Select(slot => new AcceptedEntry(slot, new Ballot(9, 4), SlotValue.Of(new Command(new CommandId("batch", slot + 1), [(byte)slot]))))
            .ToImmutableArray();
        using (var store = Open())
        {
            store.Load();
            store.Persist(new Ballot(9, 4), batch);
        }

        using var reopened = Open();
        var state = reopened.Load();
        Assert.Equal(batch, state.Accepted.Values);
    }

    [Fact]
    public void Storage_that_cannot_work_fails_with_a_storage_exception()
    {
        Assert.Throws<AcceptorStorageException>(() =>
        {
            using var store = OpenBroken();
            store.Load();
        });
    }
}
