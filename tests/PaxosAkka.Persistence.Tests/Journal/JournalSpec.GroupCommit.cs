using System.Data.Common;
using PaxosAkka.Persistence.Tests.Infrastructure;

namespace PaxosAkka.Persistence.Tests.Journal;

/// <summary>Group commit: concurrent writes share transactions, and share their fate.</summary>
public abstract partial class JournalSpec
{
    [Fact]
    public async Task Writes_queued_behind_a_running_commit_share_one_transaction()
    {
        var journal = NewJournal();
        await journal.WriteAsync([Event("warm-up", 1)]);
        var before = journal.Statistics;
        Task first;
        Task[] queued;
        await using (var held = await HoldJournalWriteLockAsync())
        {
            first = journal.WriteAsync([Event("first", 1)]);
            await Eventually.TrueAsync(() => journal.Statistics.Transactions == before.Transactions + 1, "the writer loop took the first write");
            queued = [.. Enumerable.Range(0, 50).Select(i => journal.WriteAsync(Events($"w{i}", 1, 2)))];
            Assert.False(first.IsCompleted, "a write must not be acknowledged before its transaction commits");
        }

        await first;
        await Task.WhenAll(queued);

        var after = journal.Statistics;
        Assert.Equal(2, after.Transactions - before.Transactions);
        Assert.Equal(51, after.CommittedWrites - before.CommittedWrites);
        Assert.Equal(101, after.CommittedEvents - before.CommittedEvents);
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal([1L, 2], (await ReplayAsync(journal, $"w{i}")).Select(r => r.SequenceNr));
        }
    }

    [Fact]
    public async Task Failed_group_transaction_fails_every_write_in_it_and_stores_none()
    {
        var journal = NewJournal();
        await journal.WriteAsync([Event("warm-up", 1)]);
        await InstallPoisonTriggerAsync();
        var before = journal.Statistics;
        Task first;
        Task[] queued;
        await using (var held = await HoldJournalWriteLockAsync())
        {
            first = journal.WriteAsync([Event("first", 1)]);
            await Eventually.TrueAsync(() => journal.Statistics.Transactions == before.Transactions + 1, "the writer loop took the first write");
            queued = [.. Enumerable.Range(0, 10).Select(i => journal.WriteAsync([Event($"w{i}", 1, manifest: i == 5 ? "poison" : "test-event")]))];
        }

        await first;
        foreach (var write in queued)
        {
            await Assert.ThrowsAsync<JournalWriteException>(() => write);
        }

        Assert.Equal(2, journal.Statistics.Transactions - before.Transactions);
        Assert.Equal(1, journal.Statistics.FailedTransactions - before.FailedTransactions);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(0, await journal.ReadHighestSequenceNrAsync($"w{i}"));
        }

        Assert.Equal(1, await journal.ReadHighestSequenceNrAsync("first"));
    }

    [Fact]
    public async Task Write_cancelled_while_queued_is_never_stored()
    {
        var journal = NewJournal();
        await journal.WriteAsync([Event("warm-up", 1)]);
        var before = journal.Statistics.Transactions;
        using var cancellation = new CancellationTokenSource();
        Task first;
        Task cancelled;
        await using (var held = await HoldJournalWriteLockAsync())
        {
            first = journal.WriteAsync([Event("first", 1)]);
            await Eventually.TrueAsync(() => journal.Statistics.Transactions == before + 1, "the writer loop took the first write");
            cancelled = journal.WriteAsync([Event("cancelled", 1)], cancellation.Token);
            await cancellation.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        }

        await first;
        Assert.Equal(0, await journal.ReadHighestSequenceNrAsync("cancelled"));
    }

    [Fact]
    public async Task Many_concurrent_writers_each_get_a_contiguous_ordered_stream()
    {
        var journal = NewJournal(maxBatchEvents: 64);
        const int writers = 16;
        const int writesEach = 25;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var seq = 1; seq <= writesEach; seq++)
            {
                await journal.WriteAsync([Event($"writer-{w}", seq)]);
            }
        })));

        Assert.Equal(writers * writesEach, journal.Statistics.CommittedWrites);
        for (var w = 0; w < writers; w++)
        {
            Assert.Equal(Enumerable.Range(1, writesEach).Select(i => (long)i), (await ReplayAsync(journal, $"writer-{w}")).Select(r => r.SequenceNr));
        }
    }

    /// <summary>
    /// Holds the journal table's write lock from another connection, so the writer loop blocks inside its
    /// transaction and the test can queue writes behind it deterministically.
    /// </summary>
    private async Task<HeldLock> HoldJournalWriteLockAsync()
    {
        var connection = await OpenRawAsync();
        var dialect = Sql.SqlDialect.For(Plugin);
        var transaction = await dialect.BeginWriteAsync(connection, CancellationToken.None);
        if (Plugin == PersistencePlugin.PostgreSql)
        {
            await Sql.SqlDialect.ExecuteAsync(connection, transaction, $"LOCK TABLE {TableName} IN EXCLUSIVE MODE", CancellationToken.None);
        }

        return new HeldLock(connection, transaction);
    }

    private sealed class HeldLock(DbConnection connection, DbTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
