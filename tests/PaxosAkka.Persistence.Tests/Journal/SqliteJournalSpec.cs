using PaxosAkka.Persistence.Tests.Infrastructure;

namespace PaxosAkka.Persistence.Tests.Journal;

/// <summary>The journal contract on a real SQLite file (WAL, synchronous=FULL).</summary>
public sealed class SqliteJournalSpec : JournalSpec
{
    private readonly TempSqliteDatabase _database = new();

    protected override PersistencePlugin Plugin => PersistencePlugin.Sqlite;

    protected override string ConnectionString => _database.ConnectionString;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _database.Delete();
    }

    [Fact]
    public async Task Sqlite_journal_file_runs_in_wal_mode()
    {
        await NewJournal().WriteAsync([Event("a", 1)]);

        Assert.True(File.Exists(_database.FilePath + "-wal"), "a WAL file must exist next to the database");
    }
}
