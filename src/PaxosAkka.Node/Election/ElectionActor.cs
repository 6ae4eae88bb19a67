using Microsoft.Extensions.Logging;
using Akka.Actor;
using Akka.Remote;
using PaxosAkka.Node.Hosting;
using PaxosAkka.Node.Configuration;
using PaxosAkka.Node.Metrics;
using PaxosAkka.Node.Roles;

namespace PaxosAkka.Node.Election;

/// <summary>
/// The election role: a thin shell over <see cref="BullyElection"/>. Every heartbeat interval it sends a
/// heartbeat to each peer, asks the phi-accrual failure detector (PaxosAkka.Cluster) which peers went silent,
/// feeds those verdicts and the ELECTION/ANSWER/COORDINATOR messages to the Bully state, sends what it
/// produced and tells the local proposer whenever the coordinator changes.
/// </summary>
public sealed partial class ElectionActor : ReceiveActor, IWithTimers
{
    private readonly int _id;
    private readonly IReadOnlyList<int> _peers;
    private readonly IRoleRouter _router;
    private readonly NodeStatusBoard _board;
    private readonly ElectionSettings _settings;
    private readonly BullyElection _bully;
    private readonly TimeProvider _clock;
    private readonly long _origin;
    private readonly bool _hasProposer;
    private readonly bool _hasLearner;
    private readonly ILogger _log;
    private readonly DefaultFailureDetectorRegistry<int> _detectors;
    private readonly ConsensusMetrics _metrics;
    private readonly HeartbeatMissCounter _misses;
    private BullyPhase _phase = BullyPhase.Idle;
    private int? _announced;
    private bool _deferring;
    private long _learnerProgress = -1;
    private long _proposerProgress = -1;
    private IReadOnlyDictionary<int, bool>? _reachableSent;

    /// <summary>Creates the election of node <paramref name="id"/> among <paramref name="members"/>.</summary>
    public ElectionActor(int id, IReadOnlyList<MemberSettings> members, ElectionSettings settings, IRoleRouter router, NodeStatusBoard board)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(board);
        _id = id;
        _peers = [.. members.Select(m => m.Id).Where(m => m != id)];
        _router = router;
        _board = board;
        _settings = settings;
        _hasProposer = members.Any(m => m.Id == id && m.MayHold(NodeRoles.Proposer));
        _hasLearner = members.Any(m => m.Id == id && m.MayHold(NodeRoles.Learner));
        _bully = new BullyElection(
            id,
            members.Where(m => m.MayHold(NodeRoles.Proposer)).Select(m => m.Id),
            members.Select(m => m.Id),
            TicksFor(settings.AnswerTimeout),
            TicksFor(settings.CoordinatorTimeout),
            progress: new CandidateProgress(settings.MaxCandidateLagSlots),
            stableLeader: settings.StableLeader);
        _clock = NodeServices.For(Context.System).Clock;
        _origin = _clock.GetTimestamp();

        // Akka's own phi-accrual detector (Hayashibara et al.), fed by our heartbeats and read on our clock: Akka.Cluster's
        // unreachability takes seconds with its defaults, too slow for a leader fail-over under a second.
        Clock milliseconds = () => (long)Now.TotalMilliseconds;
        _detectors = new DefaultFailureDetectorRegistry<int>(() => new PhiAccrualFailureDetector(
            settings.PhiThreshold, maxSampleSize: 1000, settings.MinStdDeviation, settings.AcceptableHeartbeatPause, settings.HeartbeatInterval, milliseconds));
        _log = Context.NodeLogger();
        _metrics = ConsensusMetrics.Of(Context.System);
        _misses = new HeartbeatMissCounter(settings.HeartbeatInterval);

        Receive<ElectionProtocol.Heartbeat>(OnHeartbeat);
        Receive<ElectionProtocol.Election>(e => Step(() => _bully.OnElection(e.From), e.From));
        Receive<ElectionProtocol.Answer>(a => Step(() => _bully.OnAnswer(a.From), a.From));
        Receive<ElectionProtocol.Coordinator>(c => Step(() => _bully.OnCoordinator(c.From, c.Epoch), c.From));
        Receive<ElectionProtocol.Tick>(_ => OnTick());
        Receive<ElectionProtocol.GetCoordinator>(_ => Sender.Tell(new ElectionProtocol.CoordinatorChanged(_bully.Coordinator), Self));
        Receive<ElectionProtocol.OwnProgress>(OnOwnProgress);
        Receive<ElectionProtocol.GetReachability>(_ => Sender.Tell(new ElectionProtocol.Reachability(Reachable()), Self));
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for the election.</summary>
    public static Props Props(int id, IReadOnlyList<MemberSettings> members, ElectionSettings settings, IRoleRouter router, NodeStatusBoard board) =>
        Akka.Actor.Props.Create(() => new ElectionActor(id, members, settings, router, board));

