using System.Net;

namespace PaxosAkka.Cmd.Tests;

/// <summary>
/// The palettes against a loopback server that answers like a node's command endpoint: what pbm asks for, what it
/// prints, and which exit code it returns. The real node is exercised by PbmClusterTests (process tests).
/// </summary>
public sealed class RemoteCommandTests
{
    private const string Cluster = """
        {"self":"akka.tcp://paxos@127.0.0.1:9081","clusterLeader":"akka.tcp://paxos@127.0.0.1:9081","paxosLeader":3,"members":[
        {"address":"akka.tcp://paxos@127.0.0.1:9081","nodeId":1,"roles":["acceptor","proposer"],"status":"Up","reachability":"Reachable"},
        {"address":"akka.tcp://paxos@127.0.0.1:9082","nodeId":2,"roles":["acceptor"],"status":"Up","reachability":"Unreachable"}]}
        """;

    [Fact]
    public async Task Cluster_show_prints_one_line_per_member_then_the_count()
    {
        using var node = new CannedNode((HttpStatusCode.OK, Cluster));
        var run = await Task.Run(() => Cli.Run($"127.0.0.1:{node.Port}", "cluster", "show"));

        Assert.Equal(ExitCodes.Success, run.Exit);
        Assert.Equal(
            [
                "akka.tcp://paxos@127.0.0.1:9081 | [acceptor,proposer] | Up | Reachable",
                "akka.tcp://paxos@127.0.0.1:9082 | [acceptor] | Up | Unreachable",
                "Count: 2 nodes",
            ],
            run.OutputLines);
        Assert.Equal(["GET /pbm/cluster"], await node.Requests);
    }

    [Fact]
    public async Task Cluster_status_and_leader_name_both_leaders()
    {
        using var node = new CannedNode((HttpStatusCode.OK, Cluster), (HttpStatusCode.OK, Cluster));
        var status = await Task.Run(() => Cli.Run($"127.0.0.1:{node.Port}", "cluster", "status"));
        var leader = await Task.Run(() => Cli.Run($"127.0.0.1:{node.Port}", "cluster", "leader"));

        Assert.Equal("Self: akka.tcp://paxos@127.0.0.1:9081 | Up | Reachable", status.OutputLines[0]);
        Assert.Equal("Members: 2 (2 Up, 1 unreachable)", status.OutputLines[1]);
        Assert.Equal(["Cluster leader: akka.tcp://paxos@127.0.0.1:9081", "Paxos leader: node-3"], leader.OutputLines);
    }

    [Fact]
    public async Task Json_prints_the_nodes_answer_as_one_object()
    {
        using var node = new CannedNode((HttpStatusCode.OK, Cluster));
        var run = await Task.Run(() => Cli.Run($"127.0.0.1:{node.Port}", "cluster", "show", "--json"));

        Assert.Equal(ExitCodes.Success, run.Exit);
        using var document = System.Text.Json.JsonDocument.Parse(Assert.Single(run.OutputLines));
        Assert.Equal(2, document.RootElement.GetProperty("members").GetArrayLength());
        Assert.Equal(3, document.RootElement.GetProperty("paxosLeader").GetInt32());
    }

    [Fact]
    public async Task Cluster_down_sends_the_address_and_prints_what_was_done()
    {
        using var node = new CannedNode((HttpStatusCode.OK, """{"action":"down","addresses":["akka.tcp://paxos@127.0.0.1:9082"],"message":"the member is marked down; the leader removes it"}"""));
        var run = await Task.Run(() => Cli.Run($"127.0.0.1:{node.Port}", "cluster", "down", "-a", "akka.tcp://paxos@127.0.0.1:9082"));

        Assert.Equal(ExitCodes.Success, run.Exit);
        Assert.Equal(["down akka.tcp://paxos@127.0.0.1:9082", "the member is marked down; the leader removes it"], run.OutputLines);
        Assert.Equal(["POST /pbm/cluster/down?address=akka.tcp%3A%2F%2Fpaxos%40127.0.0.1%3A9082"], await node.Requests);
    }

