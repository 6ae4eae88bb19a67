using System.Text;
using PaxosAkka.Persistence.Journal;
using PaxosAkka.Persistence.Sql;
using PaxosAkka.Persistence.Tests.Infrastructure;

namespace PaxosAkka.Persistence.Tests.Journal;

/// <summary>
/// The journal contract, run against every provider (SqliteJournalSpec, PostgreSqlJournalSpec): the same
/// rules must hold whichever engine stores the events.
/// </summary>
public abstract partial class JournalSpec : SqlStorageSpec
{
    private static readonly DateTimeOffset Epoch = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    protected SqlJournal NewJournal(int maxBatchEvents = 1000, bool autoInitialize = true) => Own(new SqlJournal(new JournalSettings
    {
        Plugin = Plugin,
        ConnectionString = ConnectionString,
        TableName = TableName,
        AutoInitialize = autoInitialize,
        MaxBatchEvents = maxBatchEvents,
    }));

    protected static PersistentRepr Event(string persistenceId, long sequenceNr, string manifest = "test-event") =>
        new(persistenceId, sequenceNr, manifest, Encoding.UTF8.GetBytes($"{persistenceId}#{sequenceNr}"), Epoch.AddMilliseconds(sequenceNr));

    protected static PersistentRepr[] Events(string persistenceId, long from, long to) =>
        [.. Enumerable.Range((int)from, (int)(to - from + 1)).Select(s => Event(persistenceId, s))];

    protected static async Task<List<PersistentRepr>> ReplayAsync(
        IJournal journal, string persistenceId, long from = 1, long to = long.MaxValue, long max = long.MaxValue)
    {
        var replayed = new List<PersistentRepr>();
        await journal.ReplayAsync(persistenceId, from, to, max, replayed.Add);
        return replayed;
    }

