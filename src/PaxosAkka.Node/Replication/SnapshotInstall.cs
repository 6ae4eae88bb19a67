using System.Collections.Immutable;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Store;
using static PaxosAkka.Node.Replication.ReplicationProtocol;

namespace PaxosAkka.Node.Replication;

/// <summary>
/// The receiving side of a snapshot transfer, as a pure object: asks the source for one chunk at a time (so at most
/// one chunk is in flight and memory stays bounded by the snapshot itself), checks each belongs to the same
/// snapshot and comes in order, and hands back the whole <see cref="KvSnapshot"/> once the last one arrived. Nothing
/// is installed before that: the caller swaps its state in one step.
/// </summary>
public sealed class SnapshotInstall
{
    /// <summary>Asks in a row without a chunk after which a transfer counts as stalled and starts over.</summary>
    public const int StallAsks = 3;

    private readonly int _self;
    private Transfer? _transfer;
    private int _attempts;

    /// <summary>Creates the receiving side of store <paramref name="self"/>.</summary>
    public SnapshotInstall(int self) => _self = self;

    /// <summary>True while a transfer runs (the store then votes No on every prepare).</summary>
    public bool InProgress => _transfer is not null;

    /// <summary>The learner to report to once installed; null when no transfer runs.</summary>
    public int? Learner => _transfer?.Learner;

    /// <summary>
    /// The coordinator asks for a snapshot of <paramref name="command"/>'s source (it asks again every query
    /// interval until the store reports in). A running transfer goes on (null: nothing to send) unless no chunk
    /// arrived across <see cref="StallAsks"/> asks; a stalled one, or none, starts over with chunk 0. The patience
    /// matters right after a restart, when the first chunks wait for the connection to the source to come up.
    /// </summary>
    public StoreSnapshotRequest? Start(StoreInstallSnapshot command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (_transfer is { } running)
        {
            running.AsksWithoutChunk = running.Progressed ? 0 : running.AsksWithoutChunk + 1;
            running.Progressed = false;
            if (running.AsksWithoutChunk < StallAsks)
            {
                return null;
            }
        }

        _transfer = new Transfer(command.From, command.Source, ++_attempts);
        return new StoreSnapshotRequest(_self, _transfer.Attempt, 0, 0);
    }

    /// <summary>
    /// A chunk arrived. Returns the request for the next chunk, or the complete snapshot after the last one. An answer
    /// to an abandoned transfer (another attempt) or a duplicate is ignored; a refusal, or a chunk of another
    /// snapshot, abandons the transfer (the coordinator's next ask starts it again).
    /// </summary>
    public (StoreSnapshotRequest? Next, KvSnapshot? Complete) OnChunk(StoreSnapshotChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        // Before any chunk arrived, the first chunk of an earlier attempt is as good a snapshot as ours (its later
        // chunks may be refused: the source keeps only its latest capture for us, and then we start over).
        bool first = _transfer is { Next: 0 } && chunk.Chunk == 0 && chunk.Count > 0 && chunk.Attempt <= _transfer.Attempt;
        if (_transfer is not { } t || chunk.From != t.Source || (!first && chunk.Attempt != t.Attempt) || (chunk.Count > 0 && chunk.Chunk != t.Next))
        {
            return (null, null);
        }

        if (chunk.Count == 0 || (!first && (chunk.SnapshotId != t.Id || chunk.AppliedSlot != t.Slot || chunk.Count != t.Count)))
        {
            _transfer = null;
            return (null, null);
        }

        if (first)
        {
            (t.Id, t.Slot, t.Revision, t.Count) = (chunk.SnapshotId, chunk.AppliedSlot, chunk.Revision, chunk.Count);
        }

        t.Entries.AddRange(chunk.Entries.IsDefault ? [] : chunk.Entries);
        t.Sessions.AddRange(chunk.Sessions.IsDefault ? [] : chunk.Sessions);
        t.Results.AddRange(chunk.Results.IsDefault ? [] : chunk.Results);
        t.IdempotentAnswers.AddRange(chunk.IdempotentAnswers.IsDefault ? [] : chunk.IdempotentAnswers);
        t.Next++;
        t.Progressed = true;
        if (t.Next < t.Count)
        {
            return (new StoreSnapshotRequest(_self, t.Attempt, t.Id, t.Next), null);
        }

        _transfer = null;
        return (null, new KvSnapshot(t.Slot, t.Revision, t.Entries.ToImmutable(), t.Sessions.ToImmutable(), t.Results.ToImmutable(), t.IdempotentAnswers.ToImmutable()));
    }

    /// <summary>The source store of the running transfer (where the requests go).</summary>
    public int? Source => _transfer?.Source;

    private sealed class Transfer(int learner, int source, int attempt)
    {
        public int Learner { get; } = learner;

        public int Source { get; } = source;

        public int Attempt { get; } = attempt;

        public long Id { get; set; }

        public long Slot { get; set; }

        public long Revision { get; set; }

        public int Count { get; set; }

        public int Next { get; set; }

        public bool Progressed { get; set; }

        public int AsksWithoutChunk { get; set; }

        public ImmutableArray<KvSnapshotEntry>.Builder Entries { get; } = ImmutableArray.CreateBuilder<KvSnapshotEntry>();

        public ImmutableArray<ClientSessionState>.Builder Sessions { get; } = ImmutableArray.CreateBuilder<ClientSessionState>();

        public ImmutableArray<KvSnapshotResult>.Builder Results { get; } = ImmutableArray.CreateBuilder<KvSnapshotResult>();

        public ImmutableArray<RememberedAnswer>.Builder IdempotentAnswers { get; } = ImmutableArray.CreateBuilder<RememberedAnswer>();
    }
}
