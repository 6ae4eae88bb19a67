using PaxosAkka.Actors;

namespace PaxosAkka.Cluster;

/// <summary>
/// Messages of the cluster actors. The wire messages carry <see cref="UniqueAddress"/>es and a plain
/// <see cref="GossipData"/> so they serialize as JSON with stable manifests (see <see cref="Register"/>).
/// </summary>
public static class ClusterProtocol
{
    // ---- Between nodes ----

    /// <summary>A joining node asks a seed whether it belongs to a cluster.</summary>
    public sealed record InitJoin(UniqueAddress From);

    /// <summary>The seed is a member and will take a <see cref="Join"/>.</summary>
    public sealed record InitJoinAck(UniqueAddress From);

    /// <summary>Asks to be admitted with the given roles.</summary>
    public sealed record Join(UniqueAddress Node, IReadOnlyList<string> Roles);

    /// <summary>Admitted: here is the membership to start from.</summary>
    public sealed record Welcome(UniqueAddress From, GossipData Gossip);

    /// <summary>One gossip exchange.</summary>
    public sealed record GossipEnvelope(UniqueAddress From, UniqueAddress To, GossipData Gossip);

    /// <summary>An Exiting node tells the leader it has seen its Exiting state and is going away.</summary>
    public sealed record ExitingConfirmed(UniqueAddress Node);

    /// <summary>Failure-detector heartbeat; the receiver answers with <see cref="HeartbeatResponse"/>.</summary>
    public sealed record Heartbeat(UniqueAddress From, long Sequence);

    public sealed record HeartbeatResponse(UniqueAddress From, long Sequence);

    // ---- Local commands to the cluster daemon ----

    /// <summary>Join the cluster through these seed nodes (the first one may form it).</summary>
    public sealed record JoinSeedNodes(IReadOnlyList<NodeAddress> Seeds);

    /// <summary>Leave gracefully.</summary>
    public sealed record Leave(NodeAddress Address);

    /// <summary>Declare a member dead.</summary>
    public sealed record Down(NodeAddress Address);

    /// <summary>Publish events of the given types (all cluster events when empty) to <see cref="Subscriber"/>.</summary>
    public sealed record Subscribe(IActorRef Subscriber, ClusterEvent.SubscriptionInitialStateMode InitialStateMode, IReadOnlyList<Type> EventTypes);

    public sealed record Unsubscribe(IActorRef Subscriber);

    // ---- Internal ----

    /// <summary>From the heartbeat sender: the monitored members its detectors suspect now.</summary>
    internal sealed record FailureDetectorVerdict(IReadOnlySet<UniqueAddress> Unavailable);

    /// <summary>To the heartbeat sender: the members to monitor and which are unreachable.</summary>
    internal sealed record MembershipSnapshot(IReadOnlyList<UniqueAddress> Members, IReadOnlyList<UniqueAddress> Unreachable);

    internal sealed record GossipTick
    {
        public static readonly GossipTick Instance = new();
    }

    internal sealed record LeaderActionsTick
    {
        public static readonly LeaderActionsTick Instance = new();
    }

    internal sealed record InitJoinTick
    {
        public static readonly InitJoinTick Instance = new();
    }

    internal sealed record FormClusterTimeout
    {
        public static readonly FormClusterTimeout Instance = new();
    }

    internal sealed record ExitingTimeout
    {
        public static readonly ExitingTimeout Instance = new();
    }

    internal sealed record HeartbeatTick
    {
        public static readonly HeartbeatTick Instance = new();
    }

    internal sealed record ReapTick
    {
        public static readonly ReapTick Instance = new();
    }

    /// <summary>Registers the wire messages with stable manifests on a serializer registry.</summary>
    public static void Register(Remote.Serialization.SerializerRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Add<InitJoin>(registry, "paxos.cluster.init-join");
        Add<InitJoinAck>(registry, "paxos.cluster.init-join-ack");
        Add<Join>(registry, "paxos.cluster.join");
        Add<Welcome>(registry, "paxos.cluster.welcome");
        Add<GossipEnvelope>(registry, "paxos.cluster.gossip");
        Add<ExitingConfirmed>(registry, "paxos.cluster.exiting-confirmed");
        Add<Heartbeat>(registry, "paxos.cluster.heartbeat");
        Add<HeartbeatResponse>(registry, "paxos.cluster.heartbeat-response");
    }

    private static void Add<T>(Remote.Serialization.SerializerRegistry registry, string manifest)
    {
        if (!registry.IsRegistered(typeof(T)))
        {
            registry.Register<T>(manifest);
        }
    }
}
