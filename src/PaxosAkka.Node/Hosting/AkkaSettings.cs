using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Configuration;
using Akka.Remote.Hosting;
using PaxosAkka.Node.Configuration;

namespace PaxosAkka.Node.Hosting;

/// <summary>
/// How a node's settings become its actor system's: remoting binds to the node's own member entry (the member list is
/// the single source of truth for where a node listens: peers route by it), TLS follows <c>paxos.node.tls</c>, the
/// cluster roles are the node's Paxos roles, seed nodes come from <c>akka.cluster.seed-nodes</c> (by default every
/// member, lowest id first), and the split-brain resolver keeps the majority. Everything else comes from the node's
/// <c>akka</c> section over the defaults in our reference.conf.
/// </summary>
/// <param name="Hocon">The node's whole configuration over the embedded references: the actor system's HOCON.</param>
/// <param name="Remote">Remoting options.</param>
/// <param name="Cluster">Cluster options.</param>
/// <param name="Protocol">The protocol of every member's address, e.g. <c>akka.tcp</c> or <c>akka.ssl.tcp</c>.</param>
public sealed record AkkaSettings(Config Hocon, RemoteOptions Remote, ClusterOptions Cluster, string Protocol)
{
    /// <summary>The protocol of a plain TCP node: <c>akka.tcp</c>.</summary>
    public const string PlainProtocol = "akka.tcp";

    /// <summary>The Akka address of a member: <c>protocol://paxos@host:remote-port</c>.</summary>
    public static string AddressOf(MemberSettings member, string protocol = PlainProtocol)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentException.ThrowIfNullOrWhiteSpace(protocol);
        return $"{protocol}://{PaxosNodeRuntime.SystemName}@{member.Host}:{member.RemotePort}";
    }

    /// <summary>
    /// The protocol Akka.Remote gives this node's addresses: <c>akka.</c>, then each transport adapter of
    /// <c>akka.remote.dot-netty.tcp.applied-adapters</c> (the last listed outermost: Akka wraps them in reverse
    /// order), then <c>ssl.</c> when TLS is on, then <c>tcp</c>. Every member runs the same stack, so this is the
    /// protocol of every peer's address too.
    /// </summary>
    public static string ProtocolOf(Config hocon, bool tls)
    {
        ArgumentNullException.ThrowIfNull(hocon);
        const string adaptersPath = "akka.remote.dot-netty.tcp.applied-adapters";
        var adapters = hocon.HasPath(adaptersPath) ? hocon.GetStringList(adaptersPath) : [];
        return string.Join('.', ["akka", .. adapters, .. tls ? new[] { "ssl" } : [], "tcp"]);
    }

    /// <summary>The actor system settings of the node <paramref name="settings"/> describes.</summary>
    /// <exception cref="ConfigurationException">A seed node is not an address, or the TLS files cannot be used.</exception>
    public static AkkaSettings Create(NodeSettings settings, Config config)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(config);
        var hocon = config.WithFallback(PaxosSerializer.Bindings).WithFallback(NodeSettings.Reference).WithFallback(NodeSettings.ConsensusReference);
        var self = settings.Self;
        string protocol = ProtocolOf(hocon, settings.Tls.Enabled);
        string[] seeds = hocon.HasPath("akka.cluster.seed-nodes") && hocon.GetStringList("akka.cluster.seed-nodes") is { Count: > 0 } configured
            ? [.. configured.Select(seed => WithProtocol(seed, protocol))]
            : DefaultSeeds(settings.Members, protocol);
        var remote = new RemoteOptions
        {
            HostName = self.Host,
            Port = self.RemotePort,
        };
        if (settings.Tls.Enabled)
        {
            remote.EnableSsl = true;
            remote.Ssl = NodeTls.Options(settings.Tls);
        }

        var cluster = new ClusterOptions
        {
            Roles = [.. self.Roles],
            SeedNodes = seeds,

            // Keep-majority: after a partition the side with most members stays and the rest are downed. Paxos safety
            // never rests on it (quorums are fixed by paxos.node.acceptors); it only keeps Akka's membership sane.
            // A downed node's actor system stops, and the node process starts a fresh one (NodeRunLoop).
            SplitBrainResolver = new KeepMajorityOption(),
        };
        return new AkkaSettings(hocon, remote, cluster, protocol);
    }

    /// <summary>
    /// Every member, lowest id first. Only the first seed may form a new cluster, but any seed that is already a
    /// member admits a joiner (InitJoinAck), and a seed that is still joining itself only says "not yet" (InitJoinNack).
    /// With three seeds, a first seed that dies before the second and third joined left them (and every later node)
    /// joining forever, though other members were up; with every member a seed, any live member admits them.
    /// </summary>
    public static string[] DefaultSeeds(IEnumerable<MemberSettings> members, string protocol = PlainProtocol) =>
        [.. members.OrderBy(m => m.Id).Select(m => AddressOf(m, protocol))];

    /// <summary>
    /// A configured seed with this node's protocol: every member runs the same transport stack, so a seed written as
    /// <c>akka.tcp://…</c> in a cluster file is reached as <c>akka.ssl.tcp://…</c> once TLS is switched on, and the
    /// one switch needs no second edit of every seed list.
    /// </summary>
    internal static string WithProtocol(string seed, string protocol)
    {
        Address address;
        try
        {
            address = Address.Parse(seed);
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException or FormatException)
        {
            throw new ConfigurationException($"akka.cluster.seed-nodes holds \"{seed}\", which is not an Akka address such as akka.tcp://paxos@127.0.0.1:9101", e);
        }

        return address.WithProtocol(protocol).ToString();
    }
}
