namespace PaxosAkka.Persistence.Tests.Journal;

/// <summary>Damaged data is reported, never skipped or used; foreign schemas are refused.</summary>
public abstract partial class JournalSpec
{
    [Fact]
    public async Task Tampered_payload_is_reported_naming_persistence_id_and_sequence_nr()
    {
        var journal = NewJournal();
        await journal.WriteAsync(Events("acceptor-1", 1, 3));
        await ExecuteSqlAsync("UPDATE {table} SET payload = @p WHERE persistence_id = 'acceptor-1' AND sequence_nr = 2", ("@p", new byte[] { 1, 2, 3 }));

        var replayed = new List<long>();
        var error = await Assert.ThrowsAsync<PersistenceCorruptionException>(() =>
            journal.ReplayAsync("acceptor-1", 1, long.MaxValue, long.MaxValue, r => replayed.Add(r.SequenceNr)));

        Assert.Equal(("acceptor-1", 2L), (error.PersistenceId, error.SequenceNr));
        Assert.Contains("'acceptor-1'", error.Message, StringComparison.Ordinal);
        Assert.Contains("sequence number 2", error.Message, StringComparison.Ordinal);
        Assert.Equal([1L], replayed);
    }

    [Fact]
    public async Task Tampered_checksum_is_reported_naming_persistence_id_and_sequence_nr()
    {
        var journal = NewJournal();
        await journal.WriteAsync(Events("a", 1, 3));
        await ExecuteSqlAsync("UPDATE {table} SET checksum = checksum + 1 WHERE sequence_nr = 3");

        var error = await Assert.ThrowsAsync<PersistenceCorruptionException>(() => ReplayAsync(journal, "a"));

        Assert.Equal(("a", 3L), (error.PersistenceId, error.SequenceNr));
    }

    [Fact]
    public async Task Truncated_payload_is_reported_naming_persistence_id_and_sequence_nr()
    {
        var journal = NewJournal();
        await journal.WriteAsync(Events("a", 1, 3));
        await ExecuteSqlAsync(Plugin == PersistencePlugin.Sqlite
            ? "UPDATE {table} SET payload = substr(payload, 1, 2) WHERE sequence_nr = 1"
            : "UPDATE {table} SET payload = substring(payload from 1 for 2) WHERE sequence_nr = 1");

        var error = await Assert.ThrowsAsync<PersistenceCorruptionException>(() => ReplayAsync(journal, "a"));

        Assert.Equal(("a", 1L), (error.PersistenceId, error.SequenceNr));
    }

    [Fact]
    public async Task Event_moved_to_another_persistence_id_fails_its_checksum()
    {
        var journal = NewJournal();
        await journal.WriteAsync(Events("a", 1, 1));
        await ExecuteSqlAsync("UPDATE {table} SET persistence_id = 'b' WHERE persistence_id = 'a'");

        var error = await Assert.ThrowsAsync<PersistenceCorruptionException>(() => ReplayAsync(journal, "b"));

        Assert.Equal(("b", 1L), (error.PersistenceId, error.SequenceNr));
    }

    [Fact]
    public async Task Missing_event_in_the_middle_of_a_stream_is_reported_not_skipped()
    {
        var journal = NewJournal();
        await journal.WriteAsync(Events("a", 1, 4));
        await ExecuteSqlAsync("DELETE FROM {table} WHERE sequence_nr = 2");

        var error = await Assert.ThrowsAsync<PersistenceCorruptionException>(() => ReplayAsync(journal, "a"));

        Assert.Equal(("a", 2L), (error.PersistenceId, error.SequenceNr));
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Journal_refuses_a_database_with_a_newer_schema_version()
    {
        await NewJournal().WriteAsync([Event("a", 1)]);
        await ExecuteSqlAsync("UPDATE paxos_schema_version SET version = 99 WHERE object_name = @name", ("@name", TableName));

        var error = await Assert.ThrowsAsync<SchemaVersionException>(() => NewJournal().ReadHighestSequenceNrAsync("a"));

        Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
        Assert.Contains("up to version 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Journal_without_auto_initialize_refuses_an_uninitialized_database()
    {
        var journal = NewJournal(autoInitialize: false);

        var error = await Assert.ThrowsAsync<SchemaVersionException>(() => journal.WriteAsync([Event("a", 1)]));

        Assert.Contains("auto-initialize is off", error.Message, StringComparison.Ordinal);
    }
}
