using System.Collections.Immutable;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Store;
using static PaxosAkka.Node.Replication.ReplicationProtocol;

namespace PaxosAkka.Node.Replication;

/// <summary>
/// One store's side of the two-phase commit, as a pure state object over the <see cref="KvStateMachine"/>:
/// votes on prepares, applies commits and catch-ups strictly in slot order (each slot once), forgets aborted
/// prepares, and reports its state to a new coordinator. Prepared slots are never visible: only a commit (or a
/// catch-up of slots committed elsewhere) changes the state that answers reads.
/// </summary>
/// <remarks>
/// Every value a coordinator sends is a chosen value of the Paxos log, so the store's applied slots are always a
/// prefix of that log, whoever sent them and in whatever interleaving. That is why a commit may be applied even
/// when the prepared copy was replaced or aborted by another coordinator, and why a duplicate commit is a no-op.
/// </remarks>
public sealed class StoreParticipant
{
    private readonly int _id;
    private readonly SnapshotSource _source;
    private readonly SnapshotInstall _install;
    private Prepared? _prepared;

    /// <summary>Creates the participant of store <paramref name="id"/> over <paramref name="state"/> (a fresh one by default).</summary>
    public StoreParticipant(int id, KvStateMachine? state = null, ReplicationOptions? options = null)
    {
        _id = id;
        State = state ?? new KvStateMachine();
        _source = new SnapshotSource(id, options ?? ReplicationOptions.Default);
        _install = new SnapshotInstall(id);
    }

    /// <summary>The applied state (read by the status page; changed only through this participant, replaced whole by a snapshot install).</summary>
    public KvStateMachine State { get; private set; }

    /// <summary>True while this store fetches a peer's snapshot: it votes No on every prepare until it is installed.</summary>
    public bool Installing => _install.InProgress;

    /// <summary>The store the running snapshot transfer fetches from; null when none runs.</summary>
    public int? SnapshotSource => _install.Source;

    /// <summary>Snapshots installed since this store started.</summary>
    public int SnapshotsInstalled { get; private set; }

    /// <summary>The slot of the last snapshot installed; -1 before any.</summary>
    public long SnapshotSlot { get; private set; } = -1;

    /// <summary>Snapshots this store holds frozen for peers still fetching them.</summary>
    internal int SnapshotsHeld => _source.Held;

    /// <summary>The last slot applied; -1 before any.</summary>
    public long AppliedSlot => State.AppliedSlot;

    /// <summary>The first slot of the transaction held prepared, if any.</summary>
    public long? PreparedSlot => _prepared?.Slot;

    /// <summary>
    /// Phase 1. Yes when the transaction starts at or before the next slot to apply (slots already applied are
    /// skipped at commit) and the prepared slots are kept; No when it starts beyond the next slot: this store
    /// missed slots and must catch up first.
    /// </summary>
    public StoreVote OnPrepare(StorePrepare prepare)
    {
        ArgumentNullException.ThrowIfNull(prepare);
        if (prepare.Entries.IsDefaultOrEmpty || prepare.Slot > AppliedSlot + 1 || Installing)
        {
            return new StoreVote(_id, prepare.Slot, prepare.Attempt, false, AppliedSlot);
        }

        if (LastSlot(prepare.Entries) > AppliedSlot)
        {
            _prepared = new Prepared(prepare.Slot, prepare.Entries);
        }

        return new StoreVote(_id, prepare.Slot, prepare.Attempt, true, AppliedSlot);
    }

    /// <summary>
    /// Phase 2: applies the transaction's slots that follow the applied ones and returns the answers of the
    /// commands applied here. An <see cref="StoreCommitted.AppliedSlot"/> below the transaction's last slot tells
    /// the coordinator this store could not apply it (it is behind).
    /// </summary>
    public StoreCommitted OnCommit(StoreCommit commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var results = ApplyInOrder(commit.Entries);
        return new StoreCommitted(_id, commit.Slot, commit.Attempt, AppliedSlot, results);
    }

    /// <summary>Phase 2 of an aborted transaction: the prepared slots are forgotten; nothing was applied.</summary>
    public void OnAbort(StoreAbort abort)
    {
        ArgumentNullException.ThrowIfNull(abort);
        if (_prepared is { } p && p.Slot == abort.Slot)
        {
            _prepared = null;
        }
    }

    /// <summary>Applies slots committed at the other stores (this store is behind) and reports the new state.</summary>
    public StoreStatus OnCatchUp(StoreCatchUp catchUp)
    {
        ArgumentNullException.ThrowIfNull(catchUp);
        ApplyInOrder(catchUp.Entries);
        return Status();
    }

    /// <summary>The coordinator asks this store to install a peer's snapshot: the request to send to the source, if any.</summary>
    public StoreSnapshotRequest? OnInstallSnapshot(StoreInstallSnapshot command) => _install.Start(command);

    /// <summary>A peer store fetches this store's snapshot: the chunk to send back.</summary>
    public StoreSnapshotChunk OnSnapshotRequest(StoreSnapshotRequest request) => _source.Serve(request, State.Capture);

    /// <summary>
    /// A chunk of the snapshot this store fetches. Once the last one arrived the snapshot replaces the state in one
    /// step, unless this store already applied past it (a catch-up raced the transfer: the state only moves forward);
    /// either way the state is then reported to the coordinator, which replays the learned log after it.
    /// </summary>
    public SnapshotStep OnSnapshotChunk(StoreSnapshotChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        int? learner = _install.Learner;
        var (next, complete) = _install.OnChunk(chunk);
        if (complete is null || learner is not int to)
        {
            return new SnapshotStep(next, null, null);
        }

        if (complete.AppliedSlot > AppliedSlot)
        {
            State = KvStateMachine.Restore(complete, State.Options);
            _prepared = null;
            SnapshotsInstalled++;
            SnapshotSlot = complete.AppliedSlot;
        }

        return new SnapshotStep(null, Status(), to);
    }

    /// <summary>The state a coordinator queries.</summary>
    public StoreStatus Status() => new(_id, AppliedSlot, PreparedSlot);

    private ImmutableArray<CommandResult> ApplyInOrder(ImmutableArray<ChosenEntry> entries)
    {
        var results = ImmutableArray.CreateBuilder<CommandResult>();
        if (!entries.IsDefault)
        {
            foreach (var entry in entries)
            {
                if (entry.Slot != AppliedSlot + 1)
                {
                    // Already applied (a duplicate) or beyond a gap: never apply out of order.
                    continue;
                }

                foreach (var (id, result) in State.Apply(entry))
                {
                    results.Add(new CommandResult(id, result));
                }
            }
        }

        if (_prepared is { } p && LastSlot(p.Entries) <= AppliedSlot)
        {
            _prepared = null;
        }

        return results.ToImmutable();
    }

    private static long LastSlot(ImmutableArray<ChosenEntry> entries) => entries[^1].Slot;

    private sealed record Prepared(long Slot, ImmutableArray<ChosenEntry> Entries);
}

/// <summary>What a snapshot chunk leads to: the next request to the source, or the state to report to <paramref name="Learner"/>.</summary>
public sealed record SnapshotStep(StoreSnapshotRequest? Next, StoreStatus? Installed, int? Learner);
