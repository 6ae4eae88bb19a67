using Akka.Configuration;
using PaxosAkka.Node.Configuration;
using PaxosAkka.Node.Launcher;

namespace PaxosAkka.Node.Tests;

public sealed class NodeSettingsTests
{
    private static string HoconFolder => Path.Combine(RepoRoot.Path, "hocon");

    [Fact]
    public void Seed_1_config_describes_a_five_node_cluster_with_every_role_and_a_fixed_majority()
    {
        var settings = NodeSettings.Create(NodeConfigFile.Load(Path.Combine(HoconFolder, "seed-1.hocon")));

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
        var settings = NodeSettings.Create(NodeConfigFile.Load(Path.Combine(HoconFolder, file)));
        Assert.Equal(id, settings.Id);
        Assert.Equal(httpPort, settings.HttpPort);
        Assert.Equal(id + 9100, settings.Self.RemotePort);
    }

    [Fact]
    public void Environment_variables_override_the_file()
    {
        var path = Path.Combine(HoconFolder, "seed-1.hocon");
        var config = NodeConfigFile.Load(
            path,
            name => name switch { "PAXOS_HTTP_PORT" => "18081", "PAXOS_DATA_DIR" => "/tmp/x", _ => null });
        var settings = NodeSettings.Create(config);
        Assert.Equal(18081, settings.HttpPort);
        Assert.Equal("/tmp/x", settings.DataDirectory);
    }

