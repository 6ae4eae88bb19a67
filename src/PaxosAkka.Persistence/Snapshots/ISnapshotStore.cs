namespace PaxosAkka.Persistence.Snapshots;

/// <summary>
/// The snapshot store contract (Akka's SnapshotStore in small). Every implementation passes the same abstract
/// <c>SnapshotStoreSpec</c> in the tests.
/// </summary>
public interface ISnapshotStore : IAsyncDisposable
{
    /// <summary>Stores a snapshot durably (replacing one with the same persistence id and sequence number).</summary>
    Task SaveAsync(SnapshotMetadata metadata, string manifest, byte[] payload, CancellationToken cancellationToken = default);

    /// <summary>
    /// The snapshot with the highest sequence number matching <paramref name="criteria"/>, or null. A snapshot
    /// whose checksum fails is reported with <see cref="PersistenceCorruptionException"/>, never returned.
    /// </summary>
    Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken = default);

    /// <summary>Deletes the one snapshot at <paramref name="metadata"/>'s persistence id and sequence number.</summary>
    Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken = default);

    /// <summary>Deletes every snapshot of <paramref name="persistenceId"/> matching <paramref name="criteria"/>.</summary>
    Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken = default);
}
