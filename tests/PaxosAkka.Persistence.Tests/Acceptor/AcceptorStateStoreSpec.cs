using System.Collections.Immutable;
using System.Text;
using PaxosAkka.Consensus;
using PaxosAkka.Persistence.Acceptor;
using PaxosAkka.Persistence.Tests.Infrastructure;

namespace PaxosAkka.Persistence.Tests.Acceptor;

/// <summary>
/// The acceptor's durable state (Paxos Made Simple §2.3: promises and accepted values survive a crash), run
/// against every provider. The store must always equal the core's own model, <see cref="AcceptorDurableState.Apply"/>.
/// </summary>
public abstract class AcceptorStateStoreSpec : SqlStorageSpec
{
    protected IAcceptorStateStore NewStore() =>
        Own<IAcceptorStateStore>(new SqlAcceptorStateStore(new AcceptorStoreSettings { Plugin = Plugin, ConnectionString = ConnectionString, TableName = TableName }));

    private static SlotValue Value(params string[] clients) =>
        SlotValue.Of(clients.Select((c, i) => new Command(new CommandId(c, i + 1), Encoding.UTF8.GetBytes($"set {c} {i}"))));

    private static Ready ReadyOf(Ballot? promise, params AcceptedEntry[] entries) => Ready.Empty with { PromiseToPersist = promise, EntriesToPersist = [.. entries] };

    private static void AssertSameState(AcceptorDurableState expected, AcceptorDurableState actual)
    {
        Assert.Equal(expected.Promised, actual.Promised);
        Assert.Equal(expected.CompactedBelow, actual.CompactedBelow);
        Assert.Equal(expected.Accepted.Keys, actual.Accepted.Keys);
        foreach (var (slot, entry) in expected.Accepted)
        {
            Assert.Equal(entry, actual.Accepted[slot]);
        }
    }

    [Fact]
    public async Task Acceptor_that_never_saved_recovers_the_empty_state()
    {
        AssertSameState(AcceptorDurableState.Empty, await NewStore().LoadAsync(1));
    }

    [Fact]
    public async Task Acceptor_recovers_its_promise_and_accepted_entries_after_restart()
    {
        var ready = ReadyOf(new Ballot(3, 1), new AcceptedEntry(0, new Ballot(3, 1), Value("a", "b")), new AcceptedEntry(1, new Ballot(3, 1), SlotValue.NoOp));
        await using (var first = new SqlAcceptorStateStore(new AcceptorStoreSettings { Plugin = Plugin, ConnectionString = ConnectionString, TableName = TableName }))
        {
            await first.SaveAsync(1, ready);
        }

        AssertSameState(AcceptorDurableState.Empty.Apply(ready), await NewStore().LoadAsync(1));
    }

    [Fact]
    public async Task Acceptor_promise_never_moves_backwards()
    {
        var store = NewStore();
        await store.SaveAsync(1, new Ballot(5, 1), []);
        await store.SaveAsync(1, new Ballot(3, 2), []);
        await store.SaveAsync(1, new Ballot(5, 0), []);

        Assert.Equal(new Ballot(5, 1), (await store.LoadAsync(1)).Promised);
    }

    [Fact]
    public async Task Acceptors_sharing_a_database_are_isolated()
    {
        var store = NewStore();
        await store.SaveAsync(1, ReadyOf(new Ballot(2, 9), new AcceptedEntry(0, new Ballot(2, 9), Value("x"))));
        await store.SaveAsync(2, ReadyOf(new Ballot(7, 9)));

        Assert.Single((await store.LoadAsync(1)).Accepted);
        Assert.Empty((await store.LoadAsync(2)).Accepted);
        Assert.Equal(new Ballot(7, 9), (await store.LoadAsync(2)).Promised);
    }

    [Fact]
    public async Task Compaction_drops_entries_below_the_bound_and_the_bound_survives_restart()
    {
        var store = NewStore();
        var entries = Enumerable.Range(0, 5).Select(s => new AcceptedEntry(s, new Ballot(1, 1), Value($"c{s}"))).ToArray();
        await store.SaveAsync(1, ReadyOf(new Ballot(1, 1), entries));

        await store.CompactBelowAsync(1, 3);
        await store.SaveAsync(1, ReadyOf(null, new AcceptedEntry(1, new Ballot(2, 1), Value("late"))));

        var recovered = await NewStore().LoadAsync(1);
        Assert.Equal(3, recovered.CompactedBelow);
        Assert.Equal([3L, 4], recovered.Accepted.Keys);
        Assert.Equal(new Ballot(1, 1), recovered.Promised);
    }

