using Microsoft.Extensions.Logging;
using PaxosAkka.Persistence.Journal;
using PaxosAkka.Persistence.Snapshots;
using PaxosAkka.Persistence.Sql;

namespace PaxosAkka.Persistence;

/// <summary>Builds the configured journal and snapshot store (both SQL-backed; the plugin picks the engine).</summary>
public static class SqlPersistence
{
    /// <summary>The journal described by <paramref name="settings"/>.</summary>
    public static IJournal CreateJournal(JournalSettings settings, ILoggerFactory? loggerFactory = null) =>
        new SqlJournal(settings, loggerFactory?.CreateLogger<SqlJournal>());

    /// <summary>The snapshot store described by <paramref name="settings"/>.</summary>
    public static ISnapshotStore CreateSnapshotStore(SnapshotStoreSettings settings) => new SqlSnapshotStore(settings);
}
