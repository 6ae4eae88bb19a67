using PaxosAkka.Persistence.Snapshots;

namespace PaxosAkka.Persistence;

/// <summary>Snapshots: save the current state at <see cref="PersistentActor.LastSequenceNr"/>, delete old ones.</summary>
public abstract partial class PersistentActor
{
    /// <summary>
    /// Stores <paramref name="snapshot"/> as the state after event <see cref="LastSequenceNr"/>; answers with
    /// <see cref="PersistenceProtocol.SaveSnapshotSuccess"/> or <see cref="PersistenceProtocol.SaveSnapshotFailure"/>.
    /// </summary>
    protected void SaveSnapshot(object snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var metadata = new SnapshotMetadata(PersistenceId, LastSequenceNr, Context.System.TimeProvider.GetUtcNow());
        var serializer = Serializer;
        var (manifest, payload) = (serializer.Manifest(snapshot), serializer.Serialize(snapshot));
        var store = SnapshotStore;
        _ = ReportAsync(Self, async () =>
        {
            await store.SaveAsync(metadata, manifest, payload).ConfigureAwait(false);
            return new PersistenceProtocol.SaveSnapshotSuccess(metadata);
        }, e => new PersistenceProtocol.SaveSnapshotFailure(metadata, e));
    }

    /// <summary>Deletes this actor's snapshots matching <paramref name="criteria"/>; answers DeleteSnapshotsSuccess/Failure.</summary>
    protected void DeleteSnapshots(SnapshotSelectionCriteria criteria)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var (store, persistenceId) = (SnapshotStore, PersistenceId);
        _ = ReportAsync(Self, async () =>
        {
            await store.DeleteAsync(persistenceId, criteria).ConfigureAwait(false);
            return new PersistenceProtocol.DeleteSnapshotsSuccess(criteria);
        }, e => new PersistenceProtocol.DeleteSnapshotsFailure(criteria, e));
    }
}
