using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster;
using PaxosAkka.Pbm;

namespace PaxosAkka.Node.Cmd;

/// <summary>
/// Subscribes to Akka.Cluster's membership, reachability and leader events for one <c>cluster tail</c> stream and
/// hands each, as a <see cref="PbmClusterEvent"/>, to the HTTP request that reads them. The initial state arrives as
/// events, so a tail starts with the members as they are. The channel is completed when the actor stops (the
/// request ended, or the actor system terminates), which ends the stream.
/// </summary>
internal sealed class ClusterTailActor : ReceiveActor
{
    private readonly ChannelWriter<PbmClusterEvent> _events;
    private readonly TimeProvider _clock;

    public ClusterTailActor(ChannelWriter<PbmClusterEvent> events, TimeProvider clock)
    {
        _events = events;
        _clock = clock;
        Receive<ClusterEvent.IMemberEvent>(e => Emit(e.GetType().Name, e.Member.Address, e.Member.Status.ToString()));
        Receive<ClusterEvent.UnreachableMember>(e => Emit(nameof(ClusterEvent.UnreachableMember), e.Member.Address, e.Member.Status.ToString()));
        Receive<ClusterEvent.ReachableMember>(e => Emit(nameof(ClusterEvent.ReachableMember), e.Member.Address, e.Member.Status.ToString()));
        Receive<ClusterEvent.LeaderChanged>(e => Emit(nameof(ClusterEvent.LeaderChanged), e.Leader, null));
        Receive<ClusterEvent.IClusterDomainEvent>(_ => { });
    }

    protected override void PreStart() =>
        Cluster.Get(Context.System).Subscribe(
            Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent), typeof(ClusterEvent.LeaderChanged));

    protected override void PostStop()
    {
        Cluster.Get(Context.System).Unsubscribe(Self);
        _events.TryComplete();
    }

    private void Emit(string kind, Address? address, string? status) =>
        _events.TryWrite(new PbmClusterEvent(_clock.GetUtcNow(), kind, address?.ToString() ?? "(none)", status));
}
