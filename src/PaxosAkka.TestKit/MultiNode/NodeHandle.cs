using PaxosAkka.Cluster;
using PaxosAkka.Remote.Transport;

namespace PaxosAkka.TestKit.MultiNode;

/// <summary>
/// One node of a multi-node spec, in this process (<see cref="InProcessNode"/>) or in a child process
/// (<see cref="ChildProcessNode"/>); specs and the <see cref="TestConductor"/> drive both alike.
/// </summary>
public abstract class NodeHandle : IAsyncDisposable
{
    protected NodeHandle(RoleName role, NodeAddress address, long uid)
    {
        ArgumentNullException.ThrowIfNull(role);
        ArgumentNullException.ThrowIfNull(address);
        Role = role;
        Address = address;
        Uid = uid;
    }

    public RoleName Role { get; }

    /// <summary>The node's address: <c>paxos.tcp://system@127.0.0.1:port</c>.</summary>
    public NodeAddress Address { get; }

    /// <summary>This incarnation's uid (a restarted node has a new one).</summary>
    public long Uid { get; }

    /// <summary>The node's <c>host:port</c>, the key of fault rules.</summary>
    public string Endpoint => FaultInjectingTransport.Endpoint(Address.Host, Address.Port);

    /// <summary>True once the node stopped for whatever reason (exit, shutdown, or downed by the cluster).</summary>
    public abstract bool HasStopped { get; }

    /// <summary>The node's current view of the cluster (<see cref="ClusterView.Gone"/> once stopped).</summary>
    public abstract Task<ClusterView> ViewAsync(CancellationToken cancellationToken = default);

    /// <summary>Starts joining through <paramref name="seeds"/> (the first seed forms the cluster if nobody answers).</summary>
    public abstract Task JoinSeedNodesAsync(IReadOnlyList<NodeAddress> seeds, CancellationToken cancellationToken = default);

    /// <summary>Declares the member at <paramref name="address"/> down, from this node.</summary>
    public abstract Task DownAsync(NodeAddress address, CancellationToken cancellationToken = default);

    /// <summary>Sets (or, when <paramref name="fault"/> is null, clears) the fault on a link in this node's fault table.</summary>
    public abstract Task SetFaultAsync(string first, string second, FaultDirection direction, LinkFault? fault, CancellationToken cancellationToken = default);

    /// <summary>Crashes the node: SIGKILL for a child process, an abrupt network cut then stop for an in-process one.</summary>
    public abstract Task ExitAsync();

    /// <summary>Leaves the cluster gracefully and waits until the node stopped.</summary>
    public abstract Task ShutdownAsync(CancellationToken cancellationToken = default);

    public abstract ValueTask DisposeAsync();

    public override string ToString() => $"{Role} ({Address.Host}:{Address.Port})";
}
