using System.Collections.Immutable;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Store;
using static PaxosAkka.Node.Replication.ReplicationProtocol;

namespace PaxosAkka.Node.Replication;

/// <summary>
/// The serving side of a snapshot transfer between stores, as a pure object: chunk 0 of a request captures the
/// store's state once and splits it into bounded chunks, later chunks are served from that frozen copy, so the
/// requester installs one consistent state however many commits the source applies meanwhile. One snapshot is
/// kept per requesting store (a new request replaces it), and it is dropped once its last chunk was served.
/// </summary>
public sealed class SnapshotSource
{
    private readonly int _self;
    private readonly ReplicationOptions _options;
    private readonly Dictionary<int, Frozen> _served = [];
    private long _nextId;

    /// <summary>Creates the source side of store <paramref name="self"/>.</summary>
    public SnapshotSource(int self, ReplicationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _self = self;
        _options = options.Validated();
    }

    /// <summary>Snapshots held for requesters that have not asked for their last chunk yet.</summary>
    public int Held => _served.Count;

    /// <summary>Answers <paramref name="request"/>; <paramref name="capture"/> is called only for a new snapshot.</summary>
    public StoreSnapshotChunk Serve(StoreSnapshotRequest request, Func<KvSnapshot> capture)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(capture);
        if (request.Chunk == 0)
        {
            var snapshot = capture();
            _served[request.From] = new Frozen(++_nextId, snapshot.AppliedSlot, snapshot.Revision, Split(snapshot, _options.SnapshotChunkItems, _options.SnapshotChunkBytes));
        }

        // A chunk of a snapshot this source no longer holds (it restarted, or the requester started over): refuse.
        if (!_served.TryGetValue(request.From, out var frozen)
            || (request.Chunk != 0 && frozen.Id != request.SnapshotId)
            || request.Chunk < 0
            || request.Chunk >= frozen.Chunks.Length)
        {
            return new StoreSnapshotChunk(_self, request.Attempt, request.SnapshotId, request.Chunk, 0, -1, 0, [], [], [], []);
        }

        var part = frozen.Chunks[request.Chunk];
        if (request.Chunk == frozen.Chunks.Length - 1)
        {
            _served.Remove(request.From);
        }

        return new StoreSnapshotChunk(_self, request.Attempt, frozen.Id, request.Chunk, frozen.Chunks.Length, frozen.Slot, frozen.Revision, part.Entries, part.Sessions, part.Results, part.IdempotentAnswers);
    }

    /// <summary>
    /// Splits <paramref name="snapshot"/> into chunks of at most <paramref name="maxItems"/> items and about
    /// <paramref name="maxBytes"/> payload bytes (an item larger than that travels alone); always at least one chunk.
    /// </summary>
    internal static ImmutableArray<SnapshotPart> Split(KvSnapshot snapshot, int maxItems, int maxBytes)
    {
        var chunks = ImmutableArray.CreateBuilder<SnapshotPart>();
        var part = new PartBuilder();
        void Fit(long size)
        {
            if (part.Items > 0 && (part.Items >= maxItems || part.Bytes + size > maxBytes))
            {
                chunks.Add(part.Build());
                part = new PartBuilder();
            }

            part.Items++;
            part.Bytes += size;
        }

        foreach (var entry in snapshot.Entries)
        {
            Fit(entry.Key.Length + entry.Value.Length + 16);
            part.Entries.Add(entry);
        }

        foreach (var session in snapshot.Sessions)
        {
            Fit(session.ClientId.Length + (8 * session.Above.Length) + 24);
            part.Sessions.Add(session);
        }

        foreach (var result in snapshot.Results)
        {
            Fit(result.Id.ClientId.Length + ResultSize(result.Result) + 16);
            part.Results.Add(result);
        }

        foreach (var answer in snapshot.IdempotentAnswers.IsDefault ? [] : snapshot.IdempotentAnswers)
        {
            var fingerprint = answer.Fingerprint;
            Fit(answer.IdempotencyKey.Length + fingerprint.Operation.Length + fingerprint.Key.Length + fingerprint.BodyHash.Length + ResultSize(answer.Result) + 16);
            part.IdempotentAnswers.Add(answer);
        }

        chunks.Add(part.Build());
        return chunks.ToImmutable();
    }

    private static long ResultSize(KvResult result) => result switch
    {
        KvValue value => value.Value.Length + 16,
        KvConflict conflict => (conflict.Current?.Length ?? 0) + 16,
        KvRejected rejected => rejected.Reason.Length + 16,
        KvListing listing => listing.Keys.Sum(k => (long)k.Key.Length + 24) + (listing.Next?.Length ?? 0) + 16,
        _ => 16,
    };

    private sealed record Frozen(long Id, long Slot, long Revision, ImmutableArray<SnapshotPart> Chunks);

    private sealed class PartBuilder
    {
        public int Items { get; set; }

        public long Bytes { get; set; }

        public ImmutableArray<KvSnapshotEntry>.Builder Entries { get; } = ImmutableArray.CreateBuilder<KvSnapshotEntry>();

        public ImmutableArray<ClientSessionState>.Builder Sessions { get; } = ImmutableArray.CreateBuilder<ClientSessionState>();

        public ImmutableArray<KvSnapshotResult>.Builder Results { get; } = ImmutableArray.CreateBuilder<KvSnapshotResult>();

        public ImmutableArray<RememberedAnswer>.Builder IdempotentAnswers { get; } = ImmutableArray.CreateBuilder<RememberedAnswer>();

        public SnapshotPart Build() => new(Entries.ToImmutable(), Sessions.ToImmutable(), Results.ToImmutable(), IdempotentAnswers.ToImmutable());
    }
}

/// <summary>One chunk's share of a snapshot.</summary>
internal sealed record SnapshotPart(
    ImmutableArray<KvSnapshotEntry> Entries,
    ImmutableArray<ClientSessionState> Sessions,
    ImmutableArray<KvSnapshotResult> Results,
    ImmutableArray<RememberedAnswer> IdempotentAnswers);