    [Fact]
    public async Task Journal_replays_events_in_sequence_order_with_their_content()
    {
        var journal = NewJournal();
        await journal.WriteAsync(Events("a", 1, 3));
        await journal.WriteAsync([Event("a", 4)]);
        await journal.WriteAsync(Events("a", 5, 10));

        var replayed = await ReplayAsync(journal, "a");

        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), replayed.Select(r => r.SequenceNr));
        var fifth = replayed[4];
        Assert.Equal("a", fifth.PersistenceId);
        Assert.Equal("test-event", fifth.Manifest);
        Assert.Equal("a#5", Encoding.UTF8.GetString(fifth.Payload));
        Assert.Equal(Epoch.AddMilliseconds(5), fifth.Timestamp);
    }

    [Fact]
    public async Task Replay_honours_from_to_and_max_bounds()
    {
        var journal = NewJournal();
        await journal.WriteAsync(Events("a", 1, 10));

        Assert.Equal([3L, 4, 5, 6], (await ReplayAsync(journal, "a", 3, 6)).Select(r => r.SequenceNr));
        Assert.Equal([3L, 4], (await ReplayAsync(journal, "a", 3, 6, max: 2)).Select(r => r.SequenceNr));
        Assert.Equal([10L], (await ReplayAsync(journal, "a", 10, 99)).Select(r => r.SequenceNr));
        Assert.Empty(await ReplayAsync(journal, "a", 11));
        Assert.Empty(await ReplayAsync(journal, "a", 6, 5));
        Assert.Empty(await ReplayAsync(journal, "a", 1, 10, max: 0));
        Assert.Empty(await ReplayAsync(journal, "unknown"));
    }

    [Fact]
    public async Task Streams_of_different_persistence_ids_are_independent()
    {
        var journal = NewJournal();
        await journal.WriteAsync([.. Events("a", 1, 3), .. Events("b", 1, 2)]);

        Assert.Equal(3, await journal.ReadHighestSequenceNrAsync("a"));
        Assert.Equal(2, await journal.ReadHighestSequenceNrAsync("b"));
        Assert.All(await ReplayAsync(journal, "b"), r => Assert.Equal("b", r.PersistenceId));
    }

    [Fact]
    public async Task Highest_sequence_nr_survives_deleting_every_event()
    {
        var journal = NewJournal();
        Assert.Equal(0, await journal.ReadHighestSequenceNrAsync("a"));
        await journal.WriteAsync(Events("a", 1, 5));

        await journal.DeleteMessagesToAsync("a", 3);
        Assert.Equal(5, await journal.ReadHighestSequenceNrAsync("a"));
        Assert.Equal([4L, 5], (await ReplayAsync(journal, "a")).Select(r => r.SequenceNr));

        await journal.DeleteMessagesToAsync("a", long.MaxValue);
        Assert.Equal(5, await journal.ReadHighestSequenceNrAsync("a"));
        Assert.Empty(await ReplayAsync(journal, "a"));

        // Numbers are never reused: the stream continues at 6.
        await Assert.ThrowsAsync<SequenceConflictException>(() => journal.WriteAsync([Event("a", 1)]));
        await journal.WriteAsync([Event("a", 6)]);
        Assert.Equal([6L], (await ReplayAsync(journal, "a")).Select(r => r.SequenceNr));
    }

    [Fact]
    public async Task Write_that_does_not_continue_the_stream_fails_with_a_sequence_conflict()
    {
        var journal = NewJournal();
        await journal.WriteAsync(Events("a", 1, 2));

        var duplicate = await Assert.ThrowsAsync<SequenceConflictException>(() => journal.WriteAsync([Event("a", 2)]));
        Assert.Equal(("a", 3L, 2L), (duplicate.PersistenceId, duplicate.ExpectedSequenceNr, duplicate.ActualSequenceNr));
        var gap = await Assert.ThrowsAsync<SequenceConflictException>(() => journal.WriteAsync([Event("a", 4)]));
        Assert.Contains("expected sequence number 3", gap.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<SequenceConflictException>(() => journal.WriteAsync([Event("b", 2)]));

        await journal.WriteAsync([Event("a", 3)]);
        Assert.Equal(3, await journal.ReadHighestSequenceNrAsync("a"));
    }

    [Fact]
    public async Task Atomic_batch_with_a_gap_is_rejected_entirely()
    {
        var journal = NewJournal();
        await journal.WriteAsync(Events("a", 1, 3));

        await Assert.ThrowsAsync<SequenceConflictException>(() => journal.WriteAsync([Event("a", 4), Event("a", 5), Event("a", 7)]));

        Assert.Equal(3, await journal.ReadHighestSequenceNrAsync("a"));
        Assert.Equal(3, (await ReplayAsync(journal, "a")).Count);
    }

    [Fact]
    public async Task Atomic_batch_failing_in_the_database_midway_leaves_nothing_visible()
    {
        var journal = NewJournal();
        await journal.WriteAsync(Events("a", 1, 3));
        await InstallPoisonTriggerAsync();

        // The database aborts the insert at the second event of the batch, after accepting the first.
        var error = await Assert.ThrowsAsync<JournalWriteException>(() =>
            journal.WriteAsync([Event("a", 4), Event("a", 5, manifest: "poison"), Event("a", 6)]));

        Assert.Contains("poisoned event", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, await journal.ReadHighestSequenceNrAsync("a"));
        Assert.Equal(3, (await ReplayAsync(journal, "a")).Count);

        // The journal recovers on a fresh connection and continues the stream.
        await journal.WriteAsync(Events("a", 4, 6));
        Assert.Equal(6, (await ReplayAsync(journal, "a")).Count);
    }

    [Fact]
    public async Task Events_written_by_one_journal_are_replayed_by_a_new_one()
    {
        await using (var first = new SqlJournal(new JournalSettings { Plugin = Plugin, ConnectionString = ConnectionString, TableName = TableName }))
        {
            await first.WriteAsync(Events("a", 1, 4));
        }

        var second = NewJournal();
        Assert.Equal(4, await second.ReadHighestSequenceNrAsync("a"));
        Assert.Equal(4, (await ReplayAsync(second, "a")).Count);
    }

    /// <summary>Makes the database reject any event whose manifest is "poison", inside the insert.</summary>
    private Task<int> InstallPoisonTriggerAsync() => Plugin switch
    {
        PersistencePlugin.Sqlite => ExecuteSqlAsync(
            "CREATE TRIGGER {table}_poison BEFORE INSERT ON {table} WHEN NEW.manifest = 'poison' " +
            "BEGIN SELECT RAISE(ABORT, 'poisoned event'); END;"),
        _ => ExecuteSqlAsync(
            "CREATE FUNCTION {table}_poison() RETURNS trigger AS $$ BEGIN " +
            "IF NEW.manifest = 'poison' THEN RAISE EXCEPTION 'poisoned event'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql; " +
            "CREATE TRIGGER {table}_poison BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_poison();"),
    };
}
