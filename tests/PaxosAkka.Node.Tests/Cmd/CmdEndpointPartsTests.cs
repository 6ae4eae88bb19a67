using System.Collections.Immutable;
using System.Text;
using Akka.Actor;
using Akka.Configuration;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Cmd;
using PaxosAkka.Node.Launcher;
using PaxosAkka.Node.Store;

namespace PaxosAkka.Node.Tests.Cmd;

/// <summary>The pure parts of pbm's command endpoint: its settings, member names, log decoding, and the local ports.</summary>
public sealed class CmdEndpointPartsTests
{
    private static readonly IReadOnlyList<Address> Members =
    [
        new("akka.tcp", "paxos", "127.0.0.1", 9081),
        new("akka.tcp", "paxos", "127.0.0.1", 9082),
    ];

    [Fact]
    public void The_endpoint_is_on_and_bound_to_loopback_port_9110_unless_configured()
    {
        Assert.Equal(new CmdSettings(true, "127.0.0.1", 9110), CmdSettings.Create(Config.Empty));
        Assert.Equal(
            new CmdSettings(false, "0.0.0.0", 9113),
            CmdSettings.Create(ConfigurationFactory.ParseString("paxos.cmd { enabled = off, host = \"0.0.0.0\", port = 9113 }")));
    }

    [Theory]
    [InlineData("paxos.cmd.port = 70000", "paxos.cmd.port must be 0..65535")]
    [InlineData("paxos.cmd.host = \" \"", "paxos.cmd.host must name an interface")]
    public void A_bad_setting_names_its_path(string hocon, string message) =>
        Assert.Contains(message, Assert.Throws<ConfigurationException>(() => CmdSettings.Create(ConfigurationFactory.ParseString(hocon))).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("akka.tcp://paxos@127.0.0.1:9082", 9082)]
    [InlineData("127.0.0.1:9081", 9081)]
    [InlineData("2", 9082)]
    [InlineData("akka.tcp://paxos@127.0.0.1:9999", null)]
    [InlineData("127.0.0.1:9999", null)]
    [InlineData("7", null)]
    [InlineData("not an address", null)]
    public void A_member_is_named_by_address_remoting_endpoint_or_node_id(string text, int? port)
    {
        var found = CmdClusterRoutes.Resolve(text, Members, id => id is 1 or 2 ? ("127.0.0.1", 9080 + id) : null);
        Assert.Equal(port, found?.Port);
    }

    [Fact]
    public void Paxos_log_decodes_each_command_of_a_slot()
    {
        Command Of(long sequence, KvCommand command) => new(new CommandId("node-1-ab", sequence), KvCommandCodec.Encode(command));
        var entry = new ChosenEntry(4, new SlotValue([
            Of(1, new KvPutCommand("k", Encoding.UTF8.GetBytes("hello"))),
            Of(2, new KvCasCommand("k", Encoding.UTF8.GetBytes("hello"), Encoding.UTF8.GetBytes("bye"))),
            Of(3, new KvDeleteCommand("k")),
            Of(4, new KvListCommand("files/", null, 10)),
            Of(5, new KvReadCommand("k")),
            new Command(new CommandId("prime", 6), [9, 9, 9]),
        ]));

        var decoded = CmdPaxosRoutes.Decode(entry);

        Assert.Equal(4, decoded.Slot);
        Assert.Equal(
            [
                ("put", "k", "hello", null, 5),
                ("cas", "k", "bye", "hello", 3),
                ("delete", "k", null, null, 0),
                ("list", "files/", null, null, 0),
                ("read", "k", null, null, 0),
                ("other", null, null, null, 3),
            ],
            decoded.Commands.Select(c => (c.Kind, c.Key, c.Value, c.Expected, c.Size)).ToArray());
        Assert.Equal(("node-1-ab", 2L), (decoded.Commands[1].Client, decoded.Commands[1].Sequence));
        Assert.Empty(CmdPaxosRoutes.Decode(new ChosenEntry(5, new SlotValue(ImmutableArray<Command>.Empty))).Commands);
    }

    [Fact]
    public void Values_are_shown_as_text_with_control_characters_escaped_and_cut()
    {
        Assert.Equal("a\\x0ab", CmdPaxosRoutes.Preview(Encoding.UTF8.GetBytes("a\nb")));
        string shown = CmdPaxosRoutes.Preview(new byte[1024 * 1024]);
        Assert.EndsWith("…", shown, StringComparison.Ordinal);
        Assert.Equal(CmdPaxosRoutes.ValuePreview * 4 + 1, shown.Length); // 64 escaped NULs (\x00) and the ellipsis
    }

    [Fact]
    public void Node_N_of_the_local_cluster_serves_pbm_on_9110_plus_N()
    {
        var nodes = LocalClusterLayout.Create(3, 8080, "/tmp/paxos-layout");
        Assert.Equal([9111, 9112, 9113], nodes.Select(n => n.CmdPort));
        Assert.Contains("paxos.cmd.port = 9112", LocalClusterLayout.Hocon(nodes[1], nodes), StringComparison.Ordinal);
        Assert.Equal(9112, CmdSettings.Create(ConfigurationFactory.ParseString(LocalClusterLayout.Hocon(nodes[1], nodes))).Port);
        Assert.Equal(9125, LocalClusterLayout.Create(LocalTopology.Seed004, 8080, "/tmp/paxos-layout")[^1].CmdPort); // node 15 of system 004
    }

    [Fact]
    public void A_node_without_a_port_of_its_own_serves_no_endpoint_and_large_layouts_get_none()
    {
        var bare = new LocalNode(1, 8081, 9081, "/tmp/paxos-layout/node-1");
        Assert.False(CmdSettings.Create(ConfigurationFactory.ParseString(LocalClusterLayout.Hocon(bare, [bare]))).Enabled);

        var large = new LocalTopology("large", [.. Enumerable.Repeat(Configuration.NodeRoles.All, LocalClusterLayout.MaxCmdNodes + 1)]);
        Assert.All(LocalClusterLayout.Create(large, 8080, "/tmp/paxos-layout"), n => Assert.Null(n.CmdPort));
    }

    [Fact]
    public void The_launcher_refuses_a_layout_whose_pbm_port_is_taken()
    {
        using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        holder.Start();
        int taken = ((System.Net.IPEndPoint)holder.LocalEndpoint).Port;
        var node = new LocalNode(1, 0, 0, "/tmp/paxos-layout/node-1", CmdPort: taken);
        Assert.Equal($"port {taken} (pbm command endpoint of node-1) is in use", LocalLauncher.PortInUse([node]));
    }
}