    [Fact]
    public void Missing_node_id_is_an_error_that_names_the_path()
    {
        var config = ConfigurationFactory.ParseString(Cluster("http.port = 1"));
        var error = Assert.Throws<ConfigurationException>(() => NodeSettings.Create(config));
        Assert.Contains("paxos.node.id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Member_without_a_port_is_an_error_that_names_the_member()
    {
        var config = ConfigurationFactory.ParseString(
            "paxos.node { id = 1, acceptors = [1], members = [ { id = 1, host = \"127.0.0.1\", http-port = 1 } ] }");
        var error = Assert.Throws<ConfigurationException>(() => NodeSettings.Create(config));
        Assert.Contains("remote-port", error.Message, StringComparison.Ordinal);
        Assert.Contains("members[0]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_proposer_outside_the_acceptor_group_is_rejected_because_its_ballots_would_not_be_durable()
    {
        var config = ConfigurationFactory.ParseString(Cluster("id = 1", acceptors: "[1, 2, 3]"));
        var error = Assert.Throws<ConfigurationException>(() => NodeSettings.Create(config));
        Assert.Contains("node 4 is a proposer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_role_is_rejected()
    {
        var config = ConfigurationFactory.ParseString(
            "paxos.node { id = 1, acceptors = [1], members = [ { id = 1, host = \"h\", remote-port = 1, http-port = 2, roles = [acceptor, dancer] } ] }");
        var error = Assert.Throws<ConfigurationException>(() => NodeSettings.Create(config));
        Assert.Contains("dancer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_role_error_lists_the_known_roles_and_auto()
    {
        var config = ConfigurationFactory.ParseString(Single("[leader]"));
        var error = Assert.Throws<ConfigurationException>(() => NodeSettings.Create(config));
        Assert.Contains("unknown role 'leader'", error.Message, StringComparison.Ordinal);
        Assert.Contains("proposer, acceptor, learner, store, auto", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_role_list_is_rejected()
    {
        var error = Assert.Throws<ConfigurationException>(() => NodeSettings.Create(ConfigurationFactory.ParseString(Single("[]"))));
        Assert.Contains("members[0].roles is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_beside_an_assignable_role_is_a_contradiction()
    {
        var error = Assert.Throws<ConfigurationException>(() => NodeSettings.Create(ConfigurationFactory.ParseString(Single("[acceptor, auto, store]"))));
        Assert.Contains("'store' beside 'auto'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_beside_a_fixed_acceptor_is_accepted()
    {
        var settings = NodeSettings.Create(ConfigurationFactory.ParseString(Single("[acceptor, auto]")));
        Assert.True(settings.Self.IsAuto);
        Assert.True(settings.Has(NodeRoles.Acceptor));
        Assert.False(settings.Has(NodeRoles.Proposer));
    }

    [Fact]
    public void A_proposer_only_node_outside_the_acceptor_group_is_accepted_because_its_ballot_keeper_makes_ballots_durable()
    {
        var config = ConfigurationFactory.ParseString(
            "paxos.node { id = 2, acceptors = [1], members = [ " +
            "{ id = 1, host = \"h\", remote-port = 1, http-port = 2, roles = [acceptor, learner, store] }, " +
            "{ id = 2, host = \"h\", remote-port = 3, http-port = 4, roles = [proposer] } ] }");
        var settings = NodeSettings.Create(config);
        Assert.Equal([2], settings.Topology().Proposers.ToArray());
        Assert.Equal([1], settings.Topology().Acceptors.ToArray());
    }

    [Fact]
    public void A_cluster_without_any_proposer_is_rejected()
    {
        var error = Assert.Throws<ConfigurationException>(() => NodeSettings.Create(ConfigurationFactory.ParseString(Single("[acceptor, learner, store]"))));
        Assert.Contains("no member has the proposer role", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Seed004_files_run_proposers_acceptors_learners_and_stores_on_separate_nodes()
    {
        var folder = Path.Combine(HoconFolder, "seed004");
        for (int id = 1; id <= 15; id++)
        {
            var settings = NodeSettings.Create(NodeConfigFile.Load(Path.Combine(folder, $"node-{id}.hocon")));
            Assert.Equal(id, settings.Id);
            Assert.Equal(8080 + id, settings.HttpPort);
            Assert.Equal(9100 + id, settings.Self.RemotePort);
            Assert.Equal(LocalTopology.Seed004.Roles[id - 1].ToArray(), settings.Roles.ToArray());
            Assert.Equal([6, 7, 8, 9, 10], settings.Acceptors.ToArray());
            var topology = settings.Topology();
            Assert.Equal([1, 2, 3, 4, 5], topology.Proposers.ToArray());
            Assert.Equal([11, 12], topology.Learners.ToArray());
            Assert.Equal(3, topology.Quorum.Phase2Size);
        }
    }

    [Fact]
    public void Launcher_topology_seed004_generates_configs_every_node_accepts()
    {
        var options = LocalLauncherOptions.Parse(["--topology", "seed004", "--base-port", "20000"]);
        var nodes = LocalClusterLayout.Create(options.Layout, options.BasePort, "/tmp/paxos-layout");
        Assert.Equal(15, nodes.Count);
        foreach (var node in nodes)
        {
            var settings = NodeSettings.Create(ConfigurationFactory.ParseString(LocalClusterLayout.Hocon(node, nodes)));
            Assert.Equal(node.RoleList.ToArray(), settings.Roles.ToArray());
            Assert.Equal([6, 7, 8, 9, 10], settings.Acceptors.ToArray());
            Assert.Equal(20000 + node.Id, settings.HttpPort);
        }

        Assert.Equal([13, 14, 15], LocalTopology.Seed004.NodesWith(NodeRoles.Store).ToArray());
    }

    [Fact]
    public void Launcher_default_is_still_five_nodes_with_every_role()
    {
        var options = LocalLauncherOptions.Parse([]);
        Assert.Null(options.Topology);
        Assert.Equal(5, options.Layout.Count);
        Assert.All(options.Layout.Roles, roles => Assert.Equal(NodeRoles.All.ToArray(), roles.ToArray()));
    }

    [Theory]
    [InlineData(new[] { "--topology", "seed999" }, "unknown topology 'seed999' (known: seed004, seed000)")]
    [InlineData(new[] { "--topology", "seed004", "--nodes", "3" }, "--nodes and --topology exclude each other")]
    [InlineData(new[] { "--topology" }, "--topology needs a value")]
    public void Launcher_rejects_bad_topology_arguments_clearly(string[] args, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => LocalLauncherOptions.Parse(args));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Seed000_files_make_every_node_a_fixed_acceptor_and_auto_for_the_rest()
    {
        var folder = Path.Combine(HoconFolder, "seed000");
        for (int id = 1; id <= 5; id++)
        {
            var settings = NodeSettings.Create(NodeConfigFile.Load(Path.Combine(folder, $"node-{id}.hocon")));
            Assert.Equal(id, settings.Id);
            Assert.Equal(8080 + id, settings.HttpPort);
            Assert.Equal(9200 + id, settings.Self.RemotePort);
            Assert.Equal(LocalTopology.Seed000.Roles[id - 1].ToArray(), settings.Roles.ToArray());
            Assert.True(settings.Self.IsAuto);
            Assert.Equal([1, 2, 3, 4, 5], settings.Acceptors.ToArray());
            var topology = settings.Topology();

            // Every auto node is a proposer and a learner in the static topology (so acceptors take its Prepares and
            // send it Accepteds once it starts the role); quorums come from the acceptor group alone.
            Assert.Equal([1, 2, 3, 4, 5], topology.Proposers.ToArray());
            Assert.Equal([1, 2, 3, 4, 5], topology.Learners.ToArray());
            Assert.Equal(3, topology.Quorum.Phase2Size);
            Assert.False(settings.Has(NodeRoles.Store));
        }
    }

    [Fact]
    public void Launcher_topology_seed000_generates_configs_every_node_accepts()
    {
        var options = LocalLauncherOptions.Parse(["--topology", "seed000", "--base-port", "20000"]);
        var nodes = LocalClusterLayout.Create(options.Layout, options.BasePort, "/tmp/paxos-layout");
        Assert.Equal(5, nodes.Count);
        Assert.True(options.Layout.HasAutoNodes);
        Assert.False(LocalTopology.Seed004.HasAutoNodes);
        foreach (var node in nodes)
        {
            var settings = NodeSettings.Create(ConfigurationFactory.ParseString(LocalClusterLayout.Hocon(node, nodes)));
            Assert.Equal(["acceptor", "auto"], settings.Roles.ToArray());
            Assert.Equal([1, 2, 3, 4, 5], settings.Acceptors.ToArray());
        }
    }

    [Fact]
    public void An_auto_node_has_a_role_while_it_is_assigned_and_only_an_assignable_one()
    {
        var settings = NodeSettings.Create(ConfigurationFactory.ParseString(Single("[acceptor, auto]")));

        settings.Assigned.Set(["store", "learner", "proposer"]);
        Assert.True(settings.Has(NodeRoles.Store));
        Assert.Equal(["proposer", "learner", "store"], settings.Assigned.Current.ToArray());

        settings.Assigned.Set([]);
        Assert.False(settings.Has(NodeRoles.Proposer));
        Assert.True(settings.Has(NodeRoles.Acceptor));
        Assert.Throws<ArgumentException>(() => settings.Assigned.Set(["acceptor"]));
    }

    [Fact]
    public void Auto_nodes_beside_learners_and_stores_on_separate_nodes_are_refused()
    {
        var config = ConfigurationFactory.ParseString(
            "paxos.node { id = 1, acceptors = [1], members = [ " +
            "{ id = 1, host = \"h\", remote-port = 1, http-port = 2, roles = [proposer, acceptor, learner] }, " +
            "{ id = 2, host = \"h\", remote-port = 3, http-port = 4, roles = [store] }, " +
            "{ id = 3, host = \"h\", remote-port = 5, http-port = 6, roles = [auto] } ] }");
        var error = Assert.Throws<ConfigurationException>(() => NodeSettings.Create(config));
        Assert.Contains("auto nodes hold learner and store together", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_tests_find_the_node_build_output_of_their_own_configuration()
    {
        string path = NodeBinary.NodeAssemblyBuiltFor(AppContext.BaseDirectory);
        string expected = Path.Combine("src", "PaxosAkka.Node", "bin");
        Assert.Contains(expected, path, StringComparison.Ordinal);
        Assert.EndsWith("PaxosAkka.Node.dll", path, StringComparison.Ordinal);
    }

    private static string Single(string roles) =>
        "paxos.node { id = 1, acceptors = [1], members = [ { id = 1, host = \"h\", remote-port = 1, http-port = 2, roles = " + roles + " } ] }";

    private static string Cluster(string id, string acceptors = "[1, 2, 3, 4]") =>
        "paxos.node { " + id + ", acceptors = " + acceptors + ", members = [" +
        string.Join(", ", Enumerable.Range(1, 4).Select(i => $"{{ id = {i}, host = \"127.0.0.1\", remote-port = {9100 + i}, http-port = {8080 + i} }}")) +
        "] }";
}
