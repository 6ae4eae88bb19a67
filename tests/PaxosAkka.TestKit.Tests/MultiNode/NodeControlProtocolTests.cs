using PaxosAkka.Cluster;
using PaxosAkka.Remote.Transport;
using PaxosAkka.TestKit.MultiNode;

namespace PaxosAkka.TestKit.Tests.MultiNode;

public sealed class NodeControlProtocolTests
{
    private static readonly NodeAddress Node1 = NodeAddress.Parse("paxos.tcp://paxos@127.0.0.1:2551");
    private static readonly NodeAddress Node2 = NodeAddress.Parse("paxos.tcp://paxos@127.0.0.1:2552");

    [Fact]
    public void View_line_round_trips_members_unreachable_and_leader()
    {
        var view = new ClusterView(
            Node1, 42, [new MemberView(Node1, 42, MemberStatus.Up), new MemberView(Node2, 7, MemberStatus.Down)],
            [new MemberView(Node2, 7, MemberStatus.Down)], Node1, Stopped: false);

        var back = NodeControlProtocol.ParseView(NodeControlProtocol.FormatView(view));

        Assert.Equal(view.Self, back.Self);
        Assert.Equal(view.Members, back.Members);
        Assert.Equal(view.Unreachable, back.Unreachable);
        Assert.Equal(view.Leader, back.Leader);
        Assert.Equal(1, back.UpCount);
    }

    [Theory]
    [InlineData(FaultDirection.Both, null)]
    [InlineData(FaultDirection.Send, "blackhole")]
    [InlineData(FaultDirection.Receive, "throttle")]
    public void Fault_command_round_trips(FaultDirection direction, string? kind)
    {
        var fault = kind switch
        {
            "blackhole" => LinkFault.Blackhole,
            "throttle" => LinkFault.Throttle(TimeSpan.FromMilliseconds(250), 4096),
            _ => null,
        };

        var line = NodeControlProtocol.FormatFault("127.0.0.1:1", "127.0.0.1:2", direction, fault);
        var words = line.Split(' ');
        Assert.Equal(NodeControlProtocol.Fault, words[0]);
        var (first, second, parsedDirection, parsed) = NodeControlProtocol.ParseFault(words[1..]);

        Assert.Equal(("127.0.0.1:1", "127.0.0.1:2", direction, fault), (first, second, parsedDirection, parsed));
    }

    [Fact]
    public void A_line_that_is_not_ready_is_a_clear_error()
    {
        var error = Assert.Throws<FormatException>(() => NodeControlProtocol.ParseReady("Unhandled exception. System.IO.IOException"));
        Assert.Contains("expected 'ready <address> <uid>'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_answers_each_command_and_reports_bad_ones_without_stopping()
    {
        var commands = string.Join('\n',
            "view",
            "fault 127.0.0.1:1 127.0.0.1:2 Both blackhole",
            "fault 127.0.0.1:1 127.0.0.1:2 Sideways blackhole",
            "teleport",
            "view",
            "leave");
        using var input = new StringReader(commands);
        using var output = new StringWriter();
        string[] args = ["--role", "solo", "--config", MultiNodeSpecOptions.FastClusterConfig + "\npaxos.remote.port = 0"];

        var exit = await NodeControlHost.RunAsync(args, input, output).WaitAsync(TimeSpan.FromSeconds(60));

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(0, exit);
        Assert.Equal(7, lines.Length);
        var (address, uid) = NodeControlProtocol.ParseReady(lines[0]);
        var view = NodeControlProtocol.ParseView(lines[1]);
        Assert.Equal((address, uid), (view.Self, view.SelfUid));
        Assert.Equal(NodeControlProtocol.Ok, lines[2]);
        Assert.StartsWith("error usage: fault", lines[3], StringComparison.Ordinal);
        Assert.Equal("error unknown command 'teleport'", lines[4]);
        Assert.StartsWith(NodeControlProtocol.View, lines[5], StringComparison.Ordinal);
        Assert.Equal(NodeControlProtocol.Ok, lines[6]);
    }
}
