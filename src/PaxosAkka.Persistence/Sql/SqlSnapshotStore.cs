using System.Data.Common;
using PaxosAkka.Persistence.Snapshots;

namespace PaxosAkka.Persistence.Sql;

/// <summary>
/// The SQL snapshot store for SQLite and PostgreSQL. Snapshots are rare and large, so each save is its own
/// transaction (no group commit). Every row carries a CRC-32C checked on load.
/// </summary>
public sealed class SqlSnapshotStore : ISnapshotStore
{
    private readonly SnapshotStoreSettings _settings;
    private readonly SqlDialect _dialect;
    private readonly string _table;
    private readonly SchemaOnce _schema = new();

    /// <summary>Creates the store; nothing touches the database until the first call.</summary>
    public SqlSnapshotStore(SnapshotStoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings.Validate();
        _dialect = SqlDialect.For(settings.Plugin);
        _table = settings.TableName;
    }

    /// <inheritdoc />
    public async Task SaveAsync(SnapshotMetadata metadata, string manifest, byte[] payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentException.ThrowIfNullOrEmpty(metadata.PersistenceId);
        ArgumentOutOfRangeException.ThrowIfNegative(metadata.SequenceNr);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(payload);
        await using var connection = await OpenInitializedAsync(cancellationToken).ConfigureAwait(false);
        var ms = metadata.Timestamp.ToUnixTimeMilliseconds();
        await using var command = SqlDialect.Command(connection, null,
            $"INSERT INTO {_table} (persistence_id, sequence_nr, timestamp_ms, manifest, payload, checksum) " +
            "VALUES (@pid, @seq, @ts, @manifest, @payload, @checksum) ON CONFLICT (persistence_id, sequence_nr) DO UPDATE SET " +
            "timestamp_ms = excluded.timestamp_ms, manifest = excluded.manifest, payload = excluded.payload, checksum = excluded.checksum");
        SqlDialect.AddParameter(command, "@pid", metadata.PersistenceId);
        SqlDialect.AddParameter(command, "@seq", metadata.SequenceNr);
        SqlDialect.AddParameter(command, "@ts", ms);
        SqlDialect.AddParameter(command, "@manifest", manifest);
        SqlDialect.AddParameter(command, "@payload", payload);
        SqlDialect.AddParameter(command, "@checksum", RowChecksum.Compute(metadata.PersistenceId, metadata.SequenceNr, manifest, payload, ms));

        // A single statement outside an explicit transaction autocommits; it returns after the (fsynced) commit.
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        ArgumentNullException.ThrowIfNull(criteria);
        await using var connection = await OpenInitializedAsync(cancellationToken).ConfigureAwait(false);
        await using var command = SqlDialect.Command(connection, null,
            $"SELECT persistence_id, sequence_nr, timestamp_ms, manifest, payload, checksum FROM {_table} " +
            "WHERE persistence_id = @pid" + CriteriaSql + " ORDER BY sequence_nr DESC LIMIT 1");
        SqlDialect.AddParameter(command, "@pid", persistenceId);
        AddCriteria(command, criteria);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadVerified(reader, persistenceId) : null;
    }

    /// <inheritdoc />
    public async Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        await using var connection = await OpenInitializedAsync(cancellationToken).ConfigureAwait(false);
        await using var command = SqlDialect.Command(connection, null,
            $"DELETE FROM {_table} WHERE persistence_id = @pid AND sequence_nr = @seq");
        SqlDialect.AddParameter(command, "@pid", metadata.PersistenceId);
        SqlDialect.AddParameter(command, "@seq", metadata.SequenceNr);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        ArgumentNullException.ThrowIfNull(criteria);
        await using var connection = await OpenInitializedAsync(cancellationToken).ConfigureAwait(false);
        await using var command = SqlDialect.Command(connection, null, $"DELETE FROM {_table} WHERE persistence_id = @pid" + CriteriaSql);
        SqlDialect.AddParameter(command, "@pid", persistenceId);
        AddCriteria(command, criteria);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Nothing to release beyond pooled connections.</summary>
    public ValueTask DisposeAsync()
    {
        _schema.Dispose();
        return ValueTask.CompletedTask;
    }

    private const string CriteriaSql =
        " AND sequence_nr <= @maxSeq AND sequence_nr >= @minSeq AND timestamp_ms <= @maxTs AND timestamp_ms >= @minTs";

    private static void AddCriteria(DbCommand command, SnapshotSelectionCriteria criteria)
    {
        SqlDialect.AddParameter(command, "@maxSeq", criteria.MaxSequenceNr);
        SqlDialect.AddParameter(command, "@minSeq", criteria.MinSequenceNr);
        SqlDialect.AddParameter(command, "@maxTs", criteria.MaxTimestamp.ToUnixTimeMilliseconds());
        SqlDialect.AddParameter(command, "@minTs", criteria.EffectiveMinTimestamp.ToUnixTimeMilliseconds());
    }

    private static SelectedSnapshot ReadVerified(DbDataReader reader, string persistenceId)
    {
        var sequenceNr = reader.IsDBNull(1) ? -1 : reader.GetInt64(1);
        try
        {
            for (var i = 0; i < 6; i++)
            {
                if (reader.IsDBNull(i))
                {
                    throw new PersistenceCorruptionException(persistenceId, sequenceNr, $"snapshot column '{reader.GetName(i)}' is NULL.");
                }
            }

            var storedPid = reader.GetString(0);
            var timestampMs = reader.GetInt64(2);
            var manifest = reader.GetString(3);
            var payload = (byte[])reader.GetValue(4);
            var checksum = reader.GetInt64(5);
            var actual = RowChecksum.Compute(storedPid, sequenceNr, manifest, payload, timestampMs);
            if (actual != checksum)
            {
                throw new PersistenceCorruptionException(persistenceId, sequenceNr,
                    $"snapshot checksum mismatch (stored {checksum}, computed {actual}); the row was altered or truncated.");
            }

            var metadata = new SnapshotMetadata(storedPid, sequenceNr, DateTimeOffset.FromUnixTimeMilliseconds(timestampMs));
            return new SelectedSnapshot(metadata, manifest, payload);
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or ArgumentOutOfRangeException)
        {
            throw new PersistenceCorruptionException(persistenceId, sequenceNr, $"a snapshot column has an unreadable value ({e.Message}).");
        }
    }

    private async Task<DbConnection> OpenInitializedAsync(CancellationToken cancellationToken)
    {
        var connection = await _dialect.OpenAsync(_settings.ConnectionString, _settings.BusyTimeout, cancellationToken).ConfigureAwait(false);
        if (_schema.IsDone)
        {
            return connection;
        }

        try
        {
            await _schema.EnsureAsync(
                ct => SchemaInitializer.EnsureAsync(_dialect, connection, _table, _dialect.SnapshotDdl(_table), _settings.AutoInitialize, ct),
                cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
