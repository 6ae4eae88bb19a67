using System.Text.RegularExpressions;
using Akka.Configuration;
using PaxosAkka.Node.Configuration;

namespace PaxosAkka.Node.Tests.Docker;

/// <summary>
/// docker/compose.yaml runs the topologies of hocon/: every node service's configuration, loaded as its container
/// loads it (its mounted files, its environment), must be the repository's node of the same id with container
/// hostnames in place of 127.0.0.1: same nodes, roles, ports, acceptor group and seeds. Prometheus must scrape every
/// node and the console must front the proposers.
/// </summary>
public sealed partial class ComposeTopologyTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "paxos-compose-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    public static TheoryData<string, string> Topologies => new()
    {
        // (profile, the repository's node file of node N; "" is the services a plain `up` starts)
        { "", "hocon/seed004/node-{0}.hocon" },
        { "all-roles", "hocon/{1}.hocon" },
    };

    [Theory]
    [MemberData(nameof(Topologies))]
    public void Compose_nodes_are_the_repository_topology_with_container_hostnames(string profile, string nodeFile)
    {
        var services = NodeServices(profile);
        var loaded = services.ToDictionary(s => s, s => s.LoadNodeConfig(ComposeFile.Folder, Path.Combine(_root, s.Name)));
        var byId = loaded.ToDictionary(l => l.Value.Settings.Id, l => (Service: l.Key, l.Value.Config, l.Value.Settings));
        Assert.Equal(services.Count, byId.Count); // no id twice

        foreach (var (id, (service, config, settings)) in byId)
        {
            var (referenceConfig, reference) = Reference(nodeFile, id);
            string where = $"service {service.Name} (node {id})";

            // The node set, and this node's roles and ports.
            Assert.Equal(reference.Members.Select(m => m.Id).Order(), byId.Keys.Order());
            Assert.Equal(reference.Roles.Order(), settings.Roles.Order());
            Assert.Equal(reference.HttpPort, settings.HttpPort);
            Assert.Equal(reference.Acceptors.Order(), settings.Acceptors.Order());
            Assert.True(service.Environment["PAXOS_HTTP_PORT"] == settings.HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{where}: the health check's PAXOS_HTTP_PORT is not the node's port");
            Assert.All(service.PublishedContainerPorts, port => Assert.Equal(settings.HttpPort, port));

            // Every member as in the repository, at the hostname of the service that runs it.
            Assert.Equal(reference.Members.Length, settings.Members.Length);
            foreach (var member in settings.Members)
            {
                var expected = reference.Members.Single(m => m.Id == member.Id);
                Assert.Equal(expected.Roles.Order(), member.Roles.Order());
                Assert.Equal(expected.RemotePort, member.RemotePort);
                Assert.Equal(expected.HttpPort, member.HttpPort);
                Assert.True(byId[member.Id].Service.Hostname == member.Host, $"{where}: member {member.Id} is at '{member.Host}', its container is '{byId[member.Id].Service.Hostname}'");
            }

            // The same seeds, by node id.
            Assert.Equal(SeedIds(referenceConfig, reference), SeedIds(config, settings));

            // Reachable from the other containers, and state on the node's own volume.
            Assert.Equal("0.0.0.0", settings.HttpHostname);
            Assert.True(service.Mounts(settings.DataDirectory), $"{where}: data-dir {settings.DataDirectory} is not a volume");

            // Node-to-node TLS on, with files the container mounts.
            Assert.True(config.GetBoolean("paxos.node.tls.enabled"), $"{where}: TLS is off");
            Assert.True(service.Mounts(config.GetString("paxos.node.tls.certificate-path")), $"{where}: the certificate is not mounted");
            Assert.True(service.Mounts(config.GetString("paxos.node.tls.ca-certificate-path")), $"{where}: the CA is not mounted");
            Assert.Equal(service.Environment["PAXOS_TLS_PASSWORD"], config.GetString("paxos.node.tls.certificate-password"));
            Assert.True(service.Mounts(service.Environment["SSL_CERT_FILE"]), $"{where}: the cluster CA is not mounted");
            Assert.Contains(service.Volumes, v => v.Target == "/etc/paxos/certs/node.pfx" && v.Source == $"./certs/{service.Hostname}.pfx");
        }
    }

    [Fact]
    public void Prometheus_scrapes_every_node_service_on_its_http_port()
    {
        var nodes = NodeServices("").Concat(NodeServices("all-roles"))
            .Select(s => $"{s.Hostname}:{s.LoadNodeConfig(ComposeFile.Folder, Path.Combine(_root, s.Name)).Settings.HttpPort}")
            .Order().ToList();
        var prometheus = ComposeFile.ReadYaml(Path.Combine(ComposeFile.Folder, "prometheus.yml"));
        var targets = ((List<object>)prometheus["scrape_configs"]).Cast<Dictionary<object, object>>()
            .SelectMany(job => ((List<object>)job["static_configs"]).Cast<Dictionary<object, object>>())
            .SelectMany(group => ((List<object>)group["targets"]).Cast<string>())
            .Order().ToList();
        Assert.Equal(nodes, targets);
    }

    [Fact]
    public void Console_prometheus_and_grafana_are_published_on_80_9090_and_3000()
    {
        Assert.Contains("80:80", Service("console").Ports);
        Assert.Contains("9090:9090", Service("prometheus").Ports);
        Assert.Contains("3000:3000", Service("grafana").Ports);
        Assert.All(new[] { "console", "prometheus", "grafana" }, name => Assert.Empty(Service(name).Profiles));
    }

    [Fact]
    public void Console_fronts_exactly_the_seed004_proposers()
    {
        var proposers = NodeServices("")
            .Select(s => s.LoadNodeConfig(ComposeFile.Folder, Path.Combine(_root, s.Name)).Settings)
            .Where(s => s.Roles.Contains(NodeRoles.Proposer))
            .Select(s => $"{s.Self.Host}:{s.HttpPort}")
            .Order().ToList();
        Assert.Equal(5, proposers.Count);
        string nginx = File.ReadAllText(Path.Combine(ComposeFile.Folder, "console/nginx.conf"));
        Assert.Equal(proposers, UpstreamServer().Matches(nginx).Select(m => m.Groups[1].Value).Order().ToList());
        Assert.Contains(Service("console").Volumes, v => v.Source == "./console/nginx.conf");
    }

    private static List<ComposeService> NodeServices(string profile)
    {
        var services = ComposeFile.Services.Where(s => s.IsNode && (profile.Length == 0 ? s.Profiles.Count == 0 : s.Profiles.Contains(profile))).ToList();
        Assert.NotEmpty(services);
        return services;
    }

    private static ComposeService Service(string name) => ComposeFile.Services.Single(s => s.Name == name);

    /// <summary>The repository's node <paramref name="id"/>: seed004's node-N files, or cluster-5's seed-1, seed-2, node-3...</summary>
    private static (Config Config, NodeSettings Settings) Reference(string nodeFile, int id)
    {
        string file = string.Format(System.Globalization.CultureInfo.InvariantCulture, nodeFile, id, id <= 2 ? $"seed-{id}" : $"node-{id}");
        var config = NodeConfigFile.Load(Path.Combine(RepoRoot.Path, file), _ => null);
        return (config, NodeSettings.Create(config));
    }

    /// <summary>The ids of the members <c>akka.cluster.seed-nodes</c> names (by host and remoting port), in order.</summary>
    private static List<int> SeedIds(Config config, NodeSettings settings)
    {
        var seeds = config.HasPath("akka.cluster.seed-nodes") ? config.GetStringList("akka.cluster.seed-nodes") : [];
        return [.. seeds.Select(seed =>
        {
            var address = new Uri(seed);
            var member = settings.Members.SingleOrDefault(m => m.Host == address.Host && m.RemotePort == address.Port);
            Assert.True(member is not null, $"seed {seed} is no member's remoting address");
            return member.Id;
        })];
    }

    [GeneratedRegex(@"^\s*server\s+([\w.-]+:\d+)", RegexOptions.Multiline)]
    private static partial Regex UpstreamServer();
}
