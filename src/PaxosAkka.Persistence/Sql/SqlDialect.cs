using System.Data;
using System.Data.Common;
using System.Text.RegularExpressions;

namespace PaxosAkka.Persistence.Sql;

/// <summary>
/// What differs between the SQL engines: connection setup, column types, locking and the bulk statements.
/// Everything else (queries, checksums, group commit) is shared so both providers behave the same.
/// </summary>
internal abstract partial class SqlDialect
{
    /// <summary>Current schema version of the tables this build creates; a database above it is refused.</summary>
    public const int SchemaVersion = 1;

    /// <summary>The table recording which schema version each of our tables has.</summary>
    public const string SchemaVersionTable = "paxos_schema_version";

    public abstract string Name { get; }

    public abstract string BlobType { get; }

    public abstract DbConnection CreateConnection(string connectionString);

    /// <summary>Opens a connection and applies the per-connection durability settings.</summary>
    public async Task<DbConnection> OpenAsync(string connectionString, TimeSpan busyTimeout, CancellationToken cancellationToken)
    {
        var connection = CreateConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await PrepareConnectionAsync(connection, busyTimeout, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    protected virtual Task PrepareConnectionAsync(DbConnection connection, TimeSpan busyTimeout, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>Starts a transaction that holds the write lock from its first statement.</summary>
    public abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Starts a transaction whose reads all see one consistent snapshot.</summary>
    public abstract ValueTask<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Serializes schema creation between processes (PostgreSQL's CREATE IF NOT EXISTS races otherwise).</summary>
    public virtual Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>Whether <paramref name="exception"/> says a table does not exist.</summary>
    public abstract bool IsUndefinedTable(DbException exception);

    /// <summary>
    /// For each persistence id, the highest sequence number ever used: the larger of the highest stored event
    /// and the deletion mark kept in the metadata table. Two statements for the whole group (IN lists), so the
    /// cost per transaction does not grow with one query per writer.
    /// </summary>
    public virtual async Task<Dictionary<string, long>> ReadHighestAsync(
        DbConnection connection, DbTransaction? transaction, string table, IReadOnlyCollection<string> persistenceIds, CancellationToken cancellationToken)
    {
        var result = persistenceIds.ToDictionary(p => p, _ => 0L, StringComparer.Ordinal);
        foreach (var chunk in persistenceIds.Chunk(MaxParametersPerStatement))
        {
            foreach (var sql in new[]
            {
                $"SELECT persistence_id, MAX(sequence_nr) FROM {table} WHERE persistence_id IN ({{0}}) GROUP BY persistence_id",
                $"SELECT persistence_id, deleted_to FROM {table}_metadata WHERE persistence_id IN ({{0}})",
            })
            {
                await using var command = Command(connection, transaction, string.Format(System.Globalization.CultureInfo.InvariantCulture, sql,
                    string.Join(", ", chunk.Select((_, i) => $"@p{i}"))));
                for (var i = 0; i < chunk.Length; i++)
                {
                    AddParameter(command, $"@p{i}", chunk[i]);
                }

                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var persistenceId = reader.GetString(0);
                    result[persistenceId] = Math.Max(result[persistenceId], reader.GetInt64(1));
                }
            }
        }

        return result;
    }

    /// <summary>Inserts journal rows inside <paramref name="transaction"/> with multi-row statements; a duplicate key fails it.</summary>
    public virtual async Task InsertEventsAsync(
        DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<StoredRow> rows, CancellationToken cancellationToken)
    {
        foreach (var chunk in rows.Chunk(MaxParametersPerStatement / 6))
        {
            var values = string.Join(", ", chunk.Select((_, i) => $"(@pid{i}, @seq{i}, @man{i}, @pay{i}, @ts{i}, @crc{i})"));
            await using var command = Command(connection, transaction,
                $"INSERT INTO {table} (persistence_id, sequence_nr, manifest, payload, timestamp_ms, checksum) VALUES {values}");
            for (var i = 0; i < chunk.Length; i++)
            {
                var row = chunk[i];
                AddParameter(command, $"@pid{i}", row.PersistenceId);
                AddParameter(command, $"@seq{i}", row.SequenceNr);
                AddParameter(command, $"@man{i}", row.Manifest);
                AddParameter(command, $"@pay{i}", row.Payload);
                AddParameter(command, $"@ts{i}", row.TimestampMs);
                AddParameter(command, $"@crc{i}", row.Checksum);
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Bound on bind parameters per statement (SQLite allows 32766; stay well below).</summary>
    private const int MaxParametersPerStatement = 900;

    /// <summary>The DDL for the journal, its metadata table and the snapshot table.</summary>
    public string JournalDdl(string table) =>
        $"CREATE TABLE IF NOT EXISTS {table} (" +
        "persistence_id TEXT NOT NULL, sequence_nr BIGINT NOT NULL, manifest TEXT NOT NULL, " +
        $"payload {BlobType} NOT NULL, timestamp_ms BIGINT NOT NULL, checksum BIGINT NOT NULL, " +
        "PRIMARY KEY (persistence_id, sequence_nr));" +
        $"CREATE TABLE IF NOT EXISTS {table}_metadata (" +
        "persistence_id TEXT NOT NULL PRIMARY KEY, deleted_to BIGINT NOT NULL);";

    public string SnapshotDdl(string table) =>
        $"CREATE TABLE IF NOT EXISTS {table} (" +
        "persistence_id TEXT NOT NULL, sequence_nr BIGINT NOT NULL, timestamp_ms BIGINT NOT NULL, manifest TEXT NOT NULL, " +
        $"payload {BlobType} NOT NULL, checksum BIGINT NOT NULL, PRIMARY KEY (persistence_id, sequence_nr));";

    public static SqlDialect For(PersistencePlugin plugin) => plugin switch
    {
        PersistencePlugin.Sqlite => SqliteDialect.Instance,
        PersistencePlugin.PostgreSql => PostgreSqlDialect.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(plugin), plugin, "Unknown persistence plugin."),
    };

    /// <summary>Table names are spliced into SQL, so only plain identifiers are allowed.</summary>
    public static string ValidateTableName(string tableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        if (!IdentifierPattern().IsMatch(tableName))
        {
            throw new ArgumentException(
                $"Table name '{tableName}' is not a plain SQL identifier (letters, digits and '_', starting with a letter or '_', at most 50 characters).",
                nameof(tableName));
        }

        return tableName;
    }

#pragma warning disable CA2100 // Table names are validated identifiers (ValidateTableName); values always go in parameters.
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
#pragma warning restore CA2100

    public static DbParameter AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    public static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,49}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();
}

/// <summary>A journal row ready to insert, checksum already computed.</summary>
internal sealed record StoredRow(string PersistenceId, long SequenceNr, string Manifest, byte[] Payload, long TimestampMs, long Checksum);
