using PaxosAkka.Hocon;
using PaxosAkka.Node.Configuration;

namespace PaxosAkka.Node.Tests;

public sealed class NodeSettingsTests
{
    private static string HoconFolder => Path.Combine(RepoRoot.Path, "hocon");

    [Fact]
    public void Seed_1_config_describes_a_five_node_cluster_with_every_role_and_a_fixed_majority()
    {
        var settings = NodeSettings.Create(ConfigurationFactory.ParseFile(Path.Combine(HoconFolder, "seed-1.hocon")));

        Assert.Equal(1, settings.Id);
        Assert.Equal(8081, settings.HttpPort);
        Assert.Equal("data/node-1", settings.DataDirectory);
        Assert.Equal([1, 2, 3, 4, 5], settings.Members.Select(m => m.Id));
        Assert.All(settings.Members, m => Assert.Equal(NodeRoles.All.ToArray(), m.Roles.ToArray()));
        Assert.Equal(9103, settings.Members[2].RemotePort);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.RequestTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(10), settings.TickInterval);
        var topology = settings.Topology();
        Assert.Equal(3, topology.Quorum.Phase2Size);
        Assert.Equal(3, topology.Quorum.Phase1Size);
    }

    [Theory]
    [InlineData("seed-2.hocon", 2, 8082)]
    [InlineData("node-3.hocon", 3, 8083)]
    [InlineData("node-4.hocon", 4, 8084)]
    [InlineData("node-5.hocon", 5, 8085)]
    public void Every_node_config_names_its_own_id_and_port(string file, int id, int httpPort)
    {
        var settings = NodeSettings.Create(ConfigurationFactory.ParseFile(Path.Combine(HoconFolder, file)));
        Assert.Equal(id, settings.Id);
        Assert.Equal(httpPort, settings.HttpPort);
        Assert.Equal(id + 9100, settings.Self.RemotePort);
    }

    [Fact]
    public void Environment_variables_override_the_file()
    {
        var path = Path.Combine(HoconFolder, "seed-1.hocon");
        var config = ConfigurationFactory.ParseFile(
            path,
            environment: name => name switch { "PAXOS_HTTP_PORT" => "18081", "PAXOS_DATA_DIR" => "/tmp/x", _ => null });
        var settings = NodeSettings.Create(config);
        Assert.Equal(18081, settings.HttpPort);
        Assert.Equal("/tmp/x", settings.DataDirectory);
    }

    [Fact]
    public void Missing_node_id_is_an_error_that_names_the_path()
    {
        var config = ConfigurationFactory.ParseString(Cluster("http.port = 1"), "bad.hocon");
        var error = Assert.Throws<ConfigException>(() => NodeSettings.Create(config));
        Assert.Contains("paxos.node.id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Member_without_a_port_is_an_error_that_names_the_member()
    {
        var config = ConfigurationFactory.ParseString(
            "paxos.node { id = 1, acceptors = [1], members = [ { id = 1, host = \"127.0.0.1\", http-port = 1 } ] }", "bad.hocon");
        var error = Assert.Throws<ConfigException>(() => NodeSettings.Create(config));
        Assert.Contains("remote-port", error.Message, StringComparison.Ordinal);
        Assert.Contains("members[0]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_proposer_outside_the_acceptor_group_is_rejected_because_its_ballots_would_not_be_durable()
    {
        var config = ConfigurationFactory.ParseString(Cluster("id = 1", acceptors: "[1, 2, 3]"), "bad.hocon");
        var error = Assert.Throws<ConfigException>(() => NodeSettings.Create(config));
        Assert.Contains("node 4 is a proposer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_role_is_rejected()
    {
        var config = ConfigurationFactory.ParseString(
            "paxos.node { id = 1, acceptors = [1], members = [ { id = 1, host = \"h\", remote-port = 1, http-port = 2, roles = [acceptor, dancer] } ] }", "bad.hocon");
        var error = Assert.Throws<ConfigException>(() => NodeSettings.Create(config));
        Assert.Contains("dancer", error.Message, StringComparison.Ordinal);
    }

    private static string Cluster(string id, string acceptors = "[1, 2, 3, 4]") =>
        "paxos.node { " + id + ", acceptors = " + acceptors + ", members = [" +
        string.Join(", ", Enumerable.Range(1, 4).Select(i => $"{{ id = {i}, host = \"127.0.0.1\", remote-port = {9100 + i}, http-port = {8080 + i} }}")) +
        "] }";
}
