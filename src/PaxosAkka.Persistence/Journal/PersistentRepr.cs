namespace PaxosAkka.Persistence.Journal;

/// <summary>
/// One stored event of one persistent actor, in the shape the journal keeps it: the payload is already
/// serialized so the journal never needs to know event types.
/// </summary>
/// <param name="PersistenceId">The actor's stable identity; all its events share it.</param>
/// <param name="SequenceNr">Position in that actor's event stream: 1, 2, 3, ... with no gaps.</param>
/// <param name="Manifest">The serializer's name for the payload's type.</param>
/// <param name="Payload">The serialized event.</param>
/// <param name="Timestamp">When the event was persisted; stored with millisecond precision.</param>
public sealed record PersistentRepr(
    string PersistenceId,
    long SequenceNr,
    string Manifest,
    byte[] Payload,
    DateTimeOffset Timestamp)
{
    /// <summary>Checks the fields a journal relies on, so bad input fails at the call site with a clear message.</summary>
    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(PersistenceId);
        ArgumentOutOfRangeException.ThrowIfLessThan(SequenceNr, 1L);
        ArgumentNullException.ThrowIfNull(Manifest);
        ArgumentNullException.ThrowIfNull(Payload);
    }
}
