using System.Data.Common;
using PaxosAkka.Consensus;
using PaxosAkka.Persistence.Sql;

namespace PaxosAkka.Persistence.Acceptor;

/// <summary>The write side: one transaction per group of saves and compactions, applied in queue order.</summary>
public sealed partial class SqlAcceptorStateStore
{
    private async Task CommitGroupAsync(IReadOnlyList<AcceptorWriteRequest> group, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await _database.WriterAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            var promises = new Dictionary<int, PromiseRow>();
            foreach (var request in group)
            {
                if (!promises.TryGetValue(request.AcceptorId, out var current))
                {
                    current = await ReadPromiseAsync(connection, transaction, request.AcceptorId, cancellationToken).ConfigureAwait(false);
                }

                // A promise only ever grows (§2.3); compaction only moves forward.
                var next = current with
                {
                    Ballot = request.Promise is { } p ? Ballot.Max(current.Ballot, p) : current.Ballot,
                    CompactedBelow = Math.Max(current.CompactedBelow, request.CompactBelow ?? 0),
                };
                if (next != current || !current.Exists)
                {
                    await UpsertPromiseAsync(connection, transaction, request.AcceptorId, next, cancellationToken).ConfigureAwait(false);
                    next = next with { Exists = true };
                }

                if (next.CompactedBelow > current.CompactedBelow)
                {
                    await using var delete = SqlDialect.Command(connection, transaction,
                        $"DELETE FROM {_table}_accepted WHERE acceptor_id = @id AND slot < @below");
                    SqlDialect.AddParameter(delete, "@id", (long)request.AcceptorId);
                    SqlDialect.AddParameter(delete, "@below", next.CompactedBelow);
                    await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await UpsertEntriesAsync(connection, transaction, request, next.CompactedBelow, cancellationToken).ConfigureAwait(false);
                promises[request.AcceptorId] = next;
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            foreach (var request in group)
            {
                request.Succeed();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await _database.DropWriterAsync().ConfigureAwait(false);
            throw new JournalWriteException($"The acceptor-state transaction carrying {group.Count} save(s) failed; none of them was stored. {e.Message}", e);
        }
    }

    private async Task UpsertEntriesAsync(DbConnection connection, DbTransaction transaction, AcceptorWriteRequest request, long compactedBelow, CancellationToken cancellationToken)
    {
        if (request.Entries.Count == 0)
        {
            return;
        }

        await using var upsert = SqlDialect.Command(connection, transaction,
            $"INSERT INTO {_table}_accepted (acceptor_id, slot, round, proposer_id, value, checksum) VALUES (@id, @slot, @round, @proposer, @value, @checksum) " +
            "ON CONFLICT (acceptor_id, slot) DO UPDATE SET round = excluded.round, proposer_id = excluded.proposer_id, value = excluded.value, checksum = excluded.checksum");
        SqlDialect.AddParameter(upsert, "@id", (long)request.AcceptorId);
        var slot = SqlDialect.AddParameter(upsert, "@slot", 0L);
        var round = SqlDialect.AddParameter(upsert, "@round", 0L);
        var proposer = SqlDialect.AddParameter(upsert, "@proposer", 0L);
        var value = SqlDialect.AddParameter(upsert, "@value", Array.Empty<byte>());
        var checksum = SqlDialect.AddParameter(upsert, "@checksum", 0L);
        foreach (var (entry, bytes) in request.Entries)
        {
            if (entry.Slot < compactedBelow)
            {
                continue; // Chosen and snapshotted already; the core drops these too.
            }

            slot.Value = entry.Slot;
            round.Value = entry.Ballot.Round;
            proposer.Value = (long)entry.Ballot.ProposerId;
            value.Value = bytes;
            checksum.Value = EntryChecksum(request.AcceptorId, entry.Slot, entry.Ballot, bytes);
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task UpsertPromiseAsync(DbConnection connection, DbTransaction transaction, int acceptorId, PromiseRow row, CancellationToken cancellationToken)
    {
        await using var upsert = SqlDialect.Command(connection, transaction,
            $"INSERT INTO {_table}_promise (acceptor_id, round, proposer_id, compacted_below, checksum) VALUES (@id, @round, @proposer, @compacted, @checksum) " +
            "ON CONFLICT (acceptor_id) DO UPDATE SET round = excluded.round, proposer_id = excluded.proposer_id, " +
            "compacted_below = excluded.compacted_below, checksum = excluded.checksum");
        SqlDialect.AddParameter(upsert, "@id", (long)acceptorId);
        SqlDialect.AddParameter(upsert, "@round", row.Ballot.Round);
        SqlDialect.AddParameter(upsert, "@proposer", (long)row.Ballot.ProposerId);
        SqlDialect.AddParameter(upsert, "@compacted", row.CompactedBelow);
        SqlDialect.AddParameter(upsert, "@checksum", PromiseChecksum(acceptorId, row.Ballot, row.CompactedBelow));
        await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<PromiseRow> ReadPromiseAsync(DbConnection connection, DbTransaction transaction, int acceptorId, CancellationToken cancellationToken)
    {
        await using var command = SqlDialect.Command(connection, transaction,
            $"SELECT round, proposer_id, compacted_below, checksum FROM {_table}_promise WHERE acceptor_id = @id");
        SqlDialect.AddParameter(command, "@id", (long)acceptorId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return new PromiseRow(Ballot.Zero, 0, Exists: false);
        }

        try
        {
            var ballot = new Ballot(reader.GetInt64(0), checked((int)reader.GetInt64(1)));
            var compactedBelow = reader.GetInt64(2);
            if (PromiseChecksum(acceptorId, ballot, compactedBelow) != reader.GetInt64(3))
            {
                throw new PersistenceCorruptionException($"acceptor-{acceptorId}", 0, "the promise row fails its checksum; the promised ballot cannot be trusted.");
            }

            return new PromiseRow(ballot, compactedBelow, Exists: true);
        }
        catch (Exception e) when (e is InvalidCastException or OverflowException)
        {
            throw new PersistenceCorruptionException($"acceptor-{acceptorId}", 0, $"the promise row is unreadable ({e.Message}).");
        }
    }

    private static AcceptedEntry ReadVerifiedEntry(DbDataReader reader, int acceptorId)
    {
        var slot = reader.GetInt64(0);
        try
        {
            var ballot = new Ballot(reader.GetInt64(1), checked((int)reader.GetInt64(2)));
            var bytes = (byte[])reader.GetValue(3);
            if (EntryChecksum(acceptorId, slot, ballot, bytes) != reader.GetInt64(4))
            {
                throw new PersistenceCorruptionException($"acceptor-{acceptorId}", slot, "the accepted entry fails its checksum.");
            }

            return new AcceptedEntry(slot, ballot, SlotValueCodec.Decode(bytes));
        }
        catch (Exception e) when (e is InvalidCastException or OverflowException or FormatException)
        {
            throw new PersistenceCorruptionException($"acceptor-{acceptorId}", slot, $"the accepted entry is unreadable ({e.Message}).");
        }
    }

    private sealed record PromiseRow(Ballot Ballot, long CompactedBelow, bool Exists);
}

/// <summary>One save or compaction waiting for its group commit.</summary>
internal sealed class AcceptorWriteRequest(int acceptorId, Ballot? promise, IReadOnlyList<(AcceptedEntry Entry, byte[] Value)> entries, long? CompactBelow)
    : GroupCommitRequest
{
    public int AcceptorId { get; } = acceptorId;

    public Ballot? Promise { get; } = promise;

    public IReadOnlyList<(AcceptedEntry Entry, byte[] Value)> Entries { get; } = entries;

    public long? CompactBelow { get; } = CompactBelow;
}
