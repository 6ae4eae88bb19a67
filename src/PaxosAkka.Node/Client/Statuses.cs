namespace PaxosAkka.Node.Client;

/// <summary>
/// <c>GET /paxos</c>: this node's view. <paramref name="Leader"/> is the Paxos leader's node id or null;
/// <paramref name="Roles"/> holds per-role state (e.g. "acceptor" → promised ballot, "learner" → delivered slot).
/// </summary>
public sealed record PaxosStatus(
    int Self,
    int? Leader,
    string Ballot,
    long FirstUnchosenSlot,
    long LastAppliedSlot,
    IReadOnlyDictionary<string, object> Roles);

/// <summary>One member in <c>GET /cluster</c>.</summary>
public sealed record MemberStatus(int Id, IReadOnlyList<string> Roles, string Status, bool Reachable, string HttpUrl);

/// <summary>
/// <c>GET /cluster</c>: the configured Paxos members with their reachability as the election's failure detector sees
/// them, the Paxos leader's id (null while unknown), and Akka.Cluster's membership view (null where none runs).
/// </summary>
public sealed record ClusterStatus(IReadOnlyList<MemberStatus> Members, int? Leader)
{
    /// <summary>Akka.Cluster's view of the membership from this node.</summary>
    public ClusterMembershipView? Membership { get; init; }
}

/// <summary>One Akka.Cluster member as this node sees it (<c>GET /cluster</c>'s <c>membership</c>).</summary>
/// <param name="Address">The member's Akka address (<c>akka.tcp://paxos@host:port</c>).</param>
/// <param name="NodeId">The Paxos node id whose member entry has that host and remote port, or null.</param>
/// <param name="Roles">The member's <c>akka.cluster.roles</c>.</param>
/// <param name="Status">Akka's member status: Joining, WeaklyUp, Up, Leaving, Exiting, Down, Removed.</param>
/// <param name="Reachable">False while some member's failure detector holds it unreachable.</param>
/// <param name="UpNumber">Akka's up-number: lower is older (the order in which members became Up).</param>
public sealed record ClusterMemberView(string Address, int? NodeId, IReadOnlyList<string> Roles, string Status, bool Reachable, int UpNumber);

/// <summary>Akka.Cluster's view from this node: its own address, the cluster leader (Akka's, not Paxos'), the members.</summary>
public sealed record ClusterMembershipView(string SelfAddress, string? ClusterLeader, IReadOnlyList<ClusterMemberView> Members);
