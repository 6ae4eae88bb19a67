using PaxosAkka.Actors;
using PaxosAkka.Hocon;
using PaxosAkka.Persistence.Journal;
using PaxosAkka.Persistence.Snapshots;

namespace PaxosAkka.Persistence;

/// <summary>
/// The per-system journal and snapshot store that persistent actors use (Akka's Persistence extension).
/// Built from <c>paxos.persistence</c> in the system's config on first use, or registered explicitly with
/// <see cref="Register"/> before the first persistent actor starts. Disposed when the system terminates.
/// </summary>
public sealed class PersistenceExtension
{
    private PersistenceExtension(ActorSystem system, IJournal journal, ISnapshotStore snapshotStore, IPersistenceSerializer serializer)
    {
        Journal = journal;
        SnapshotStore = snapshotStore;
        Serializer = serializer;
        system.WhenTerminated.ContinueWith(
            async _ =>
            {
                await journal.DisposeAsync().ConfigureAwait(false);
                await snapshotStore.DisposeAsync().ConfigureAwait(false);
            },
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default);
    }

    /// <summary>The event journal.</summary>
    public IJournal Journal { get; }

    /// <summary>The snapshot store.</summary>
    public ISnapshotStore SnapshotStore { get; }

    /// <summary>How events and snapshots become bytes.</summary>
    public IPersistenceSerializer Serializer { get; }

    /// <summary>The system's persistence, created from its config (and reference.conf) on first call.</summary>
    public static PersistenceExtension Get(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.GetOrAddExtension(sys =>
        {
            var settings = PersistenceSettings.FromConfig(sys.Settings.Config ?? Config.Empty);
            return new PersistenceExtension(
                sys,
                SqlPersistence.CreateJournal(settings.Journal, sys.LoggerFactory),
                SqlPersistence.CreateSnapshotStore(settings.SnapshotStore),
                JsonPersistenceSerializer.Instance);
        });
    }

    /// <summary>Installs a specific journal and store (tests, embedding); fails if the system already has others.</summary>
    public static PersistenceExtension Register(
        ActorSystem system, IJournal journal, ISnapshotStore snapshotStore, IPersistenceSerializer? serializer = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(snapshotStore);
        var registered = system.GetOrAddExtension(sys => new PersistenceExtension(sys, journal, snapshotStore, serializer ?? JsonPersistenceSerializer.Instance));
        return ReferenceEquals(registered.Journal, journal)
            ? registered
            : throw new InvalidOperationException($"Actor system '{system.Name}' already has a persistence journal; register before the first use.");
    }
}
