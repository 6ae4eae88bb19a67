using System.Collections.Immutable;
using PaxosAkka.Consensus;
using static PaxosAkka.Node.Replication.ReplicationProtocol;

namespace PaxosAkka.Node.Replication;

/// <summary>A message the coordinator wants sent to store <paramref name="To"/>.</summary>
public sealed record StoreMessage(int To, object Message);

/// <summary>
/// The coordinating learner's side of two-phase commit over the replicated stores (reference system 004:
/// write-all-available, read-one), as a pure state machine: inputs are the learned log, the stores' replies,
/// their reachability (heartbeats) and ticks; outputs are <see cref="Drain"/>ed store messages and
/// <see cref="DrainReplies"/>ed command answers. One transaction at a time, over the next chosen slots.
/// </summary>
/// <remarks>
/// <para>Rules. A transaction is prepared at every in-sync reachable store; all Yes: commit, and once every one
/// of them confirmed (or was found dead) the slots count as committed and the clients are answered. A No, a
/// missing vote (prepare timeout) or a store found dead mid-prepare: abort at all, drop those stores from the
/// in-sync set and retry the same slots with the rest (a new attempt). A store dropped from the set is caught up
/// from the learned log and joins the next transaction once it is at most <see cref="ReplicationOptions.MaxCatchUpEntries"/>
/// behind (its catch-up and then the prepare go down the same ordered connection, so it is in sync when it votes).</para>
/// <para>Takeover (<see cref="Activate"/>): query every store; the highest applied slot is committed (some store
/// committed it, and every value is the chosen one), so stores below it are caught up (commit-all); a slot that
/// only sits prepared was committed nowhere, so it is aborted and done again. Applied state never depends on
/// which coordinator ran: a slot's value is fixed by Paxos, so even two coordinators at once (a learner falsely
/// suspected) can only apply the same values in the same order.</para>
/// </remarks>
public sealed partial class TwoPhaseCoordinator
{
    private readonly int _self;
    private readonly ReplicationOptions _options;
    private readonly Func<long, SlotValue?> _log;
    private readonly SortedDictionary<int, StoreTrack> _stores = [];
    private readonly HashSet<int> _participants = [];
    private readonly List<StoreMessage> _outbox = [];
    private readonly List<CommandResult> _replies = [];
    private Transaction? _txn;
    private int _attempts;
    private int _recoveryTicks;
    private int _queryTicks;

    /// <summary>Creates the coordinator of learner <paramref name="self"/> over <paramref name="stores"/>.</summary>
    /// <param name="self">The learner's node id (the <c>From</c> of its messages).</param>
    /// <param name="stores">Ids of the store nodes.</param>
    /// <param name="options">Timeouts and batch sizes.</param>
    /// <param name="log">The learned log: the chosen value of a slot, or null when not (yet) learned here.</param>
    public TwoPhaseCoordinator(int self, IEnumerable<int> stores, ReplicationOptions options, Func<long, SlotValue?> log)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        _self = self;
        _options = options.Validated();
        _log = log;
        foreach (int store in stores)
        {
            _stores[store] = new StoreTrack();
        }

