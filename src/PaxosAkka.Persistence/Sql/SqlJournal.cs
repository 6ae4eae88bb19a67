using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PaxosAkka.Persistence.Journal;

namespace PaxosAkka.Persistence.Sql;

/// <summary>
/// The SQL event journal for SQLite and PostgreSQL. Writes go through one group-commit loop (see
/// <see cref="GroupCommitWriter{TRequest}"/>); reads open their own pooled connections. Every row carries a
/// CRC-32C checked on replay.
/// </summary>
public sealed partial class SqlJournal : IJournal
{
    private readonly JournalSettings _settings;
    private readonly SqlDialect _dialect;
    private readonly string _table;
    private readonly ILogger _logger;
    private readonly SqlDatabase _database;
    private readonly GroupCommitWriter<JournalWriteRequest> _writer;
    private long _committedWrites;
    private long _committedEvents;
    private long _failedTransactions;

    /// <summary>Creates the journal; nothing touches the database until the first call.</summary>
    public SqlJournal(JournalSettings settings, ILogger<SqlJournal>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings.Validate();
        _dialect = SqlDialect.For(settings.Plugin);
        _database = new SqlDatabase(_dialect, settings.ConnectionString, settings.BusyTimeout);
        _table = settings.TableName;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _writer = new GroupCommitWriter<JournalWriteRequest>(CommitGroupAsync, r => r.Rows.Count, settings.MaxBatchEvents, settings.QueueCapacity);
    }

    /// <summary>Counters of the group-commit loop, for tests and benchmarks.</summary>
    public JournalStatistics Statistics => new(
        _writer.Transactions, Interlocked.Read(ref _failedTransactions), Interlocked.Read(ref _committedWrites), Interlocked.Read(ref _committedEvents));

    /// <inheritdoc />
    public async Task WriteAsync(IReadOnlyList<PersistentRepr> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return;
        }

        var rows = new StoredRow[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var repr = batch[i] ?? throw new ArgumentException("The batch contains a null event.", nameof(batch));
            repr.Validate();
            var ms = repr.Timestamp.ToUnixTimeMilliseconds();
            rows[i] = new StoredRow(repr.PersistenceId, repr.SequenceNr, repr.Manifest, repr.Payload, ms,
                RowChecksum.Compute(repr.PersistenceId, repr.SequenceNr, repr.Manifest, repr.Payload, ms));
        }

        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        await _writer.EnqueueAsync(new JournalWriteRequest(rows), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task ReplayAsync(
        string persistenceId, long fromSequenceNr, long toSequenceNr, long max, Action<PersistentRepr> onReplayed, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        ArgumentOutOfRangeException.ThrowIfNegative(fromSequenceNr);
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        ArgumentNullException.ThrowIfNull(onReplayed);
        if (max == 0 || toSequenceNr < fromSequenceNr)
        {
            return;
        }

        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await _dialect.BeginReadAsync(connection, cancellationToken).ConfigureAwait(false);
        var deletedTo = await ReadDeletedToAsync(connection, transaction, persistenceId, cancellationToken).ConfigureAwait(false);

        // Deletion removes a prefix only, so after it the stream must run without holes.
        var expected = Math.Max(Math.Max(fromSequenceNr, 1), deletedTo + 1);
        await using var command = SqlDialect.Command(connection, transaction,
            "SELECT persistence_id, sequence_nr, manifest, payload, timestamp_ms, checksum FROM " + _table +
            " WHERE persistence_id = @pid AND sequence_nr >= @from AND sequence_nr <= @to ORDER BY sequence_nr LIMIT @max");
        SqlDialect.AddParameter(command, "@pid", persistenceId);
        SqlDialect.AddParameter(command, "@from", fromSequenceNr);
        SqlDialect.AddParameter(command, "@to", toSequenceNr);
        SqlDialect.AddParameter(command, "@max", max);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var repr = ReadVerifiedRow(reader, persistenceId);
            if (repr.SequenceNr != expected)
            {
                throw new PersistenceCorruptionException(persistenceId, expected,
                    $"the event is missing from the journal (the next stored one is {repr.SequenceNr}).");
            }

            onReplayed(repr);
            expected++;
        }
    }