    [Fact]
    public async Task Cluster_tail_prints_one_line_per_event_and_stops_at_its_count()
    {
        using var node = new CannedNode((HttpStatusCode.OK, """
            {"at":"2026-12-07T18:24:09.452+00:00","event":"MemberUp","address":"akka.tcp://paxos@127.0.0.1:9081","status":"Up"}
            {"at":"2026-12-07T18:24:11.001+00:00","event":"UnreachableMember","address":"akka.tcp://paxos@127.0.0.1:9082","status":"Up"}
            {"at":"2026-12-07T18:24:12.000+00:00","event":"LeaderChanged","address":"akka.tcp://paxos@127.0.0.1:9081","status":null}
            """));
        var run = await Task.Run(() => Cli.Run($"127.0.0.1:{node.Port}", "cluster", "tail", "--count", "2"));

        Assert.Equal(ExitCodes.Success, run.Exit);
        Assert.Equal(
            ["18:24:09.452 MemberUp akka.tcp://paxos@127.0.0.1:9081 (Up)", "18:24:11.001 UnreachableMember akka.tcp://paxos@127.0.0.1:9082 (Up)"],
            run.OutputLines);
        Assert.Equal(["GET /pbm/cluster/tail"], await node.Requests);
    }

    [Fact]
    public void Cluster_down_without_an_address_is_refused_before_calling_any_node()
    {
        var run = Cli.Run("127.0.0.1:1", "cluster", "down");
        Assert.Equal(ExitCodes.BadArguments, run.Exit);
        Assert.Contains("--address", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_exits_4_with_the_nodes_message()
    {
        using var node = new CannedNode((HttpStatusCode.NotFound, """{"error":"no member '9'; members: akka.tcp://paxos@127.0.0.1:9081"}"""));
        var run = await Task.Run(() => Cli.Run($"127.0.0.1:{node.Port}", "cluster", "leave", "-a", "9"));

        Assert.Equal(ExitCodes.Refused, run.Exit);
        Assert.Equal($"pbm cluster leave: 127.0.0.1:{node.Port} answered 404: no member '9'; members: akka.tcp://paxos@127.0.0.1:9081", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public void An_unreachable_node_exits_3_and_says_where_pbm_looked()
    {
        int port = CannedNode.ClosedPort();
        var run = Cli.Run($"127.0.0.1:{port}", "paxos", "status");

        Assert.Equal(ExitCodes.Unavailable, run.Exit);
        Assert.Equal(string.Empty, run.Output);
        Assert.Contains($"pbm paxos status: cannot reach a node at 127.0.0.1:{port}", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paxos_log_asks_for_the_range_and_decodes_each_slot()
    {
        using var node = new CannedNode((HttpStatusCode.OK, """
            {"self":2,"from":0,"to":2,"firstUnchosenSlot":3,"entries":[
            {"slot":0,"commands":[{"client":"c1","sequence":1,"kind":"put","key":"k","value":"hello","expected":null,"size":5}]},
            {"slot":1,"commands":[]},
            {"slot":2,"commands":[{"client":"c1","sequence":2,"kind":"cas","key":"k","value":"bye","expected":null,"size":3}]}]}
            """));
        var run = await Task.Run(() => Cli.Run($"127.0.0.1:{node.Port}", "paxos", "log", "--from", "0", "--to", "2"));

        Assert.Equal(ExitCodes.Success, run.Exit);
        Assert.Equal(
            [
                "slot 0: put k = \"hello\" (5 bytes) [c1#1]",
                "slot 1: no-op",
                "slot 2: cas k from absent to \"bye\" (3 bytes) [c1#2]",
                "Count: 3 slots in [0, 2]; first unchosen slot 3",
            ],
            run.OutputLines);
        Assert.Equal(["GET /pbm/paxos/log?from=0&to=2"], await node.Requests);
    }

    [Fact]
    public void Paxos_log_refuses_a_backward_range() =>
        Assert.Equal(ExitCodes.BadArguments, Cli.Run("127.0.0.1:1", "paxos", "log", "--from", "5", "--to", "2").Exit);

    [Fact]
    public async Task Actor_hierarchy_indents_children_under_their_parents()
    {
        using var node = new CannedNode((HttpStatusCode.OK, """{"root":"/user","depth":1,"actors":[{"path":"/user","depth":0},{"path":"/user/node","depth":1}],"truncated":false}"""));
        var run = await Task.Run(() => Cli.Run($"127.0.0.1:{node.Port}", "actor", "hierarchy", "-d", "1"));

        Assert.Equal(["/user", "  /user/node", "Count: 2 actors"], run.OutputLines);
        Assert.Equal(["GET /pbm/actor/hierarchy?path=%2Fuser&depth=1"], await node.Requests);
    }

    [Fact]
    public async Task Kv_put_finds_the_client_api_through_the_command_endpoint()
    {
        using var node = new CannedNode(
            (HttpStatusCode.OK, "pending"),
            (HttpStatusCode.OK, """{"key":"greeting","revision":7}"""));
        node.Answer(0, $$"""{"id":1,"address":"akka.tcp://paxos@127.0.0.1:9081","httpUrl":"{{node.Url}}","servers":[]}""");
        var run = await Task.Run(() => Cli.Run($"127.0.0.1:{node.Port}", "kv", "put", "greeting", "hello"));

        Assert.Equal(ExitCodes.Success, run.Exit);
        Assert.Equal(["OK revision 7"], run.OutputLines);
        Assert.Equal(["GET /pbm/node", "PUT /kv/greeting"], await node.Requests);
        Assert.Equal("hello", node.RequestBodies[1]);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, """{"error":"not found"}""", ExitCodes.Refused, "pbm kv get: no key 'k'")]
    [InlineData(HttpStatusCode.ServiceUnavailable, """{"error":"no quorum","outcome":"unknown"}""", ExitCodes.Unavailable, "pbm kv get: the node answered 503: no quorum")]
    public async Task Kv_get_reports_a_missing_key_and_an_unknown_outcome_apart(HttpStatusCode status, string body, int exit, string message)
    {
        using var node = new CannedNode((status, body));
        var run = await Task.Run(() => Cli.Run("kv", "get", "k", "--url", node.Url));

        Assert.Equal(exit, run.Exit);
        Assert.Equal(message, Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task Kv_cas_sends_the_expected_value_and_reports_a_conflict_with_what_it_found()
    {
        using var node = new CannedNode((HttpStatusCode.Conflict, """{"current":"bye"}"""));
        var run = await Task.Run(() => Cli.Run("kv", "cas", "k", "new", "-e", "old", "--url", node.Url));

        Assert.Equal(ExitCodes.Refused, run.Exit);
        Assert.Equal("pbm kv cas: conflict: 'k' holds \"bye\"", Assert.Single(run.ErrorLines));
        Assert.Equal(["POST /kv/k/cas"], await node.Requests);
        Assert.Equal("""{"expected":"old","value":"new"}""", node.RequestBodies[0]);
    }

    [Fact]
    public async Task The_prompt_runs_each_line_against_the_same_node_until_exit()
    {
        using var node = new CannedNode((HttpStatusCode.OK, Cluster));
        var run = await Task.Run(() => Cli.RunWithInput("\ncluster show\nbogus\nexit\ncluster show\n", $"127.0.0.1:{node.Port}"));

        Assert.Equal(ExitCodes.Success, run.Exit);
        string prompt = $"[127.0.0.1:{node.Port}] pbm> ";
        Assert.Contains(prompt + "akka.tcp://paxos@127.0.0.1:9081 | [acceptor,proposer] | Up | Reachable", run.Output, StringComparison.Ordinal);
        Assert.Contains("Count: 2 nodes", run.Output, StringComparison.Ordinal);
        Assert.Contains("(exit code 2)", run.Output, StringComparison.Ordinal);
        Assert.Contains("Unrecognized command or argument 'bogus'", run.Error, StringComparison.Ordinal);
        Assert.Equal(["GET /pbm/cluster"], await node.Requests); // nothing ran after exit
    }

    [Fact]
    public void Help_at_the_prompt_lists_the_palettes_and_the_exit_codes()
    {
        var run = Cli.RunWithInput("help\nhelp cluster\n");

        foreach (var word in new[] { "cluster", "actor", "paxos", "menu", "4 = the node refused", "down-unreachable", "Tab completes" })
        {
            Assert.Contains(word, run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Menu_lists_the_servers_then_sends_the_chosen_request_to_the_chosen_one()
    {
        using var node = new CannedNode((HttpStatusCode.OK, "pending"), (HttpStatusCode.OK, """{"key":"k","revision":4}"""));
        node.Answer(0, $$"""{"id":1,"address":"a","httpUrl":"http://127.0.0.1:1","servers":[{"id":1,"httpUrl":"http://127.0.0.1:1","roles":["acceptor"]},{"id":2,"httpUrl":"{{node.Url}}","roles":["store"]}]}""");
        var run = await Task.Run(() => Cli.RunWithInput("7\n2\n1\nk\nv\nq\n", $"127.0.0.1:{node.Port}", "menu"));

        Assert.Equal(ExitCodes.Success, run.Exit);
        Assert.Contains($"  2) node-2  {node.Url}  [store]", run.Output, StringComparison.Ordinal);
        Assert.Contains("'7' is not a server number 1-2", run.Output, StringComparison.Ordinal);
        Assert.Contains("answer from server 2: OK revision 4", run.Output, StringComparison.Ordinal);
        Assert.EndsWith("bye", run.Output.TrimEnd(), StringComparison.Ordinal);
        Assert.Equal(["GET /pbm/node", "PUT /kv/k"], await node.Requests);
    }
}