        ArgumentOutOfRangeException.ThrowIfZero(_stores.Count, nameof(stores));
    }

    /// <summary>What the coordinator is doing.</summary>
    public CoordinatorPhase Phase { get; private set; } = CoordinatorPhase.Standby;

    /// <summary>Every in-sync store applied every slot up to this one; -1 before any (or before recovery).</summary>
    public long CommittedSlot { get; private set; } = -1;

    /// <summary>Transactions aborted so far (a No vote, a prepare timeout or a store lost before the decision).</summary>
    public long Aborts { get; private set; }

    /// <summary>Stores in sync: they take part in the next transaction.</summary>
    public IReadOnlyCollection<int> Participants => _participants;

    /// <summary>The transaction in flight, if any.</summary>
    public TransactionView? Current => _txn is null ? null : new TransactionView(_txn.Slot, _txn.LastSlot, _txn.Attempt, _txn.Committing, [.. _txn.Members.Order()], [.. _txn.Pending.Order()]);

    /// <summary>This learner became the coordinator: learn the stores' state, resolve what the previous one left, go on.</summary>
    public void Activate()
    {
        Phase = CoordinatorPhase.Recovering;
        _txn = null;
        _participants.Clear();
        foreach (var track in _stores.Values)
        {
            track.Applied = null;
            track.Prepared = null;
        }

        _recoveryTicks = _options.RecoveryTimeoutTicks;
        QueryAll(reachableOnly: false);
    }

    /// <summary>Another learner coordinates now: stop (whatever is in flight is resolved by it).</summary>
    public void Deactivate()
    {
        Phase = CoordinatorPhase.Standby;
        _txn = null;
        _participants.Clear();
    }

    /// <summary>New slots were learned: start a transaction if none runs.</summary>
    public void OnLearned() => TryStart();

    /// <summary>The failure detector's verdict on store <paramref name="store"/> changed.</summary>
    public void OnReachability(int store, bool reachable)
    {
        if (!_stores.TryGetValue(store, out var track) || track.Reachable == reachable)
        {
            return;
        }

        track.Reachable = reachable;
        if (Phase == CoordinatorPhase.Standby)
        {
            return;
        }

        if (reachable)
        {
            Send(store, new StoreQuery(_self));
            return;
        }

        // It may come back empty (a restart): forget what it had until it answers again.
        track.Applied = null;
        track.Prepared = null;
        _participants.Remove(store);
        if (Phase == CoordinatorPhase.Recovering)
        {
            MaybeFinishRecovery();
        }
        else if (_txn is { } txn && txn.Members.Contains(store))
        {
            Fail(txn, [store]);
        }
    }

    /// <summary>A store's vote on the transaction in flight (stale attempts are ignored).</summary>
    public void OnVote(StoreVote vote)
    {
        ArgumentNullException.ThrowIfNull(vote);
        if (_txn is not { Committing: false } txn || !txn.Is(vote.Slot, vote.Attempt) || !txn.Pending.Contains(vote.From))
        {
            return;
        }

        Track(vote.From).Applied = vote.AppliedSlot;
        txn.Voted.Add(vote.From);
        if (!vote.Yes)
        {
            Abort(txn, [vote.From]);
            return;
        }

        txn.Pending.Remove(vote.From);
        if (txn.Pending.Count == 0)
        {
            txn.Committing = true;
            txn.TicksLeft = _options.CommitTimeoutTicks;
            txn.Pending.UnionWith(txn.Members);
            foreach (int store in txn.Members)
            {
                Send(store, new StoreCommit(_self, txn.Slot, txn.Attempt, txn.Entries));
            }
        }
    }

    /// <summary>A store confirmed the commit; the answers of the commands it applied are collected for the clients.</summary>
    public void OnCommitted(StoreCommitted committed)
    {
        ArgumentNullException.ThrowIfNull(committed);
        if (_txn is not { Committing: true } txn || !txn.Is(committed.Slot, committed.Attempt) || !txn.Pending.Remove(committed.From))
        {
            return;
        }

        Track(committed.From).Applied = committed.AppliedSlot;
        if (committed.AppliedSlot < txn.LastSlot)
        {
            // It could not apply the slots (it lost state in between): out of sync, it catches up later.
            txn.Members.Remove(committed.From);
            _participants.Remove(committed.From);
        }

        foreach (var result in committed.Results)
        {
            txn.Results.TryAdd(result.Id, result);
        }

        MaybeFinishCommit(txn);
    }

    /// <summary>A store's state (answer to a query or a catch-up).</summary>
    public void OnStatus(StoreStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (Phase == CoordinatorPhase.Standby || !_stores.TryGetValue(status.From, out var track))
        {
            return;
        }

        track.Applied = status.AppliedSlot;
        track.Prepared = status.PreparedSlot;
        track.CatchUpInFlight = false;
        if (Phase == CoordinatorPhase.Recovering)
        {
            MaybeFinishRecovery();
        }
        else if (!_participants.Contains(status.From))
        {
            if (_txn is null && status.AppliedSlot >= CommittedSlot)
            {
                _participants.Add(status.From);
            }

            CatchUp(status.From, track);
            TryStart();
        }
    }

    /// <summary>One tick: prepare/commit/recovery timeouts and the periodic probing of stores out of sync.</summary>
    public void Tick()
    {
        if (Phase == CoordinatorPhase.Standby)
        {
            return;
        }

        if (Phase == CoordinatorPhase.Recovering && --_recoveryTicks <= 0)
        {
            FinishRecovery();
        }

        if (_txn is { } txn && --txn.TicksLeft <= 0)
        {
            Fail(txn, [.. txn.Pending]);
        }

        if (++_queryTicks >= _options.QueryIntervalTicks)
        {
            _queryTicks = 0;
            foreach (var (id, track) in _stores)
            {
                if (track.Reachable && !_participants.Contains(id))
                {
                    track.CatchUpInFlight = false;
                    Send(id, new StoreQuery(_self));
                }
            }
        }

        TryStart();
    }

    /// <summary>Takes the messages to send, in order.</summary>
    public IReadOnlyList<StoreMessage> Drain()
    {
        var messages = _outbox.ToArray();
        _outbox.Clear();
        return messages;
    }

    /// <summary>Takes the answers of the commands committed since the last call (to send to the client nodes).</summary>
    public IReadOnlyList<CommandResult> DrainReplies()
    {
        var replies = _replies.ToArray();
        _replies.Clear();
        return replies;
    }

    private void TryStart()
    {
        if (Phase != CoordinatorPhase.Running || _txn is not null)
        {
            return;
        }

        var entries = Entries(CommittedSlot + 1, CommittedSlot + _options.MaxTransactionSlots);
        if (entries.IsEmpty)
        {
            return;
        }

        var members = Admit();
        if (members.Count == 0)
        {
            return;
        }

        var txn = new Transaction(entries, ++_attempts, members, _options.PrepareTimeoutTicks);
        _txn = txn;
        foreach (int store in members)
        {
            Send(store, new StorePrepare(_self, txn.Slot, txn.Attempt, entries));
        }
    }

    private void Fail(Transaction txn, IReadOnlyCollection<int> stores)
    {
        if (!txn.Committing)
        {
            Abort(txn, stores);
            return;
        }

        // Gone after the decision to commit: the others go on; a store that may have committed catches up later.
        foreach (int store in stores)
        {
            txn.Members.Remove(store);
            txn.Pending.Remove(store);
            _participants.Remove(store);
            Track(store).Applied = null;
        }

        MaybeFinishCommit(txn);
    }

    private void Abort(Transaction txn, IReadOnlyCollection<int> excluded)
    {
        Aborts++;
        foreach (int store in txn.Members)
        {
            Send(store, new StoreAbort(_self, txn.Slot, txn.Attempt));
        }

        foreach (int store in excluded)
        {
            _participants.Remove(store);
            if (txn.Pending.Contains(store) && !txn.Voted.Contains(store))
            {
                // Silent: it joins again only after it answered a query (a paused store must not stall every retry).
                Track(store).Applied = null;
            }
        }

        _txn = null;
        TryStart();
    }

    private void MaybeFinishCommit(Transaction txn)
    {
        if (txn.Pending.Count > 0)
        {
            return;
        }

        _txn = null;
        if (txn.Members.Count == 0)
        {
            // No store confirmed: nobody knows which stores hold the slots. Learn it again, as a new coordinator would.
            Activate();
            return;
        }

        CommittedSlot = txn.LastSlot;
        _participants.Clear();
        _participants.UnionWith(txn.Members);
        _replies.AddRange(txn.Results.Values);
        foreach (var (id, track) in _stores)
        {
            CatchUp(id, track);
        }

        TryStart();
    }

    private ImmutableArray<ChosenEntry> Entries(long from, long to)
    {
        var entries = ImmutableArray.CreateBuilder<ChosenEntry>();
        for (long slot = from; slot <= to && _log(slot) is { } value; slot++)
        {
            entries.Add(new ChosenEntry(slot, value));
        }

        return entries.ToImmutable();
    }

    private StoreTrack Track(int store) => _stores[store];

    private void Send(int store, object message) => _outbox.Add(new StoreMessage(store, message));

    private sealed class Transaction(ImmutableArray<ChosenEntry> entries, int attempt, HashSet<int> members, int ticks)
    {
        public ImmutableArray<ChosenEntry> Entries { get; } = entries;

        public long Slot => Entries[0].Slot;

        public long LastSlot => Entries[^1].Slot;

        public int Attempt { get; } = attempt;

        public HashSet<int> Members { get; } = members;

        public HashSet<int> Pending { get; } = [.. members];

        public HashSet<int> Voted { get; } = [];

        public bool Committing { get; set; }

        public int TicksLeft { get; set; } = ticks;

        public Dictionary<CommandId, CommandResult> Results { get; } = [];

        public bool Is(long slot, int attempt) => slot == Slot && attempt == Attempt;
    }

    private sealed class StoreTrack
    {
        public bool Reachable { get; set; }

        public long? Applied { get; set; }

        public long? Prepared { get; set; }

        public bool CatchUpInFlight { get; set; }
    }
}

/// <summary>What a <see cref="TwoPhaseCoordinator"/> is doing.</summary>
public enum CoordinatorPhase
{
    /// <summary>Another learner coordinates; this one only learns.</summary>
    Standby,

    /// <summary>Just took over: waiting for the stores' states.</summary>
    Recovering,

    /// <summary>Running transactions.</summary>
    Running,
}

/// <summary>The transaction in flight, for tests and the status page.</summary>
public sealed record TransactionView(long Slot, long LastSlot, int Attempt, bool Committing, ImmutableArray<int> Members, ImmutableArray<int> Pending);
