using PaxosAkka.Actors;
using PaxosAkka.Cluster.FailureDetection;
using static PaxosAkka.Cluster.ClusterProtocol;

namespace PaxosAkka.Cluster;

/// <summary>Answers heartbeats; lives at <c>/system/cluster-heartbeat-receiver</c> on every node.</summary>
internal sealed class ClusterHeartbeatReceiver : ReceiveActor
{
    public const string Name = "cluster-heartbeat-receiver";

    public ClusterHeartbeatReceiver(UniqueAddress self)
    {
        Receive<Heartbeat>(h => Sender.Tell(new HeartbeatResponse(self, h.Sequence), Self));
    }
}

/// <summary>
/// Sends heartbeats to the members the ring selects and feeds the responses to the failure detectors: a thin
/// shell over <see cref="HeartbeatSenderState"/>. Tells its parent (the daemon) which members it suspects.
/// </summary>
internal sealed class ClusterHeartbeatSender : ReceiveActor, IWithTimers
{
    private readonly ClusterSettings _settings;
    private readonly Func<UniqueAddress, IActorRef?> _receiverOf;
    private readonly TimeProvider _time;
    private readonly long _start;
    private HeartbeatSenderState _state;
    private long _sequence;

    public ClusterHeartbeatSender(UniqueAddress self, ClusterSettings settings, Func<UniqueAddress, IActorRef?> receiverOf)
    {
        _settings = settings;
        _receiverOf = receiverOf;
        _time = Context.System.TimeProvider;
        _start = _time.GetTimestamp();
        _state = new HeartbeatSenderState(
            new HeartbeatNodeRing(self, [], [], settings.MonitoredByNrOfMembers),
            new FailureDetectorRegistry<UniqueAddress>(settings.FailureDetector),
            settings.ExpectedResponseAfter);

        Receive<MembershipSnapshot>(s => _state = _state.Init(s.Members, s.Unreachable, Now));
        Receive<HeartbeatResponse>(r => _state = _state.HeartbeatResponse(r.From, Now));
        Receive<HeartbeatTick>(_ => SendHeartbeats());
        Receive<ReapTick>(_ =>
        {
            var now = Now;
            var unavailable = _state.ActiveReceivers.Where(n => !_state.IsAvailable(n, now)).ToHashSet();
            Context.Parent.Tell(new FailureDetectorVerdict(unavailable), Self);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private TimeSpan Now => _time.GetElapsedTime(_start);

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("heartbeat", HeartbeatTick.Instance, _settings.HeartbeatInterval);
        Timers.StartPeriodicTimer("reap", ReapTick.Instance, _settings.UnreachableNodesReaperInterval);
    }

    private void SendHeartbeats()
    {
        _sequence++;
        foreach (var receiver in _state.ActiveReceivers)
        {
            _receiverOf(receiver)?.Tell(new Heartbeat(_state.Self, _sequence), Self);
        }

        _state = _state.OnHeartbeatSent(Now);
    }
}
