using System.Data.Common;
using PaxosAkka.Consensus;
using PaxosAkka.Persistence.Sql;

namespace PaxosAkka.Persistence.Acceptor;

/// <summary>
/// The acceptor's durable state on SQLite or PostgreSQL: one promise row per acceptor (with the compaction
/// bound) and one row per accepted slot, each with a CRC-32C. Saves and compactions from all acceptors in the
/// process go through one group-commit loop, so they are serialized (a compaction can never write back a stale
/// promise) and concurrent acceptors share fsyncs. A save completes only after its commit.
/// </summary>
public sealed partial class SqlAcceptorStateStore : IAcceptorStateStore
{
    private readonly AcceptorStoreSettings _settings;
    private readonly SqlDialect _dialect;
    private readonly string _table;
    private readonly SqlDatabase _database;
    private readonly GroupCommitWriter<AcceptorWriteRequest> _writer;

    /// <summary>Creates the store; nothing touches the database until the first call.</summary>
    public SqlAcceptorStateStore(AcceptorStoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings.Validate();
        _dialect = SqlDialect.For(settings.Plugin);
        _database = new SqlDatabase(_dialect, settings.ConnectionString, settings.BusyTimeout);
        _table = settings.TableName;
        _writer = new GroupCommitWriter<AcceptorWriteRequest>(CommitGroupAsync, r => 1 + r.Entries.Count, 1000, 10_000);
    }

    /// <summary>Transactions the writer loop ran (for tests and benchmarks).</summary>
    public long Transactions => _writer.Transactions;

    /// <inheritdoc />
    public async Task SaveAsync(int acceptorId, Ballot? promise, IReadOnlyList<AcceptedEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries)
        {
            ArgumentNullException.ThrowIfNull(entry);
            ArgumentOutOfRangeException.ThrowIfNegative(entry.Slot);
        }

        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var rows = entries.Select(e => (Entry: e, Value: SlotValueCodec.Encode(e.Value))).ToArray();
        await _writer.EnqueueAsync(new AcceptorWriteRequest(acceptorId, promise, rows, CompactBelow: null), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task CompactBelowAsync(int acceptorId, long belowSlot, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(belowSlot);
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        await _writer.EnqueueAsync(new AcceptorWriteRequest(acceptorId, null, [], belowSlot), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<AcceptorDurableState> LoadAsync(int acceptorId, CancellationToken cancellationToken = default)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await _dialect.BeginReadAsync(connection, cancellationToken).ConfigureAwait(false);
        var promise = await ReadPromiseAsync(connection, transaction, acceptorId, cancellationToken).ConfigureAwait(false);
        var accepted = System.Collections.Immutable.ImmutableSortedDictionary.CreateBuilder<long, AcceptedEntry>();
        await using var command = SqlDialect.Command(connection, transaction,
            $"SELECT slot, round, proposer_id, value, checksum FROM {_table}_accepted WHERE acceptor_id = @id AND slot >= @from ORDER BY slot");
        SqlDialect.AddParameter(command, "@id", (long)acceptorId);
        SqlDialect.AddParameter(command, "@from", promise.CompactedBelow);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var entry = ReadVerifiedEntry(reader, acceptorId);
            accepted[entry.Slot] = entry;
        }

        return new AcceptorDurableState(promise.Ballot, accepted.ToImmutable()) { CompactedBelow = promise.CompactedBelow };
    }

    /// <summary>Lets queued saves commit, then closes the writer connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _database.DisposeAsync().ConfigureAwait(false);
    }

    private Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => _database.OpenAsync(cancellationToken);

    private Task EnsureInitializedAsync(CancellationToken cancellationToken) =>
        _database.EnsureSchemaAsync(_table, Ddl(), _settings.AutoInitialize, onReady: null, cancellationToken);

    private string Ddl() =>
        $"CREATE TABLE IF NOT EXISTS {_table}_promise (acceptor_id BIGINT NOT NULL PRIMARY KEY, round BIGINT NOT NULL, " +
        "proposer_id BIGINT NOT NULL, compacted_below BIGINT NOT NULL, checksum BIGINT NOT NULL);" +
        $"CREATE TABLE IF NOT EXISTS {_table}_accepted (acceptor_id BIGINT NOT NULL, slot BIGINT NOT NULL, round BIGINT NOT NULL, " +
        $"proposer_id BIGINT NOT NULL, value {_dialect.BlobType} NOT NULL, checksum BIGINT NOT NULL, PRIMARY KEY (acceptor_id, slot));";

    /// <summary>The promise row covers the acceptor id, ballot and compaction bound.</summary>
    internal static long PromiseChecksum(int acceptorId, Ballot ballot, long compactedBelow) =>
        RowChecksum.Compute($"acceptor/{acceptorId}", compactedBelow, $"promise {ballot.Round}.{ballot.ProposerId}", [], -1);

    /// <summary>An accepted row covers the acceptor id, slot, ballot and value.</summary>
    internal static long EntryChecksum(int acceptorId, long slot, Ballot ballot, byte[] value) =>
        RowChecksum.Compute($"acceptor/{acceptorId}", slot, $"accepted {ballot.Round}.{ballot.ProposerId}", value, 0);
}

/// <summary>Where the acceptor state lives (<c>paxos.persistence.acceptor-store</c> in reference.conf).</summary>
public sealed record AcceptorStoreSettings
{
    /// <summary>Engine. Default <see cref="PersistencePlugin.Sqlite"/>.</summary>
    public PersistencePlugin Plugin { get; init; } = PersistencePlugin.Sqlite;

    /// <summary>ADO.NET connection string. Default <c>Data Source=paxos.db</c>.</summary>
    public string ConnectionString { get; init; } = "Data Source=paxos.db";

    /// <summary>Table prefix: <c>&lt;name&gt;_promise</c> and <c>&lt;name&gt;_accepted</c>. Default <c>acceptor_state</c>.</summary>
    public string TableName { get; init; } = "acceptor_state";

    /// <summary>Create the schema on first use. Default true.</summary>
    public bool AutoInitialize { get; init; } = true;

    /// <summary>How long a SQLite connection waits for another process's lock. Default 30 s.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws when a value cannot work, naming the setting.</summary>
    public AcceptorStoreSettings Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ConnectionString);
        SqlDialect.ValidateTableName(TableName);
        ArgumentOutOfRangeException.ThrowIfLessThan(BusyTimeout, TimeSpan.Zero);
        return this;
    }
}
