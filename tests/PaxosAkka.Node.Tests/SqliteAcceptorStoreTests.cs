using System.Collections.Immutable;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Storage;

namespace PaxosAkka.Node.Tests;

public sealed class SqliteAcceptorStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "paxos-node-tests", Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(_folder, "acceptor.db");

    [Fact]
    public void Promise_and_votes_survive_closing_and_reopening_the_file()
    {
        var value = SlotValue.Of(new Command(new CommandId("c", 1), [1, 2, 3]));
        using (var store = SqliteAcceptorStore.Open(DatabasePath))
        {
            store.Persist(new Ballot(3, 2), [new AcceptedEntry(0, new Ballot(3, 2), value), new AcceptedEntry(1, new Ballot(3, 2), SlotValue.NoOp)]);
        }

        using var reopened = SqliteAcceptorStore.Open(DatabasePath);
        var state = reopened.Load();
        Assert.Equal(new Ballot(3, 2), state.Promised);
        Assert.Equal([0L, 1L], state.Accepted.Keys);
        Assert.Equal(value, state.Accepted[0].Value);
        Assert.True(state.Accepted[1].Value.IsNoOp);
    }

    [Fact]
    public void A_later_vote_for_a_slot_replaces_the_earlier_one()
    {
        using var store = SqliteAcceptorStore.Open(DatabasePath);
        store.Persist(null, [new AcceptedEntry(4, new Ballot(1, 1), SlotValue.NoOp)]);
        var newer = SlotValue.Of(new Command(new CommandId("c", 2), [9]));
        store.Persist(new Ballot(2, 3), [new AcceptedEntry(4, new Ballot(2, 3), newer)]);

        var state = store.Load();
        Assert.Single(state.Accepted);
        Assert.Equal(new AcceptedEntry(4, new Ballot(2, 3), newer), state.Accepted[4]);
    }

    [Fact]
    public void The_stored_promise_never_goes_down()
    {
        using var store = SqliteAcceptorStore.Open(DatabasePath);
        store.Persist(new Ballot(5, 1), []);
        store.Persist(new Ballot(4, 3), []);
        Assert.Equal(new Ballot(5, 1), store.Load().Promised);
    }

    [Fact]
    public void A_fresh_database_holds_the_empty_state()
    {
        using var store = SqliteAcceptorStore.Open(DatabasePath);
        var state = store.Load();
        Assert.Equal(Ballot.Zero, state.Promised);
        Assert.Empty(state.Accepted);
    }

    [Fact]
    public void A_corrupt_file_is_reported_as_a_storage_failure()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllBytes(DatabasePath, [.. Enumerable.Repeat((byte)0x42, 4096)]);
        Assert.Throws<AcceptorStorageException>(() =>
        {
            using var store = SqliteAcceptorStore.Open(DatabasePath);
            store.Load();
        });
    }

    [Fact]
    public void Slot_value_codec_rejects_garbage_instead_of_crashing()
    {
        Assert.Throws<FormatException>(() => SlotValueCodec.Decode([1, 0xFF, 0xFF, 0xFF, 0xFF, 0x07]));
        Assert.Throws<FormatException>(() => SlotValueCodec.Decode([9]));
        Assert.Throws<FormatException>(() => SlotValueCodec.Decode([1, 1, 1, (byte)'a']));
        var value = new SlotValue(ImmutableArray.Create(new Command(new CommandId("ü", 7), []), new Command(new CommandId("x", 8), [0])));
        Assert.Equal(value, SlotValueCodec.Decode(SlotValueCodec.Encode(value)));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
