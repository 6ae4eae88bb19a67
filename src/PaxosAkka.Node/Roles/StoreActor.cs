using Microsoft.Extensions.Logging;
using Akka.Actor;
using PaxosAkka.Node.Hosting;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Client;
using PaxosAkka.Node.Configuration;
using PaxosAkka.Node.Replication;
using PaxosAkka.Node.Store;

namespace PaxosAkka.Node.Roles;

/// <summary>
/// The store role: applies chosen slots to the <see cref="KvStateMachine"/> strictly in slot order, each
/// exactly once, and completes the client requests waiting on this node by <see cref="CommandId"/>. A client
/// is answered only here, after its command was applied from a chosen slot: never before.
/// </summary>
/// <remarks>
/// The state machine lives in memory; at start (and after a restart) the store asks the local learner to
/// replay the chosen log from slot 0, so it always rebuilds the same state from the log.
/// </remarks>
public sealed partial class StoreActor : ReceiveActor
{
    /// <summary>Out-of-order slots kept while a replay fills the gap; more are dropped and asked for again.</summary>
    private const int MaxBuffered = 100_000;

    private readonly int _id;
    private readonly IRoleRouter _router;
    private readonly PendingRequests _pending;
    private readonly NodeStatusBoard _board;
    private readonly KvStateMachine _state;
    private readonly SortedDictionary<long, SlotValue> _buffered = [];
    private readonly ILogger _log;
    private readonly Action<ChosenEntry>? _onApplied;

    /// <summary>Creates the store of node <paramref name="id"/>.</summary>
    public StoreActor(int id, IRoleRouter router, PendingRequests pending, NodeStatusBoard board, Action<ChosenEntry>? onApplied = null, StoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(board);
        _id = id;
        _router = router;
        _pending = pending;
        _board = board;
        _onApplied = onApplied;
        _state = new KvStateMachine(options);
        _log = Context.NodeLogger();
        ReceiveDeliveriesAndReads();
    }

    /// <summary>Props for the store.</summary>
    public static Props Props(int id, IRoleRouter router, PendingRequests pending, NodeStatusBoard board, Action<ChosenEntry>? onApplied = null, StoreOptions? options = null) =>
        Akka.Actor.Props.Create(() => new StoreActor(id, router, pending, board, onApplied, options));

    /// <summary>
    /// Props for the store of the node <paramref name="settings"/> describe: this local store, fed by the node's
    /// own learner, when every learner has a store beside it; else a two-phase-commit participant
    /// (<see cref="StoreParticipantActor"/>) driven by the coordinating learner.
    /// </summary>
    public static Props PropsFor(NodeSettings settings, IRoleRouter router, PendingRequests pending, NodeStatusBoard board, Action<ChosenEntry>? onApplied = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return ReplicationTopology.For(settings.Members).Mode == StoreReplicationMode.TwoPhaseCommit
            ? StoreParticipantActor.Props(settings.Id, router, board, StoreFaults.FromEnvironment(settings.Id), settings.ReplicationOptions, settings.StoreOptions)
            : Props(settings.Id, router, pending, board, onApplied, settings.StoreOptions);
    }

    /// <inheritdoc />
    protected override void PreStart()
    {
        Publish();
        _router.Tell(_id, RoleNames.Learner, new LearnerProtocol.Replay(0), Self);
    }

    private void OnDeliver(StoreProtocol.Deliver deliver)
    {
        bool gap = false;
        foreach (var entry in deliver.Entries)
        {
            if (entry.Slot == _state.AppliedSlot + 1)
            {
                Apply(entry);
            }
            else if (entry.Slot > _state.AppliedSlot + 1 && _buffered.Count < MaxBuffered)
            {
                _buffered[entry.Slot] = entry.Value;
                gap = true;
            }
        }

        while (_buffered.Remove(_state.AppliedSlot + 1, out var next))
        {
            Apply(new ChosenEntry(_state.AppliedSlot + 1, next));
        }

        if (gap && _buffered.Count > 0)
        {
            // Slots arrived ahead of the next one (e.g. the learner restarted mid-stream): ask for the missing part.
            long ahead = _buffered.Keys.First();
            LogDebugGap(_log, _id, _state.AppliedSlot + 1, ahead);
            _router.Tell(_id, RoleNames.Learner, new LearnerProtocol.Replay(_state.AppliedSlot + 1), Self);
        }

        Publish();
    }

    private void Apply(ChosenEntry entry)
    {
        foreach (var (id, result) in _state.Apply(entry))
        {
            _pending.Complete(id, result);
        }

        _onApplied?.Invoke(entry);
    }

    private void Publish() => _board.Store = new StoreView(_state.AppliedSlot, _state.Revision, _state.Count);

    [LoggerMessage(EventId = 6401, Level = LogLevel.Debug, Message = "Store {Id} waits for slot {Next}; slot {Ahead} arrived first")]
    private static partial void LogDebugGap(ILogger logger, int id, long next, long ahead);
}
