using System.Globalization;
using System.Text;
using PaxosAkka.Node.Configuration;

namespace PaxosAkka.Node.Launcher;

/// <summary>
/// Where one node of a local cluster listens and keeps its data: node N serves HTTP on
/// 127.0.0.1:<see cref="HttpPort"/> and remoting on 127.0.0.1:<see cref="RemotePort"/>, under <see cref="DataDirectory"/>.
/// </summary>
/// <param name="Id">Node id (1..N).</param>
/// <param name="HttpPort">Port of the client HTTP API.</param>
/// <param name="RemotePort">Port of the node's remoting endpoint.</param>
/// <param name="DataDirectory">Absolute folder of the node's durable state and its generated HOCON file.</param>
/// <param name="Roles">The roles it runs; null = every role.</param>
/// <param name="CmdPort">Port of pbm's command endpoint (<c>paxos.cmd.port</c>); null = the node serves none.</param>
public sealed record LocalNode(int Id, int HttpPort, int RemotePort, string DataDirectory, IReadOnlyList<string>? Roles = null, int? CmdPort = null)
{
    /// <summary>The roles it runs (every role unless <see cref="Roles"/> says otherwise).</summary>
    public IReadOnlyList<string> RoleList => Roles ?? NodeRoles.All;

    /// <summary>True when it runs <paramref name="role"/>.</summary>
    public bool Has(string role) => RoleList.Contains(role);

    /// <summary>The loopback address every local node binds.</summary>
    public const string Host = "127.0.0.1";

    /// <summary>Base URL of the node's HTTP API.</summary>
    public Uri HttpUrl => new($"http://{Host}:{HttpPort.ToString(CultureInfo.InvariantCulture)}/");

    /// <summary>The generated configuration file the child process runs with.</summary>
    public string ConfigPath => Path.Combine(DataDirectory, "node.hocon");

    /// <summary>Display name used in prefixes and messages.</summary>
    public string Name => $"node-{Id.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>
/// The layout of a local cluster and the HOCON each node runs with. The files are generated (not the
/// hocon/ ones) because the member list must carry the chosen ports, which hocon/cluster-5.hocon fixes.
/// </summary>
public static class LocalClusterLayout
{
    /// <summary>Largest uniform cluster <c>--nodes</c> starts (named topologies may be larger).</summary>
    public const int MaxNodes = 9;

    /// <summary>Largest cluster of any topology: node N's ports are base+N and base+1000+N.</summary>
    public const int MaxTopologyNodes = 99;

    /// <summary>
    /// Node N gets HTTP port <paramref name="basePort"/>+N, remoting port <paramref name="basePort"/>+1000+N, pbm's
    /// command endpoint on <paramref name="basePort"/>+1030+N (9110+N by default) and data folder <paramref name="dataRoot"/>/node-N.
    /// </summary>
    public static IReadOnlyList<LocalNode> Create(int nodes, int basePort, string dataRoot)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nodes, MaxNodes);
        return Create(LocalTopology.Uniform(nodes), basePort, dataRoot);
    }

    /// <summary>The layout of <paramref name="topology"/>: ports and folders as above, roles as the topology says.</summary>
    public static IReadOnlyList<LocalNode> Create(LocalTopology topology, int basePort, string dataRoot)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(topology.Count, MaxTopologyNodes);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataRoot);
        string root = Path.GetFullPath(dataRoot);
        return [.. Enumerable.Range(1, topology.Count).Select(id =>
            new LocalNode(id, basePort + id, basePort + 1000 + id, Path.Combine(root, $"node-{id.ToString(CultureInfo.InvariantCulture)}"), topology.Roles[id - 1], CmdPortOf(topology, basePort, id)))];
    }

    /// <summary>
    /// Port base+1030+N: 9110+N for the default base, next to Petabridge.Cmd's familiar 9110. Beyond
    /// <see cref="MaxCmdNodes"/> nodes it would meet the remoting ports (base+1000+N), so such large layouts serve none.
    /// </summary>
    private static int? CmdPortOf(LocalTopology topology, int basePort, int id) => topology.Count <= MaxCmdNodes ? basePort + 1030 + id : null;

    /// <summary>The largest layout whose nodes get a command endpoint (see <see cref="CmdPortOf"/>).</summary>
    public const int MaxCmdNodes = 29;

    /// <summary>
    /// The whole configuration of <paramref name="self"/> in a cluster of <paramref name="all"/>: each node runs
    /// its roles and the acceptor group is every node with the acceptor role (a majority of it is every quorum).
    /// </summary>
    /// <param name="self">The node the file is for.</param>
    /// <param name="all">Every node of the cluster.</param>
    /// <param name="extra">Further HOCON appended last, so it overrides (tests shorten timeouts with it).</param>
    public static string Hocon(LocalNode self, IReadOnlyList<LocalNode> all, string? extra = null)
    {
        ArgumentNullException.ThrowIfNull(self);
        ArgumentNullException.ThrowIfNull(all);
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(inv, $"# Generated by the local launcher for {self.Name}; rewritten at every start.");
        text.AppendLine("paxos.node {");
        text.AppendLine(inv, $"  id = {self.Id}");
        text.AppendLine(inv, $"  data-dir = \"{Escape(self.DataDirectory)}\"");
        text.AppendLine(inv, $"  http {{ hostname = \"{LocalNode.Host}\", port = {self.HttpPort} }}");
        text.AppendLine("  members = [");
        foreach (var node in all)
        {
            text.AppendLine(inv, $"    {{ id = {node.Id}, host = \"{LocalNode.Host}\", remote-port = {node.RemotePort}, http-port = {node.HttpPort}, roles = [{string.Join(", ", node.RoleList)}] }}");
        }

        text.AppendLine("  ]");
        text.AppendLine(inv, $"  acceptors = [{string.Join(", ", all.Where(n => n.Has(NodeRoles.Acceptor)).Select(n => n.Id))}]");
        text.AppendLine("}");
        // Without a port of its own the node serves no command endpoint: the reference default (9110) is one port for
        // one node, and a cluster on one host would fight over it.
        text.AppendLine(self.CmdPort is int cmdPort ? $"paxos.cmd.port = {cmdPort.ToString(inv)}" : "paxos.cmd.enabled = off");
        // Akka.Cluster: every node is a seed (the lowest forms the cluster, any member admits a joiner: see
        // AkkaSettings.DefaultSeeds); remoting binds to the member entry.
        text.AppendLine(inv, $"akka.cluster.seed-nodes = [{string.Join(", ", all.OrderBy(n => n.Id).Select(n => $"\"akka.tcp://paxos@{LocalNode.Host}:{n.RemotePort}\""))}]");
        if (!string.IsNullOrWhiteSpace(extra))
        {
            text.AppendLine(extra);
        }

        return text.ToString();
    }

    /// <summary>Creates each node's folder and writes its configuration file.</summary>
    public static void WriteConfigs(IReadOnlyList<LocalNode> all, string? extra = null)
    {
        ArgumentNullException.ThrowIfNull(all);
        foreach (var node in all)
        {
            Directory.CreateDirectory(node.DataDirectory);
            File.WriteAllText(node.ConfigPath, Hocon(node, all, extra));
        }
    }

    private static string Escape(string path) => path.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