    [Fact]
    public async Task Store_matches_the_core_model_over_a_random_sequence_of_saves_and_compactions()
    {
        const int seed = 20261122;
        var random = new Random(seed);
        var store = NewStore();
        var model = AcceptorDurableState.Empty;
        for (var step = 0; step < 60; step++)
        {
            if (random.Next(10) == 0)
            {
                var below = model.CompactedBelow + random.Next(0, 4);
                await store.CompactBelowAsync(7, below);
                model = model.CompactBelow(below);
            }
            else
            {
                Ballot? promise = random.Next(3) == 0 ? null : new Ballot(random.Next(1, 20), random.Next(0, 3));
                var entries = Enumerable.Range(0, random.Next(0, 4))
                    .Select(_ => new AcceptedEntry(random.Next(0, 30), new Ballot(random.Next(1, 20), random.Next(0, 3)), Value($"k{random.Next(100)}")))
                    .GroupBy(e => e.Slot).Select(g => g.Last()).ToArray();
                var ready = ReadyOf(promise, entries);
                await store.SaveAsync(7, ready);
                model = model.Apply(ready);
            }

            AssertSameState(model, await store.LoadAsync(7));
        }
    }

    [Fact]
    public async Task Concurrent_saves_from_many_acceptors_are_all_durable()
    {
        var store = NewStore();
        await Task.WhenAll(Enumerable.Range(1, 16).Select(id => Task.Run(async () =>
        {
            for (var slot = 0; slot < 10; slot++)
            {
                await store.SaveAsync(id, ReadyOf(new Ballot(slot + 1, id), new AcceptedEntry(slot, new Ballot(slot + 1, id), Value($"a{id}"))));
            }
        })));

        for (var id = 1; id <= 16; id++)
        {
            var state = await store.LoadAsync(id);
            Assert.Equal(new Ballot(10, id), state.Promised);
            Assert.Equal(10, state.Accepted.Count);
        }
    }

    [Fact]
    public async Task Corrupt_accepted_entry_is_reported_naming_acceptor_and_slot()
    {
        var store = NewStore();
        await store.SaveAsync(4, ReadyOf(new Ballot(1, 1), new AcceptedEntry(0, new Ballot(1, 1), Value("a")), new AcceptedEntry(1, new Ballot(1, 1), Value("b"))));
        await ExecuteSqlAsync("UPDATE {table}_accepted SET round = 9 WHERE slot = 1");

        var error = await Assert.ThrowsAsync<PersistenceCorruptionException>(() => store.LoadAsync(4));

        Assert.Equal(("acceptor-4", 1L), (error.PersistenceId, error.SequenceNr));
    }

    [Fact]
    public async Task Truncated_accepted_value_is_reported_not_decoded()
    {
        var store = NewStore();
        await store.SaveAsync(4, ReadyOf(null, new AcceptedEntry(2, new Ballot(1, 1), Value("a", "b"))));
        await ExecuteSqlAsync(Plugin == PersistencePlugin.Sqlite
            ? "UPDATE {table}_accepted SET value = substr(value, 1, 6)"
            : "UPDATE {table}_accepted SET value = substring(value from 1 for 6)");

        var error = await Assert.ThrowsAsync<PersistenceCorruptionException>(() => store.LoadAsync(4));

        Assert.Equal(("acceptor-4", 2L), (error.PersistenceId, error.SequenceNr));
    }

    [Fact]
    public async Task Tampered_promise_is_reported_not_trusted()
    {
        var store = NewStore();
        await store.SaveAsync(3, new Ballot(8, 2), []);
        await ExecuteSqlAsync("UPDATE {table}_promise SET round = 1");

        var error = await Assert.ThrowsAsync<PersistenceCorruptionException>(() => store.LoadAsync(3));

        Assert.Equal("acceptor-3", error.PersistenceId);
        Assert.Contains("promise", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acceptor_store_refuses_a_database_with_a_newer_schema_version()
    {
        await NewStore().SaveAsync(1, new Ballot(1, 1), []);
        await ExecuteSqlAsync("UPDATE paxos_schema_version SET version = 5 WHERE object_name = @name", ("@name", TableName));

        var error = await Assert.ThrowsAsync<SchemaVersionException>(() => NewStore().LoadAsync(1));

        Assert.Contains("schema version 5", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>Acceptor state on a real SQLite file.</summary>
public sealed class SqliteAcceptorStateStoreSpec : AcceptorStateStoreSpec
{
    private readonly TempSqliteDatabase _database;

    public SqliteAcceptorStateStoreSpec() => _database = OwnTempSqliteDatabase();

    protected override PersistencePlugin Plugin => PersistencePlugin.Sqlite;

    protected override string ConnectionString => _database.ConnectionString;
}

/// <summary>Acceptor state on a real throwaway PostgreSQL server.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlAcceptorStateStoreSpec(PostgreSqlServerFixture server) : AcceptorStateStoreSpec
{
    protected override PersistencePlugin Plugin => PersistencePlugin.PostgreSql;

    protected override string ConnectionString => server.ConnectionString;
}
