namespace PaxosAkka.Persistence.Journal;

/// <summary>
/// The event journal contract (Akka's AsyncWriteJournal in small). Every implementation passes the same
/// abstract <c>JournalSpec</c> in the tests.
/// </summary>
public interface IJournal : IAsyncDisposable
{
    /// <summary>
    /// Writes <paramref name="batch"/> atomically: either every event is committed and durable, or none is
    /// visible. The task completes only after the commit. Sequence numbers must continue each persistence id's
    /// stream without gaps (highest + 1, highest + 2, ...); otherwise it fails with
    /// <see cref="SequenceConflictException"/>. Cancelling only helps while the batch still waits in the queue;
    /// once a transaction has taken it, the outcome is the transaction's.
    /// </summary>
    Task WriteAsync(IReadOnlyList<PersistentRepr> batch, CancellationToken cancellationToken = default);

    /// <summary>
    /// Calls <paramref name="onReplayed"/> for the events of <paramref name="persistenceId"/> with
    /// <paramref name="fromSequenceNr"/> &lt;= sequence number &lt;= <paramref name="toSequenceNr"/>, in order,
    /// at most <paramref name="max"/> of them. A row whose checksum does not match, or a hole in the stream,
    /// fails with <see cref="PersistenceCorruptionException"/> naming the persistence id and sequence number.
    /// </summary>
    Task ReplayAsync(
        string persistenceId,
        long fromSequenceNr,
        long toSequenceNr,
        long max,
        Action<PersistentRepr> onReplayed,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// The highest sequence number ever written for <paramref name="persistenceId"/> (0 when none), also after
    /// those events were deleted: a new event must never reuse a number.
    /// </summary>
    Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken = default);

    /// <summary>Deletes the events of <paramref name="persistenceId"/> up to and including <paramref name="toSequenceNr"/>.</summary>
    Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default);
}
