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

/// <summary><c>GET /cluster</c>: members and the cluster leader's id (null while unknown).</summary>
public sealed record ClusterStatus(IReadOnlyList<MemberStatus> Members, int? Leader);
