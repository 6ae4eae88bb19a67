namespace PaxosAkka.MultiNode.Kit;

/// <summary>Where a spec's nodes run.</summary>
public enum NodeHosting
{
    /// <summary>
    /// Every node a full <see cref="Node.Hosting.PaxosNodeRuntime"/> in the test process, on Akka.Remote's throttler
    /// and failure-injector adapters: links can be cut, throttled and healed; a node the cluster downs restarts its
    /// actor system in-process (the product's <see cref="Node.Hosting.NodeRunLoop"/>). Nodes stop only cleanly.
    /// </summary>
    InProcess,

    /// <summary>Every node a child process of the node binary: SIGKILL-able; links cannot be controlled.</summary>
    ChildProcess,
}

/// <summary>
/// What a spec declares before it starts (Akka's MultiNodeConfig): its roles, where its nodes run, which roles are
/// seed nodes, and HOCON for every node or for one role.
/// </summary>
public sealed class MultiNodeConfig
{
    private readonly List<RoleName> _roles = [];
    private readonly Dictionary<RoleName, string> _nodeConfig = [];
    private readonly HashSet<RoleName> _outsiders = [];
    private readonly HashSet<RoleName> _later = [];

    /// <summary>The declared roles in order; the n-th is Paxos node n.</summary>
    public IReadOnlyList<RoleName> Roles => _roles;

    /// <summary>Where the nodes run (default in-process).</summary>
    public NodeHosting Hosting { get; init; } = NodeHosting.InProcess;

    /// <summary>The roles whose nodes are Akka.Cluster seed nodes (default: the first three members).</summary>
    public IReadOnlyList<RoleName>? Seeds { get; set; }

    /// <summary>HOCON every node runs with, over the kit's defaults.</summary>
    public string CommonConfig { get; set; } = string.Empty;

    /// <summary>Declares a role; the n-th declared role runs Paxos node n.</summary>
    public RoleName Role(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var role = new RoleName(name);
        if (_roles.Contains(role))
        {
            throw new ArgumentException($"role {name} is declared twice", nameof(name));
        }

        _roles.Add(role);
        return role;
    }

    /// <summary>HOCON for <paramref name="role"/> alone, over the common config.</summary>
    public void NodeConfig(RoleName role, string hocon)
    {
        ArgumentNullException.ThrowIfNull(role);
        _nodeConfig[role] = hocon;
    }

    /// <summary>
    /// Makes <paramref name="role"/> an outsider: its node knows the members and tries to join and talk to them, but
    /// no member lists it (it is no member, no seed, no acceptor). Specs of intruders use it.
    /// </summary>
    public void Outsider(RoleName role)
    {
        ArgumentNullException.ThrowIfNull(role);
        _outsiders.Add(role);
    }

    /// <summary>
    /// Leaves <paramref name="role"/>'s node stopped when the spec starts; a body starts it with
    /// <see cref="MultiNodeSpec.StartNodeAsync"/>.
    /// </summary>
    public void StartLater(RoleName role)
    {
        ArgumentNullException.ThrowIfNull(role);
        _later.Add(role);
    }

    /// <summary>The Paxos node id of <paramref name="role"/> (1-based declaration order).</summary>
    public int IdOf(RoleName role)
    {
        int index = _roles.IndexOf(role);
        return index >= 0 ? index + 1 : throw new ArgumentException($"role {role} is not declared", nameof(role));
    }

    /// <summary>The role of Paxos node <paramref name="id"/>.</summary>
    public RoleName RoleOf(int id) => _roles[id - 1];

    internal bool IsOutsider(RoleName role) => _outsiders.Contains(role);

    internal bool StartsLater(RoleName role) => _later.Contains(role);

    internal string NodeConfigOf(RoleName role) => _nodeConfig.TryGetValue(role, out string? hocon) ? hocon : string.Empty;

    internal IReadOnlyList<RoleName> Members => [.. _roles.Where(r => !_outsiders.Contains(r))];

    internal IReadOnlyList<RoleName> SeedRoles => Seeds ?? [.. Members.Take(3)];
}
