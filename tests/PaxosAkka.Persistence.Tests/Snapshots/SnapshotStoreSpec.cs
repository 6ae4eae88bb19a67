using PaxosAkka.Persistence.Snapshots;
using PaxosAkka.Persistence.Sql;
using PaxosAkka.Persistence.Tests.Infrastructure;

namespace PaxosAkka.Persistence.Tests.Snapshots;

/// <summary>The snapshot store contract, run against every provider.</summary>
public abstract class SnapshotStoreSpec : SqlStorageSpec
{
    private static readonly DateTimeOffset Epoch = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    protected ISnapshotStore NewStore() =>
        Own<ISnapshotStore>(new SqlSnapshotStore(new SnapshotStoreSettings { Plugin = Plugin, ConnectionString = ConnectionString, TableName = TableName }));

    private static SnapshotMetadata Meta(string persistenceId, long sequenceNr) => new(persistenceId, sequenceNr, Epoch.AddSeconds(sequenceNr));

    private static async Task SaveAsync(ISnapshotStore store, string persistenceId, params long[] sequenceNrs)
    {
        foreach (var sequenceNr in sequenceNrs)
        {
            await store.SaveAsync(Meta(persistenceId, sequenceNr), "state", [(byte)sequenceNr, 42]);
        }
    }

    [Fact]
    public async Task Load_returns_the_latest_snapshot_matching_the_criteria()
    {
        var store = NewStore();
        await SaveAsync(store, "a", 5, 10, 15);
        await SaveAsync(store, "b", 99);

        var latest = await store.LoadAsync("a", SnapshotSelectionCriteria.Latest);
        Assert.Equal(Meta("a", 15), latest!.Metadata);
        Assert.Equal("state", latest.Manifest);
        Assert.Equal([15, 42], latest.Payload);
        Assert.Equal(10, (await store.LoadAsync("a", new SnapshotSelectionCriteria(12, DateTimeOffset.MaxValue)))!.Metadata.SequenceNr);
        Assert.Equal(5, (await store.LoadAsync("a", new SnapshotSelectionCriteria(long.MaxValue, Epoch.AddSeconds(9))))!.Metadata.SequenceNr);
        Assert.Null(await store.LoadAsync("a", new SnapshotSelectionCriteria(long.MaxValue, DateTimeOffset.MaxValue, MinSequenceNr: 16)));
        Assert.Null(await store.LoadAsync("a", SnapshotSelectionCriteria.None));
        Assert.Null(await store.LoadAsync("nobody", SnapshotSelectionCriteria.Latest));
    }

    [Fact]
    public async Task Saving_at_an_existing_sequence_nr_replaces_that_snapshot()
    {
        var store = NewStore();
        await SaveAsync(store, "a", 7);
        await store.SaveAsync(Meta("a", 7), "state-v2", [1, 2, 3]);

        var loaded = await store.LoadAsync("a", SnapshotSelectionCriteria.Latest);

        Assert.Equal("state-v2", loaded!.Manifest);
        Assert.Equal([1, 2, 3], loaded.Payload);
    }

    [Fact]
    public async Task Delete_removes_one_snapshot_and_load_falls_back_to_the_previous()
    {
        var store = NewStore();
        await SaveAsync(store, "a", 5, 10);

        await store.DeleteAsync(Meta("a", 10));

        Assert.Equal(5, (await store.LoadAsync("a", SnapshotSelectionCriteria.Latest))!.Metadata.SequenceNr);
    }

    [Fact]
    public async Task Delete_by_criteria_removes_only_matching_snapshots()
    {
        var store = NewStore();
        await SaveAsync(store, "a", 5, 10, 15);
        await SaveAsync(store, "b", 5);

        await store.DeleteAsync("a", new SnapshotSelectionCriteria(10, DateTimeOffset.MaxValue));

        Assert.Equal(15, (await store.LoadAsync("a", SnapshotSelectionCriteria.Latest))!.Metadata.SequenceNr);
        Assert.Null(await store.LoadAsync("a", new SnapshotSelectionCriteria(14, DateTimeOffset.MaxValue)));
        Assert.NotNull(await store.LoadAsync("b", SnapshotSelectionCriteria.Latest));
    }

    [Fact]
    public async Task Corrupt_snapshot_is_reported_naming_persistence_id_and_sequence_nr_never_returned()
    {
        var store = NewStore();
        await SaveAsync(store, "acceptor-2", 5, 10);
        await ExecuteSqlAsync("UPDATE {table} SET payload = @p WHERE sequence_nr = 10", ("@p", new byte[] { 10, 43 }));

        var error = await Assert.ThrowsAsync<PersistenceCorruptionException>(() => store.LoadAsync("acceptor-2", SnapshotSelectionCriteria.Latest));

        Assert.Equal(("acceptor-2", 10L), (error.PersistenceId, error.SequenceNr));
        Assert.Contains("'acceptor-2'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_store_refuses_a_database_with_a_newer_schema_version()
    {
        await SaveAsync(NewStore(), "a", 1);
        await ExecuteSqlAsync("UPDATE paxos_schema_version SET version = 2 WHERE object_name = @name", ("@name", TableName));

        var error = await Assert.ThrowsAsync<SchemaVersionException>(() => NewStore().LoadAsync("a", SnapshotSelectionCriteria.Latest));

        Assert.Contains("schema version 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("up to version 1", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>The snapshot store contract on a real SQLite file.</summary>
public sealed class SqliteSnapshotStoreSpec : SnapshotStoreSpec
{
    private readonly TempSqliteDatabase _database;

    public SqliteSnapshotStoreSpec() => _database = OwnTempSqliteDatabase();

    protected override PersistencePlugin Plugin => PersistencePlugin.Sqlite;

    protected override string ConnectionString => _database.ConnectionString;
}

/// <summary>The snapshot store contract on a real throwaway PostgreSQL server.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlSnapshotStoreSpec(PostgreSqlServerFixture server) : SnapshotStoreSpec
{
    protected override PersistencePlugin Plugin => PersistencePlugin.PostgreSql;

    protected override string ConnectionString => server.ConnectionString;
}
