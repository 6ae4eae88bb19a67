using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace PaxosAkka.Persistence.Sql;

/// <summary>
/// SQLite: WAL so readers never block the writer, <c>synchronous=FULL</c> so a commit is fsynced before it
/// returns (NORMAL in WAL mode may lose the last commits on power loss), and a busy timeout so several
/// processes on one file wait for the lock instead of failing.
/// </summary>
internal sealed class SqliteDialect : SqlDialect
{
    public static readonly SqliteDialect Instance = new();

    public override string Name => "sqlite";

    public override string BlobType => "BLOB";

    public override DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

    protected override async Task PrepareConnectionAsync(DbConnection connection, TimeSpan busyTimeout, CancellationToken cancellationToken)
    {
        var ms = (long)busyTimeout.TotalMilliseconds;
        await ExecuteAsync(connection, null, $"PRAGMA busy_timeout = {ms}; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;", cancellationToken)
            .ConfigureAwait(false);
    }

    // BEGIN IMMEDIATE takes the write lock up front, so the "highest sequence number" read inside the
    // transaction cannot go stale before the insert.
    public override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public override ValueTask<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    public override bool IsUndefinedTable(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: 1 } && exception.Message.Contains("no such table", StringComparison.Ordinal);
}