    /// <inheritdoc />
    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("tick", ElectionProtocol.Tick.Instance, TimeSpan.Zero, _settings.HeartbeatInterval);
        _bully.Progress?.ObserveOwn(OwnProgress);
        Step(_bully.Start, null);
    }

    private TimeSpan Now => _clock.GetElapsedTime(_origin);

    private int TicksFor(TimeSpan timeout) =>
        Math.Max(1, (int)Math.Ceiling(timeout / _settings.HeartbeatInterval));

    /// <summary>This node's learner watermark as last reported (the proposer's on a node without a learner); -1 when unknown.</summary>
    private long OwnProgress => _learnerProgress >= 0 ? _learnerProgress : _proposerProgress;

    private void OnOwnProgress(ElectionProtocol.OwnProgress progress)
    {
        if (progress.Role == RoleNames.Learner)
        {
            _learnerProgress = progress.FirstUnchosenSlot;
        }
        else
        {
            _proposerProgress = progress.FirstUnchosenSlot;
        }
    }

    private Dictionary<int, bool> Reachable() =>
        _peers.ToDictionary(p => p, p => _detectors.IsMonitoring(p) && _detectors.IsAvailable(p));

    private void OnHeartbeat(ElectionProtocol.Heartbeat heartbeat)
    {
        int from = heartbeat.From;
        if (!_peers.Contains(from))
        {
            return;
        }

        _bully.Progress?.ObservePeer(from, heartbeat.FirstUnchosenSlot);

        bool wasMonitoring = _detectors.IsMonitoring(from);
        _misses.OnHeartbeat(from, Now);
        _detectors.Heartbeat(from);
        if (!wasMonitoring)
        {
            Step(() => _bully.PeerUp(from), null);
        }
    }

    private void OnTick()
    {
        var now = Now;
        long progress = OwnProgress;
        _bully.Progress?.ObserveOwn(progress);
        _metrics.ObserveHeartbeatsMissed(_misses.OnTick(now));
        foreach (int peer in _peers)
        {
            _router.Tell(peer, RoleNames.Election, new ElectionProtocol.Heartbeat(_id, progress), Self);
            if (_detectors.IsMonitoring(peer) && !_detectors.IsAvailable(peer))
            {
                // Forget its history: when it comes back, its first heartbeat starts a fresh estimate.
                _detectors.Remove(peer);
                LogWarningPeerDown(_log, _id, peer);
                _metrics.ObservePeerSuspected();
                Step(() => _bully.PeerDown(peer), null);
            }
        }

        Step(_bully.Tick, null);
    }

    private void Step(Action input, int? from)
    {
        if (from is int peer && !_peers.Contains(peer))
        {
            return;
        }

        input();
        foreach (var outgoing in _bully.Drain())
        {
            object message = outgoing.Kind switch
            {
                BullyMessageKind.Election => new ElectionProtocol.Election(_id),
                BullyMessageKind.Answer => new ElectionProtocol.Answer(_id),
                _ => new ElectionProtocol.Coordinator(_id, _bully.CoordinatorEpoch),
            };
            _router.Tell(outgoing.To, RoleNames.Election, message, Self);
        }

        if (_bully.Phase != _phase)
        {
            if (_bully.Phase == BullyPhase.Electing)
            {
                _metrics.ObserveElection();
            }

            _phase = _bully.Phase;
        }

        if (_bully.IsDeferring != _deferring)
        {
            _deferring = _bully.IsDeferring;
            LogInformationDeferring(_log, _id, _deferring, _bully.Progress?.Own ?? -1);
        }

        if (_bully.Coordinator != _announced)
        {
            _announced = _bully.Coordinator;
            LogInformationCoordinator(_log, _id, _announced);
            _metrics.ObserveLeaderChange();
            if (_hasProposer)
            {
                _router.Tell(_id, RoleNames.Proposer, new ElectionProtocol.CoordinatorChanged(_announced), Self);
            }

            // The node supervisor starts an auto node's roles when it becomes coordinator (AutoRoleState).
            Context.Parent.Tell(new ElectionProtocol.CoordinatorChanged(_announced), Self);
        }

        var reachable = Reachable();
        _board.Election = new ElectionView(_bully.Coordinator, reachable);
        if (_hasLearner && (_reachableSent is null || !_reachableSent.SequenceEqual(reachable)))
        {
            // The learner's store coordination drops stores on nodes found down; it is told, never reads this actor.
            _reachableSent = reachable;
            _router.Tell(_id, RoleNames.Learner, new ElectionProtocol.Reachability(reachable), Self);
        }
    }

    [LoggerMessage(EventId = 6501, Level = LogLevel.Information, Message = "Election on node {Id}: coordinator is {Coordinator}")]
    private static partial void LogInformationCoordinator(ILogger logger, int id, int? coordinator);

    [LoggerMessage(EventId = 6502, Level = LogLevel.Warning, Message = "Election on node {Id}: node {Peer} is suspected down")]
    private static partial void LogWarningPeerDown(ILogger logger, int id, int peer);

    [LoggerMessage(EventId = 6503, Level = LogLevel.Information, Message = "Election on node {Id}: deferring to a caught-up candidate is now {Deferring} (own learner at slot {Slot})")]
    private static partial void LogInformationDeferring(ILogger logger, int id, bool deferring, long slot);
}
