using PaxosAkka.Persistence.Snapshots;

namespace PaxosAkka.Persistence;

/// <summary>Messages a <see cref="PersistentActor"/> receives from the persistence runtime (Akka's names).</summary>
public static class PersistenceProtocol
{
    /// <summary>Delivered to the recovery handlers once every event was replayed; commands follow.</summary>
    public sealed record RecoveryCompleted
    {
        /// <summary>The one instance.</summary>
        public static RecoveryCompleted Instance { get; } = new();

        private RecoveryCompleted()
        {
        }
    }

    /// <summary>Delivered to the recovery handlers first when a snapshot was found; events after it follow.</summary>
    public sealed record SnapshotOffer(SnapshotMetadata Metadata, object Snapshot);

    /// <summary>The snapshot asked for with SaveSnapshot is durable.</summary>
    public sealed record SaveSnapshotSuccess(SnapshotMetadata Metadata);

    /// <summary>The snapshot asked for with SaveSnapshot could not be stored.</summary>
    public sealed record SaveSnapshotFailure(SnapshotMetadata Metadata, Exception Cause);

    /// <summary>Events up to <paramref name="ToSequenceNr"/> were deleted.</summary>
    public sealed record DeleteMessagesSuccess(long ToSequenceNr);

    /// <summary>Deleting events failed; they are all still there.</summary>
    public sealed record DeleteMessagesFailure(Exception Cause, long ToSequenceNr);

    /// <summary>Snapshots matching <paramref name="Criteria"/> were deleted.</summary>
    public sealed record DeleteSnapshotsSuccess(SnapshotSelectionCriteria Criteria);

    /// <summary>Deleting snapshots failed.</summary>
    public sealed record DeleteSnapshotsFailure(SnapshotSelectionCriteria Criteria, Exception Cause);
}
