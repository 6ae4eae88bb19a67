using PaxosAkka.Hocon;

namespace PaxosAkka.Persistence;

/// <summary>Parsing <c>paxos.persistence</c> from HOCON, once, with reference.conf as the fallback.</summary>
public sealed partial record PersistenceSettings
{
    /// <summary>This module's embedded reference.conf: every default, commented.</summary>
    public static Config Reference { get; } = ConfigurationFactory.FromResource(typeof(PersistenceSettings).Assembly, "reference.conf");

    /// <summary>Reads <c>paxos.persistence.journal</c>, <c>.snapshot-store</c> and <c>.acceptor-store</c>.</summary>
    /// <exception cref="ConfigException">A value is missing, mistyped or out of range; the message names its path.</exception>
    public static PersistenceSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var merged = config.WithFallback(Reference);
        var journal = Section(merged, "paxos.persistence.journal", config);
        var snapshots = Section(merged, "paxos.persistence.snapshot-store", config);
        var acceptors = Section(merged, "paxos.persistence.acceptor-store", config);
        try
        {
            return new PersistenceSettings(
                new JournalSettings
                {
                    Plugin = ParsePlugin(journal, "paxos.persistence.journal"),
                    ConnectionString = journal.GetString("connection-string"),
                    TableName = journal.GetString("table-name"),
                    AutoInitialize = journal.GetBoolean("auto-initialize"),
                    BusyTimeout = journal.GetTimeSpan("busy-timeout"),
                    MaxBatchEvents = journal.GetInt("max-batch-events"),
                    QueueCapacity = journal.GetInt("queue-capacity"),
                }.Validate(),
                new SnapshotStoreSettings
                {
                    Plugin = ParsePlugin(snapshots, "paxos.persistence.snapshot-store"),
                    ConnectionString = snapshots.GetString("connection-string"),
                    TableName = snapshots.GetString("table-name"),
                    AutoInitialize = snapshots.GetBoolean("auto-initialize"),
                    BusyTimeout = snapshots.GetTimeSpan("busy-timeout"),
                }.Validate(),
                new Acceptor.AcceptorStoreSettings
                {
                    Plugin = ParsePlugin(acceptors, "paxos.persistence.acceptor-store"),
                    ConnectionString = acceptors.GetString("connection-string"),
                    TableName = acceptors.GetString("table-name"),
                    AutoInitialize = acceptors.GetBoolean("auto-initialize"),
                    BusyTimeout = acceptors.GetTimeSpan("busy-timeout"),
                }.Validate());
        }
        catch (ArgumentException e)
        {
            throw new ConfigException($"Invalid paxos.persistence setting in {config.Origin}: {e.Message}");
        }
    }

    private static Config Section(Config merged, string path, Config original)
    {
        var section = merged.GetConfig(path);
        return section.IsEmpty
            ? throw new ConfigException($"Missing section '{path}' in {original.Origin}; is PaxosAkka.Persistence's reference.conf embedded?")
            : section;
    }

    private static PersistencePlugin ParsePlugin(Config section, string path)
    {
        var name = section.GetString("plugin");
        return name.ToUpperInvariant() switch
        {
            "SQLITE" => PersistencePlugin.Sqlite,
            "POSTGRESQL" or "POSTGRES" => PersistencePlugin.PostgreSql,
            _ => throw new ConfigException($"{path}.plugin = '{name}' is not a known plugin; use 'sqlite' or 'postgresql'."),
        };
    }
}
