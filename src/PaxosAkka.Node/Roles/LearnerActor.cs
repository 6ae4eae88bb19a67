using System.Collections.Immutable;
using Akka.Actor;
using PaxosAkka.Node.Hosting;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Configuration;
using PaxosAkka.Node.Metrics;
using PaxosAkka.Node.Replication;

namespace PaxosAkka.Node.Roles;

/// <summary>
/// The learner role: a thin shell over the core <see cref="Learner"/>. It counts Accepteds (or takes the
/// leader's Chosen), delivers chosen slots in slot order to the local store and tells the local proposer,
/// and asks peer learners for what it missed (catch-up after downtime, driven by ticks).
/// </summary>
/// <remarks>
/// In two-phase-commit mode (<see cref="LearnerReplication"/>: stores on nodes of their own) the learner feeds no
/// local store: the lowest-id live learner drives two-phase commit over the stores and answers the clients'
/// nodes (<see cref="StoreCoordination"/>); the other learners learn the same slots and stand by to take over.
/// The learner keeps the chosen log in memory; a restarted learner relearns it from peers (catch-up) or from a
/// new leader's phase 1, which re-proposes every value the acceptors hold on disk.
/// </remarks>
public sealed class LearnerActor : ReceiveActor, IWithTimers
{
    private readonly int _id;
    private readonly Learner _core;
    private readonly IRoleRouter _router;
    private readonly NodeStatusBoard _board;
    private readonly TimeSpan _tickInterval;
    private readonly bool _hasStore;
    private readonly bool _hasProposer;
    private readonly StoreCoordination? _coordination;
    private readonly ConsensusMetrics _metrics;
    private bool _flushScheduled;
    private IReadOnlyDictionary<int, bool>? _reachable;
    private long _reportedProgress = -1;

    /// <summary>Creates the learner of node <paramref name="id"/>.</summary>
    /// <param name="id">The node id.</param>
    /// <param name="topology">The Paxos topology.</param>
    /// <param name="options">Core learner options.</param>
    /// <param name="tickInterval">Period of the core's tick.</param>
    /// <param name="router">Delivery to role actors.</param>
    /// <param name="board">Status board.</param>
    /// <param name="hasStore">True when this node runs a store fed by this learner (local mode).</param>
    /// <param name="replication">Set in two-phase-commit mode: this learner coordinates the stores or stands by.</param>
    public LearnerActor(int id, PaxosTopology topology, LearnerOptions options, TimeSpan tickInterval, IRoleRouter router, NodeStatusBoard board, bool hasStore, LearnerReplication? replication = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(board);
        _id = id;
        _core = new Learner(id, topology, options);
        _router = router;
        _board = board;
        _tickInterval = tickInterval;
        _hasStore = hasStore;
        _hasProposer = topology.IsProposer(id);
        _metrics = ConsensusMetrics.Of(Context.System);
        if (replication is { Topology.Mode: StoreReplicationMode.TwoPhaseCommit })
        {
            _coordination = new StoreCoordination(id, replication, Chosen, router, Self, Context.NodeLogger(), _metrics);
            _hasStore = false;
        }

        Receive<PaxosMessage>(message =>
        {
            _core.Step(message);
            ScheduleFlush();
        });
        Receive<LearnerProtocol.Tick>(_ =>
        {
            _core.Tick();
            _coordination?.OnTick(_reachable);
            ScheduleFlush();
            Publish();
        });
        Receive<ReplicationProtocol.StoreVote>(m => _coordination?.Handle(m));
        Receive<ReplicationProtocol.StoreCommitted>(m => _coordination?.Handle(m));
        Receive<ReplicationProtocol.StoreStatus>(m => _coordination?.Handle(m));
        Receive<LearnerProtocol.Flush>(_ => Flush());
        Receive<LearnerProtocol.Replay>(OnReplay);
        Receive<ElectionProtocol.Reachability>(r => _reachable = r.Reachable);
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for the learner.</summary>
    public static Props Props(int id, PaxosTopology topology, LearnerOptions options, TimeSpan tickInterval, IRoleRouter router, NodeStatusBoard board, bool hasStore, LearnerReplication? replication = null) =>
        Akka.Actor.Props.Create(() => new LearnerActor(id, topology, options, tickInterval, router, board, hasStore, replication));

    /// <summary>Props for the learner of the node <paramref name="settings"/> describe (two-phase-commit mode when the store roles are split off).</summary>
    public static Props PropsFor(NodeSettings settings, IRoleRouter router, NodeStatusBoard board)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var replication = ReplicationTopology.For(settings.Members);
        return Props(
            settings.Id,
            settings.Topology(),
            settings.LearnerOptions,
            settings.TickInterval,
            router,
            board,
            settings.Has(NodeRoles.Store),
            replication.Mode == StoreReplicationMode.TwoPhaseCommit ? new LearnerReplication(replication, settings.ReplicationOptions) : null);
    }

    /// <inheritdoc />
    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("tick", LearnerProtocol.Tick.Instance, _tickInterval);
        _router.Tell(_id, RoleNames.Election, ElectionProtocol.GetReachability.Instance, Self);
        Publish();
    }

    /// <inheritdoc />
    protected override void PostStop() =>
        _router.Tell(_id, RoleNames.Election, new ElectionProtocol.OwnProgress(RoleNames.Learner, -1), ActorRefs.NoSender);

    private void ScheduleFlush()
    {
        if (!_flushScheduled && _core.HasReady)
        {
            _flushScheduled = true;
            Self.Tell(LearnerProtocol.Flush.Instance, Self);
        }
    }

    private void Flush()
    {
        _flushScheduled = false;
        if (!_core.HasReady)
        {
            return;
        }

        var ready = _core.GetReady();
        foreach (var message in ready.Messages)
        {
            _router.Route(message, Self);
        }

        _metrics.ObserveCommitted(ready.CommittedEntries);
        if (!ready.CommittedEntries.IsDefaultOrEmpty)
        {
            if (_hasStore)
            {
                _router.Tell(_id, RoleNames.Store, new StoreProtocol.Deliver(ready.CommittedEntries), Self);
            }

            if (_hasProposer)
            {
                _router.Tell(_id, RoleNames.Proposer, new ProposerProtocol.ObserveChosen(ready.CommittedEntries), Self);
            }
        }

        _core.Advance(ready);
        if (!ready.CommittedEntries.IsDefaultOrEmpty)
        {
            _coordination?.OnLearned();
        }

        Publish();
    }

    private void Publish()
    {
        _board.Learner = new LearnerView(_core.FirstUnchosenSlot, _coordination?.View());
        if (_core.FirstUnchosenSlot != _reportedProgress)
        {
            // The election puts this watermark on its heartbeats (a candidate far behind defers); it is told, not asked.
            _reportedProgress = _core.FirstUnchosenSlot;
            _router.Tell(_id, RoleNames.Election, new ElectionProtocol.OwnProgress(RoleNames.Learner, _reportedProgress), Self);
        }
    }

    private SlotValue? Chosen(long slot) => _core.TryGetChosen(slot, out var value) ? value : null;

    private void OnReplay(LearnerProtocol.Replay replay)
    {
        var entries = ImmutableArray.CreateBuilder<ChosenEntry>();
        for (long slot = Math.Max(0, replay.FromSlot); slot < _core.FirstUnchosenSlot; slot++)
        {
            if (!_core.TryGetChosen(slot, out var value))
            {
                break;
            }

            entries.Add(new ChosenEntry(slot, value));
        }

        Sender.Tell(new StoreProtocol.Deliver(entries.ToImmutable()), Self);
    }
}
