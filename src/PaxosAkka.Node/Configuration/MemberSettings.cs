using System.Collections.Immutable;

namespace PaxosAkka.Node.Configuration;

/// <summary>The roles a node can run.</summary>
public static class NodeRoles
{
    /// <summary>Runs Multi-Paxos phases 1 and 2 when elected; forwards client commands otherwise.</summary>
    public const string Proposer = "proposer";

    /// <summary>Votes and remembers its votes on disk.</summary>
    public const string Acceptor = "acceptor";

    /// <summary>Learns chosen slots and delivers them in order.</summary>
    public const string Learner = "learner";

    /// <summary>Applies delivered slots to the key-value state machine and answers clients.</summary>
    public const string Store = "store";

    /// <summary>
    /// Not a role but a placeholder (system 000): the Bully-elected leader assigns proposer, learner and store
    /// roles to nodes that say <c>auto</c>. Acceptors are never assigned: the acceptor group is fixed by
    /// configuration because it defines every quorum.
    /// </summary>
    public const string Auto = "auto";

    /// <summary>Every role, the default of a node.</summary>
    public static ImmutableArray<string> All { get; } = [Proposer, Acceptor, Learner, Store];

    /// <summary>The roles the leader may assign to an <see cref="Auto"/> node.</summary>
    public static ImmutableArray<string> Assignable { get; } = [Proposer, Learner, Store];

    /// <summary>True for a known role name (<see cref="Auto"/> included).</summary>
    public static bool IsKnown(string role) => All.Contains(role) || role == Auto;
}

/// <summary>One member of the static member list (<c>paxos.node.members</c>).</summary>
/// <param name="Id">Node id, unique in the cluster.</param>
/// <param name="Host">Host of its remoting endpoint and HTTP API.</param>
/// <param name="RemotePort">TCP port of its remoting endpoint.</param>
/// <param name="HttpPort">TCP port of its client HTTP API.</param>
/// <param name="Roles">The roles it runs.</param>
public sealed record MemberSettings(int Id, string Host, int RemotePort, int HttpPort, ImmutableArray<string> Roles)
{
    /// <summary>True when the member runs <paramref name="role"/>.</summary>
    public bool Has(string role) => Roles.Contains(role);

    /// <summary>True when the leader assigns this member's proposer, learner and store roles (<c>roles = [auto]</c>).</summary>
    public bool IsAuto => Roles.Contains(NodeRoles.Auto);

    /// <summary>
    /// True when the member runs <paramref name="role"/> now or may run it on assignment (an <c>auto</c> member and
    /// an assignable role). The static Paxos topology and the Bully candidates use it: an auto node must be a
    /// proposer and a learner in everyone's topology before it is assigned, so acceptors take its Prepares and send
    /// it Accepteds the moment it starts the role; a role it does not run simply drops what reaches it.
    /// </summary>
    public bool MayHold(string role) => Has(role) || (IsAuto && NodeRoles.Assignable.Contains(role));

    /// <summary>The base URL of its HTTP API.</summary>
    public string HttpUrl => $"http://{Host}:{HttpPort}";
}
