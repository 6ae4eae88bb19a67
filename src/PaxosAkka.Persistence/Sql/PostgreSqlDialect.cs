using System.Data;
using System.Data.Common;
using Npgsql;

namespace PaxosAkka.Persistence.Sql;

/// <summary>
/// PostgreSQL: a commit is durable when it returns (synchronous_commit is on by default). Bulk statements use
/// arrays and <c>unnest</c> so a whole group commit is one round trip.
/// </summary>
internal sealed class PostgreSqlDialect : SqlDialect
{
    public static readonly PostgreSqlDialect Instance = new();

    // Arbitrary constant key for pg_advisory_xact_lock, shared by every process creating our schema.
    private const long SchemaLockKey = 0x5061786F73416B6B; // "PaxosAkk"

    public override string Name => "postgresql";

    public override string BlobType => "BYTEA";

    public override DbConnection CreateConnection(string connectionString) => new NpgsqlConnection(connectionString);

    public override async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);

    public override async ValueTask<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);

    public override async Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT pg_advisory_xact_lock(@key)");
        AddParameter(command, "@key", SchemaLockKey);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public override bool IsUndefinedTable(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UndefinedTable };

    public override async Task<Dictionary<string, long>> ReadHighestAsync(
        DbConnection connection, DbTransaction? transaction, string table, IReadOnlyCollection<string> persistenceIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, long>(persistenceIds.Count, StringComparer.Ordinal);
        await using var command = Command(connection, transaction,
            $"SELECT p.pid, COALESCE((SELECT MAX(sequence_nr) FROM {table} WHERE persistence_id = p.pid), 0), " +
            $"COALESCE((SELECT deleted_to FROM {table}_metadata WHERE persistence_id = p.pid), 0) FROM unnest(@pids) AS p(pid)");
        AddParameter(command, "@pids", persistenceIds.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result[reader.GetString(0)] = Math.Max(reader.GetInt64(1), reader.GetInt64(2));
        }

        return result;
    }

    public override async Task InsertEventsAsync(
        DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<StoredRow> rows, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            $"INSERT INTO {table} (persistence_id, sequence_nr, manifest, payload, timestamp_ms, checksum) " +
            "SELECT * FROM unnest(@pid::text[], @seq::bigint[], @manifest::text[], @payload::bytea[], @ts::bigint[], @checksum::bigint[])");
        AddParameter(command, "@pid", rows.Select(r => r.PersistenceId).ToArray());
        AddParameter(command, "@seq", rows.Select(r => r.SequenceNr).ToArray());
        AddParameter(command, "@manifest", rows.Select(r => r.Manifest).ToArray());
        AddParameter(command, "@payload", rows.Select(r => r.Payload).ToArray());
        AddParameter(command, "@ts", rows.Select(r => r.TimestampMs).ToArray());
        AddParameter(command, "@checksum", rows.Select(r => r.Checksum).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
