using System.Data.Common;

namespace PaxosAkka.Persistence.Sql;

/// <summary>The group-commit side of the journal: one transaction per group of queued writes.</summary>
public sealed partial class SqlJournal
{
    /// <summary>
    /// Runs one transaction for <paramref name="group"/>. A write that does not continue its stream is rejected
    /// alone before anything is inserted; the rest commit together. If the transaction fails, the exception
    /// propagates and the writer fails every request of the group: nothing of it is visible.
    /// </summary>
    private async Task CommitGroupAsync(IReadOnlyList<JournalWriteRequest> group, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await _database.WriterAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            var persistenceIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var request in group)
            {
                foreach (var row in request.Rows)
                {
                    persistenceIds.Add(row.PersistenceId);
                }
            }

            var highest = await _dialect.ReadHighestAsync(connection, transaction, _table, persistenceIds, cancellationToken).ConfigureAwait(false);
            var accepted = new List<JournalWriteRequest>(group.Count);
            var rows = new List<StoredRow>();
            foreach (var request in group)
            {
                if (CheckContinues(request, highest) is { } conflict)
                {
                    request.Fail(conflict);
                    continue;
                }

                accepted.Add(request);
                rows.AddRange(request.Rows);
            }

            if (rows.Count > 0)
            {
                await _dialect.InsertEventsAsync(connection, transaction, _table, rows, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            Interlocked.Add(ref _committedWrites, accepted.Count);
            Interlocked.Add(ref _committedEvents, rows.Count);
            foreach (var request in accepted)
            {
                request.Succeed();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Interlocked.Increment(ref _failedTransactions);
            LogWarningGroupCommitFailed(_logger, e, group.Count);

            // The connection may be broken mid-transaction; the next group starts on a fresh one.
            await _database.DropWriterAsync().ConfigureAwait(false);
            throw new JournalWriteException(
                $"The journal transaction carrying {group.Count} write(s) failed; none of them was stored. {e.Message}", e);
        }
    }

    /// <summary>
    /// Checks that the request's events continue each stream at highest + 1 and, if so, advances
    /// <paramref name="highest"/> so later requests in the same group chain on it.
    /// </summary>
    private static SequenceConflictException? CheckContinues(JournalWriteRequest request, Dictionary<string, long> highest)
    {
        var tentative = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in request.Rows)
        {
            var current = tentative.TryGetValue(row.PersistenceId, out var t) ? t : highest[row.PersistenceId];
            if (row.SequenceNr != current + 1)
            {
                return new SequenceConflictException(row.PersistenceId, current + 1, row.SequenceNr);
            }

            tentative[row.PersistenceId] = row.SequenceNr;
        }

        foreach (var (persistenceId, sequenceNr) in tentative)
        {
            highest[persistenceId] = sequenceNr;
        }

        return null;
    }

}

/// <summary>One WriteAsync call waiting for its group commit.</summary>
internal sealed class JournalWriteRequest(IReadOnlyList<StoredRow> rows) : GroupCommitRequest
{
    public IReadOnlyList<StoredRow> Rows { get; } = rows;
}
