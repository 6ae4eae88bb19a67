using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Configuration;
using Akka.Remote.Hosting;
using PaxosAkka.Node.Configuration;

namespace PaxosAkka.Node.Hosting;

/// <summary>
/// How a node's settings become its actor system's: remoting binds to the node's own member entry (the member list is
/// the single source of truth for where a node listens: peers route by it), the cluster roles are the node's Paxos
/// roles, seed nodes come from <c>akka.cluster.seed-nodes</c> (by default the three lowest members), and the
/// split-brain resolver keeps the majority. Everything else comes from the node's <c>akka</c> section over the
/// defaults in our reference.conf.
/// </summary>
/// <param name="Hocon">The node's whole configuration over the embedded references: the actor system's HOCON.</param>
/// <param name="Remote">Remoting options.</param>
/// <param name="Cluster">Cluster options.</param>
public sealed record AkkaSettings(Config Hocon, RemoteOptions Remote, ClusterOptions Cluster)
{
    /// <summary>How many of the lowest-id members are seed nodes when <c>akka.cluster.seed-nodes</c> is not set.</summary>
    public const int DefaultSeedCount = 3;

    /// <summary>The Akka address of a member: <c>akka.tcp://paxos@host:remote-port</c>.</summary>
    public static string AddressOf(MemberSettings member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return $"akka.tcp://{PaxosNodeRuntime.SystemName}@{member.Host}:{member.RemotePort}";
    }

    /// <summary>The actor system settings of the node <paramref name="settings"/> describes.</summary>
    public static AkkaSettings Create(NodeSettings settings, Config config)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(config);
        var hocon = config.WithFallback(PaxosSerializer.Bindings).WithFallback(NodeSettings.Reference).WithFallback(NodeSettings.ConsensusReference);
        var self = settings.Self;
        string[] seeds = hocon.HasPath("akka.cluster.seed-nodes") && hocon.GetStringList("akka.cluster.seed-nodes") is { Count: > 0 } configured
            ? [.. configured]
            : [.. settings.Members.OrderBy(m => m.Id).Take(DefaultSeedCount).Select(AddressOf)];
        var remote = new RemoteOptions
        {
            HostName = self.Host,
            Port = self.RemotePort,
        };
        var cluster = new ClusterOptions
        {
            Roles = [.. self.Roles],
            SeedNodes = seeds,

            // Keep-majority: after a partition the side with most members stays and the rest are downed. Paxos safety
            // never rests on it (quorums are fixed by paxos.node.acceptors); it only keeps Akka's membership sane.
            // A downed node's actor system stops, and the node process starts a fresh one (Program's run loop).
            SplitBrainResolver = new KeepMajorityOption(),
        };
        return new AkkaSettings(hocon, remote, cluster);
    }
}
