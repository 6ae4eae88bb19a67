using PaxosAkka.Persistence.Tests.Infrastructure;

namespace PaxosAkka.Persistence.Tests.Journal;

/// <summary>The journal contract on a real SQLite file (WAL, synchronous=FULL).</summary>
public sealed class SqliteJournalSpec : JournalSpec
{
    private readonly TempSqliteDatabase _database;

    public SqliteJournalSpec() => _database = OwnTempSqliteDatabase();

    protected override PersistencePlugin Plugin => PersistencePlugin.Sqlite;

    protected override string ConnectionString => _database.ConnectionString;

    [Fact]
    public async Task Sqlite_journal_file_runs_in_wal_mode()
    {
        await NewJournal().WriteAsync([Event("a", 1)]);

        Assert.True(File.Exists(_database.FilePath + "-wal"), "a WAL file must exist next to the database");
    }
}
