using System.Collections.Immutable;
using PaxosAkka.Node.Configuration;

namespace PaxosAkka.Node.Launcher;

/// <summary>
/// Which roles each node of a local cluster runs. <see cref="Uniform"/> is <c>local --nodes N</c> (every role
/// everywhere); named topologies reproduce the reference systems: <c>local --topology seed004</c>, <c>--topology seed000</c>.
/// </summary>
/// <param name="Name">The name given to <c>--topology</c> (or "uniform-N").</param>
/// <param name="Roles">The roles of node 1, 2, ... (index 0 = node 1).</param>
public sealed record LocalTopology(string Name, ImmutableArray<ImmutableArray<string>> Roles)
{
    private static readonly ImmutableArray<string> ProposerOnly = [NodeRoles.Proposer];
    private static readonly ImmutableArray<string> AcceptorOnly = [NodeRoles.Acceptor];
    private static readonly ImmutableArray<string> LearnerOnly = [NodeRoles.Learner];
    private static readonly ImmutableArray<string> StoreOnly = [NodeRoles.Store];
    private static readonly ImmutableArray<string> AcceptorAuto = [NodeRoles.Acceptor, NodeRoles.Auto];

    /// <summary>
    /// Reference system 004: proposers 1-5, acceptors 6-10 (the acceptor group: every quorum is 3 of them),
    /// learners 11-12, stores 13-15. Fifteen processes, an HTTP API on each.
    /// </summary>
    public static LocalTopology Seed004 { get; } = new(
        "seed004",
        [.. Enumerable.Repeat(ProposerOnly, 5), .. Enumerable.Repeat(AcceptorOnly, 5), .. Enumerable.Repeat(LearnerOnly, 2), .. Enumerable.Repeat(StoreOnly, 3)]);

    /// <summary>
    /// Reference system 000: five nodes, every one a fixed acceptor (the acceptor group is all five, so every
    /// quorum is 3 of 5 as in the default cluster) and <c>auto</c> for the rest. System 000 runs Bully among its
    /// five nodes and lets the elected leader hand out the roles; acceptors stay fixed because they define the
    /// quorums (issue 7). The leader records 3 serving replicas (proposer + learner + store, itself included); the
    /// other two stand by and take a role over when a replica dies.
    /// </summary>
    public static LocalTopology Seed000 { get; } = new("seed000", [.. Enumerable.Repeat(AcceptorAuto, 5)]);

    /// <summary>The topologies <c>--topology</c> knows, by name.</summary>
    public static ImmutableArray<LocalTopology> Named { get; } = [Seed004, Seed000];

    /// <summary>True when some node's roles are assigned by the leader (<c>auto</c>).</summary>
    public bool HasAutoNodes => Roles.Any(r => r.Contains(NodeRoles.Auto));

    /// <summary>Number of nodes.</summary>
    public int Count => Roles.Length;

    /// <summary>Ids of the nodes that run <paramref name="role"/>.</summary>
    public IEnumerable<int> NodesWith(string role) => Enumerable.Range(1, Count).Where(id => Roles[id - 1].Contains(role));

    /// <summary><paramref name="nodes"/> nodes that each run every role (the default local cluster).</summary>
    public static LocalTopology Uniform(int nodes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        return new LocalTopology($"uniform-{nodes}", [.. Enumerable.Repeat(NodeRoles.All, nodes)]);
    }

    /// <summary>The named topology.</summary>
    /// <exception cref="ArgumentException">No topology has that name; the message lists the known ones.</exception>
    public static LocalTopology Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Named.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"unknown topology '{name}' (known: {string.Join(", ", Named.Select(t => t.Name))})");
    }
}
