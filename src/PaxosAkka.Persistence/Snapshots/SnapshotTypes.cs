namespace PaxosAkka.Persistence.Snapshots;

/// <summary>Identifies one snapshot: whose, at which event, taken when.</summary>
/// <param name="PersistenceId">The actor's stable identity.</param>
/// <param name="SequenceNr">The last event the snapshot includes.</param>
/// <param name="Timestamp">When it was taken; stored with millisecond precision.</param>
public sealed record SnapshotMetadata(string PersistenceId, long SequenceNr, DateTimeOffset Timestamp);

/// <summary>A serialized snapshot as the store keeps it.</summary>
/// <param name="Metadata">Identity of the snapshot.</param>
/// <param name="Manifest">The serializer's name for the state's type.</param>
/// <param name="Payload">The serialized state.</param>
public sealed record SelectedSnapshot(SnapshotMetadata Metadata, string Manifest, byte[] Payload);

/// <summary>Which snapshots a load or delete may pick (Akka's SnapshotSelectionCriteria): all bounds inclusive.</summary>
public sealed record SnapshotSelectionCriteria(
    long MaxSequenceNr,
    DateTimeOffset MaxTimestamp,
    long MinSequenceNr = 0,
    DateTimeOffset? MinTimestamp = null)
{
    /// <summary>Any snapshot: the latest one wins.</summary>
    public static SnapshotSelectionCriteria Latest { get; } = new(long.MaxValue, DateTimeOffset.MaxValue);

    /// <summary>No snapshot: recovery replays every event.</summary>
    public static SnapshotSelectionCriteria None { get; } = new(0, DateTimeOffset.MinValue);

    /// <summary>Lower bound on the timestamp; <see cref="DateTimeOffset.MinValue"/> when unset.</summary>
    public DateTimeOffset EffectiveMinTimestamp => MinTimestamp ?? DateTimeOffset.MinValue;
}
