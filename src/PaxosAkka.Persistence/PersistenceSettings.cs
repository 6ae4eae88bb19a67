namespace PaxosAkka.Persistence;

/// <summary>Which SQL engine stores the data.</summary>
public enum PersistencePlugin
{
    /// <summary>Embedded SQLite file (the default): WAL, synchronous=FULL.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server through Npgsql.</summary>
    PostgreSql,
}

/// <summary>Settings of the event journal (<c>paxos.persistence.journal</c> in reference.conf).</summary>
public sealed record JournalSettings
{
    /// <summary>Engine. Default <see cref="PersistencePlugin.Sqlite"/>.</summary>
    public PersistencePlugin Plugin { get; init; } = PersistencePlugin.Sqlite;

    /// <summary>ADO.NET connection string. Default <c>Data Source=paxos.db</c>.</summary>
    public string ConnectionString { get; init; } = "Data Source=paxos.db";

    /// <summary>Journal table; <c>&lt;table&gt;_metadata</c> is created next to it. Default <c>event_journal</c>.</summary>
    public string TableName { get; init; } = "event_journal";

    /// <summary>Create the schema on first use. Default true; when false a missing schema is an error.</summary>
    public bool AutoInitialize { get; init; } = true;

    /// <summary>How long a SQLite connection waits for another process's lock. Default 30 s.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Most events one group-commit transaction carries. Default 1000.</summary>
    public int MaxBatchEvents { get; init; } = 1000;

    /// <summary>Writes that may wait for the writer loop before callers are held back. Default 10000.</summary>
    public int QueueCapacity { get; init; } = 10_000;

    /// <summary>Throws when a value cannot work, naming the setting.</summary>
    public JournalSettings Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ConnectionString);
        Sql.SqlDialect.ValidateTableName(TableName);
        ArgumentOutOfRangeException.ThrowIfLessThan(BusyTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchEvents, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(QueueCapacity, 1);
        return this;
    }
}

/// <summary>Settings of the snapshot store (<c>paxos.persistence.snapshot-store</c> in reference.conf).</summary>
public sealed record SnapshotStoreSettings
{
    /// <summary>Engine. Default <see cref="PersistencePlugin.Sqlite"/>.</summary>
    public PersistencePlugin Plugin { get; init; } = PersistencePlugin.Sqlite;

    /// <summary>ADO.NET connection string. Default <c>Data Source=paxos.db</c>.</summary>
    public string ConnectionString { get; init; } = "Data Source=paxos.db";

    /// <summary>Snapshot table. Default <c>snapshot_store</c>.</summary>
    public string TableName { get; init; } = "snapshot_store";

    /// <summary>Create the schema on first use. Default true.</summary>
    public bool AutoInitialize { get; init; } = true;

    /// <summary>How long a SQLite connection waits for another process's lock. Default 30 s.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws when a value cannot work, naming the setting.</summary>
    public SnapshotStoreSettings Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ConnectionString);
        Sql.SqlDialect.ValidateTableName(TableName);
        ArgumentOutOfRangeException.ThrowIfLessThan(BusyTimeout, TimeSpan.Zero);
        return this;
    }
}

/// <summary>All persistence settings, parsed once (see <c>PersistenceSettings.FromConfig</c>).</summary>
/// <param name="Journal">The event journal.</param>
/// <param name="SnapshotStore">The snapshot store.</param>
/// <param name="AcceptorStore">The Paxos acceptors' durable state.</param>
public sealed partial record PersistenceSettings(JournalSettings Journal, SnapshotStoreSettings SnapshotStore, Acceptor.AcceptorStoreSettings AcceptorStore);
