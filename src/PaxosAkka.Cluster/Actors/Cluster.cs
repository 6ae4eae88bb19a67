using System.Collections.Concurrent;
using PaxosAkka.Actors;
using PaxosAkka.Remote;
using static PaxosAkka.Cluster.ClusterEvent;

namespace PaxosAkka.Cluster;

/// <summary>
/// The cluster extension of an actor system (Akka's <c>Cluster</c>): this node's identity, the commands join,
/// leave and down, and subscriptions to cluster events. The system must have remoting
/// (<see cref="Remoting.CreateSystemAsync"/>). When <c>paxos.cluster.seed-nodes</c> is set, joining starts at once.
/// </summary>
public sealed class Cluster
{
    private readonly ConcurrentDictionary<string, IActorRef?> _refs = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _shutdown = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _up = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile CurrentClusterState _state;

    private Cluster(ActorSystem system)
    {
        System = system;
        Remoting = Remoting.Get(system);
        ClusterProtocol.Register(Remoting.Serializers);
        var a = Remoting.Address;
        SelfUniqueAddress = new UniqueAddress(new NodeAddress(RemoteAddress.Scheme, a.System, a.Host, a.Port), Remoting.Uid);
        Settings = ClusterSettings.Create(system.Settings.Config ?? Hocon.Config.Empty);
        _state = CurrentClusterState.Of(MembershipState.Initial(SelfUniqueAddress));
        system.SystemActorOf(Props.Create(() => new ClusterHeartbeatReceiver(SelfUniqueAddress)), ClusterHeartbeatReceiver.Name);
        Daemon = system.SystemActorOf(Props.Create(() => new ClusterCoreDaemon(this)), ClusterCoreDaemon.Name);
        if (!Settings.SeedNodes.IsEmpty)
        {
            JoinSeedNodes(Settings.SeedNodes);
        }
    }

    public ActorSystem System { get; }

    public ClusterSettings Settings { get; }

    /// <summary>This node's address and incarnation.</summary>
    public UniqueAddress SelfUniqueAddress { get; }

    public NodeAddress SelfAddress => SelfUniqueAddress.Address;

    /// <summary>The latest membership snapshot as seen by this node (updated after every change).</summary>
    public CurrentClusterState State => _state;

    /// <summary>This node as a member, or null before it joined.</summary>
    public Member? SelfMember => _state.Members.FirstOrDefault(m => m.UniqueAddress == SelfUniqueAddress);

    /// <summary>Completes when this node has become Up.</summary>
    public Task WhenUp => _up.Task;

    /// <summary>Completes when this node left the cluster: downed, removed, or exited.</summary>
    public Task WhenShutdown => _shutdown.Task;

    internal IActorRef Daemon { get; }

    internal Remoting Remoting { get; }

    /// <summary>The cluster extension of <paramref name="system"/>, created on first use.</summary>
    public static Cluster Get(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.GetOrAddExtension(s => new Cluster(s));
    }

    /// <summary>Joins the cluster that <paramref name="address"/> belongs to (joining oneself forms a new cluster).</summary>
    public void Join(NodeAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        JoinSeedNodes([address]);
    }

    /// <summary>Joins through the seed nodes; when this node is the first seed and nobody answers, it forms the cluster.</summary>
    public void JoinSeedNodes(IEnumerable<NodeAddress> seeds)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        Daemon.Tell(new ClusterProtocol.JoinSeedNodes([.. seeds]));
    }

    /// <summary>Asks the member at <paramref name="address"/> to leave gracefully.</summary>
    public void Leave(NodeAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Daemon.Tell(new ClusterProtocol.Leave(address));
    }

    /// <summary>Declares the member at <paramref name="address"/> dead; it will be removed.</summary>
    public void Down(NodeAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Daemon.Tell(new ClusterProtocol.Down(address));
    }

    /// <summary>
    /// Sends cluster events of the given types (e.g. <c>typeof(IMemberEvent)</c>; all when none) to
    /// <paramref name="subscriber"/>, starting with the current state as events or as one snapshot.
    /// </summary>
    public void Subscribe(IActorRef subscriber, SubscriptionInitialStateMode initialStateMode, params Type[] eventTypes)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(eventTypes);
        Daemon.Tell(new ClusterProtocol.Subscribe(subscriber, initialStateMode, eventTypes));
    }

    public void Unsubscribe(IActorRef subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        Daemon.Tell(new ClusterProtocol.Unsubscribe(subscriber));
    }

    internal void Publish(CurrentClusterState state)
    {
        _state = state;
        if (state.Members.Any(m => m.UniqueAddress == SelfUniqueAddress && m.Status == MemberStatus.Up))
        {
            _up.TrySetResult();
        }
    }

    internal void MarkShutdown() => _shutdown.TrySetResult();

    /// <summary>The cluster daemon of another node.</summary>
    internal IActorRef? DaemonOf(NodeAddress node) => RefAt(node, "/system/" + ClusterCoreDaemon.Name);

    /// <summary>The heartbeat receiver of another node.</summary>
    internal IActorRef? HeartbeatReceiverOf(UniqueAddress node) => RefAt(node.Address, "/system/" + ClusterHeartbeatReceiver.Name);

    /// <summary>Tells remoting that a member is gone, so remote death watch fires and its incarnation stays out.</summary>
    internal void NodeRemoved(UniqueAddress node)
    {
        var address = new Address(node.Address.Protocol, node.Address.System, node.Address.Host, node.Address.Port);
        Remoting.Watcher.NodeUnreachable(address);
        Remoting.Quarantine(address, node.Uid, "removed from the cluster");
    }

    private IActorRef? RefAt(NodeAddress node, string path) =>
        _refs.GetOrAdd(node + path, key => ActorPath.TryParse(key, out var parsed) ? Remoting.RemoteRefFor(parsed!) : null);
}
