using System.Globalization;
using System.Text;

namespace PaxosAkka.MultiNode.Kit;

/// <summary>Where one role's node listens and keeps its data.</summary>
/// <param name="Role">The role.</param>
/// <param name="Id">Its Paxos node id.</param>
/// <param name="HttpPort">Port of its HTTP API (fixed, so a restarted node answers at the same URL).</param>
/// <param name="RemotePort">Port of its remoting endpoint.</param>
/// <param name="DataDirectory">Folder of its durable state.</param>
public sealed record SpecNode(RoleName Role, int Id, int HttpPort, int RemotePort, string DataDirectory)
{
    /// <summary>Every node binds loopback.</summary>
    public const string Host = "127.0.0.1";

    /// <summary>Base URL of its HTTP API.</summary>
    public Uri HttpUrl => new($"http://{Host}:{HttpPort.ToString(CultureInfo.InvariantCulture)}/");
}

/// <summary>The HOCON a spec node runs with: the kit's defaults, then the spec's common config, then its role's.</summary>
internal static class SpecNodeConfig
{
    /// <summary>
    /// Defaults for specs on a small, busy machine: a client request gives up after 3 s (503, outcome unknown); the
    /// election tolerates 1 s pauses (a false suspicion costs a leader change, and a loaded test machine pauses); the
    /// split-brain resolver acts after 5 s of stable membership so partition specs fit their time budget. A handshake
    /// gives up after 5 s instead of 15 s (over dot-netty TCP the connection timeout bounds it, not
    /// akka.remote.handshake-timeout): a node downed during a cut starts afresh while the cut still holds, the
    /// handshakes it sends then vanish in the black hole, and after the heal it rejoins only once they time out.
    /// Akka's membership detector is back at its 3 s default (the node's reference.conf tolerates 10 s): partition
    /// specs wait for the resolver to act, and a cut is a clean silence, not a loaded machine's stall.
    /// </summary>
    public const string Defaults = """
        akka.remote.dot-netty.tcp.connection-timeout = 5s
        paxos.node.request-timeout = 3s
        paxos.node.election.acceptable-heartbeat-pause = 1s
        akka.cluster.split-brain-resolver.stable-after = 5s
        akka.cluster.failure-detector.acceptable-heartbeat-pause = 3s
        akka.cluster.seed-node-timeout = 1s
        akka.cluster.retry-unsuccessful-join-after = 1s
        """;

    /// <summary>
    /// In-process nodes run Akka.Remote's throttler and failure injector under the TCP transport (addresses become
    /// akka.trttl.gremlin.tcp://…), which the test conductor drives through management commands.
    /// </summary>
    public const string Adapters = "akka.remote.dot-netty.tcp.applied-adapters = [trttl, gremlin]";

    public static string Build(MultiNodeConfig config, SpecNode self, IReadOnlyList<SpecNode> all)
    {
        var inv = CultureInfo.InvariantCulture;
        var members = all.Where(n => !config.IsOutsider(n.Role) || n == self).ToList();
        var acceptors = all.Where(n => !config.IsOutsider(n.Role)).Select(n => n.Id);
        var seeds = config.SeedRoles.Select(r => all.Single(n => n.Role == r));
        var text = new StringBuilder();
        text.AppendLine(Defaults);
        text.AppendLine("paxos.node {");
        text.AppendLine(inv, $"  id = {self.Id}");
        text.AppendLine(inv, $"  data-dir = \"{self.DataDirectory.Replace("\\", "\\\\", StringComparison.Ordinal)}\"");
        text.AppendLine(inv, $"  http {{ hostname = \"{SpecNode.Host}\", port = {self.HttpPort} }}");
        text.AppendLine("  members = [");
        foreach (var node in members)
        {
            // An outsider is no acceptor (the acceptor group is fixed by the members), but proposes, learns and stores.
            string roles = config.IsOutsider(node.Role) ? ", roles = [proposer, learner, store]" : string.Empty;
            text.AppendLine(inv, $"    {{ id = {node.Id}, host = \"{SpecNode.Host}\", remote-port = {node.RemotePort}, http-port = {node.HttpPort}{roles} }}");
        }

        text.AppendLine("  ]");
        text.AppendLine(inv, $"  acceptors = [{string.Join(", ", acceptors)}]");
        text.AppendLine("}");

        // Written as akka.tcp: the node rewrites seeds to its own protocol (adapters, TLS).
        text.AppendLine(inv, $"akka.cluster.seed-nodes = [{string.Join(", ", seeds.Select(n => $"\"akka.tcp://paxos@{SpecNode.Host}:{n.RemotePort}\""))}]");
        if (config.Hosting == NodeHosting.InProcess)
        {
            text.AppendLine(Adapters);
        }

        text.AppendLine(config.CommonConfig);
        text.AppendLine(config.NodeConfigOf(self.Role));
        return text.ToString();
    }
}