    /// <inheritdoc />
    public async Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var highest = await _dialect.ReadHighestAsync(connection, null, _table, [persistenceId], cancellationToken).ConfigureAwait(false);
        return highest[persistenceId];
    }

    /// <inheritdoc />
    public async Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        ArgumentOutOfRangeException.ThrowIfNegative(toSequenceNr);
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var highest = (await _dialect.ReadHighestAsync(connection, transaction, _table, [persistenceId], cancellationToken).ConfigureAwait(false))[persistenceId];
        var deleteTo = Math.Min(toSequenceNr, highest);
        if (deleteTo <= 0)
        {
            return;
        }

        await using (var delete = SqlDialect.Command(connection, transaction,
            $"DELETE FROM {_table} WHERE persistence_id = @pid AND sequence_nr <= @to"))
        {
            SqlDialect.AddParameter(delete, "@pid", persistenceId);
            SqlDialect.AddParameter(delete, "@to", deleteTo);
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // The mark keeps "highest sequence number" right after the rows are gone, so numbers are never reused.
        await using (var mark = SqlDialect.Command(connection, transaction,
            $"INSERT INTO {_table}_metadata (persistence_id, deleted_to) VALUES (@pid, @to) ON CONFLICT (persistence_id) DO UPDATE SET " +
            $"deleted_to = CASE WHEN excluded.deleted_to > {_table}_metadata.deleted_to THEN excluded.deleted_to ELSE {_table}_metadata.deleted_to END"))
        {
            SqlDialect.AddParameter(mark, "@pid", persistenceId);
            SqlDialect.AddParameter(mark, "@to", deleteTo);
            await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops accepting writes, lets the queued ones commit, and closes the writer connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _database.DisposeAsync().ConfigureAwait(false);
    }

    private Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => _database.OpenAsync(cancellationToken);

    private Task EnsureInitializedAsync(CancellationToken cancellationToken) =>
        _database.EnsureSchemaAsync(_table, _dialect.JournalDdl(_table), _settings.AutoInitialize,
            () => LogInformationJournalReady(_logger, _dialect.Name, _table), cancellationToken);

    private async Task<long> ReadDeletedToAsync(DbConnection connection, DbTransaction transaction, string persistenceId, CancellationToken cancellationToken)
    {
        await using var command = SqlDialect.Command(connection, transaction,
            $"SELECT COALESCE((SELECT deleted_to FROM {_table}_metadata WHERE persistence_id = @pid), 0)");
        SqlDialect.AddParameter(command, "@pid", persistenceId);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Reads one row and checks it; a NULL, a wrong type or a checksum mismatch all mean corruption.</summary>
    private static PersistentRepr ReadVerifiedRow(DbDataReader reader, string persistenceId)
    {
        var sequenceNr = reader.IsDBNull(1) ? -1 : reader.GetInt64(1);
        try
        {
            for (var i = 0; i < 6; i++)
            {
                if (reader.IsDBNull(i))
                {
                    throw new PersistenceCorruptionException(persistenceId, sequenceNr, $"column '{reader.GetName(i)}' is NULL.");
                }
            }

            var storedPid = reader.GetString(0);
            var manifest = reader.GetString(2);
            var payload = (byte[])reader.GetValue(3);
            var timestampMs = reader.GetInt64(4);
            var checksum = reader.GetInt64(5);
            var actual = RowChecksum.Compute(storedPid, sequenceNr, manifest, payload, timestampMs);
            if (actual != checksum)
            {
                throw new PersistenceCorruptionException(persistenceId, sequenceNr,
                    $"checksum mismatch (stored {checksum}, computed {actual}); the row was altered or truncated.");
            }

            return new PersistentRepr(storedPid, sequenceNr, manifest, payload, DateTimeOffset.FromUnixTimeMilliseconds(timestampMs));
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or ArgumentOutOfRangeException)
        {
            throw new PersistenceCorruptionException(persistenceId, sequenceNr, $"a column has an unreadable value ({e.Message}).");
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Journal ready: {Plugin} table {Table}")]
    private static partial void LogInformationJournalReady(ILogger logger, string plugin, string table);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Group-commit transaction of {Writes} writes failed; all of them were failed")]
    private static partial void LogWarningGroupCommitFailed(ILogger logger, Exception exception, int writes);
}

/// <summary>Counters of a journal's group-commit loop.</summary>
/// <param name="Transactions">Transactions run (committed or failed).</param>
/// <param name="FailedTransactions">Transactions that failed (all their writes failed).</param>
/// <param name="CommittedWrites">WriteAsync calls acknowledged.</param>
/// <param name="CommittedEvents">Events committed.</param>
public sealed record JournalStatistics(long Transactions, long FailedTransactions, long CommittedWrites, long CommittedEvents);
