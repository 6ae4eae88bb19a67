using PaxosAkka.Node.ProcessTests.Support;
using Xunit.Abstractions;

namespace PaxosAkka.Node.ProcessTests;

/// <summary>
/// The real <c>pbm</c> tool against a real local cluster of node processes, through each node's command endpoint
/// (<c>paxos.cmd.port</c>): what an operator sees and does (issue 15 item 1).
/// </summary>
public sealed class PbmClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // The split-brain resolver would down a killed node by itself after stable-after (10 s by default); pushed out of
    // the way so that the removal this test sees can only be the operator's `cluster down`.
    private const string NoAutomaticDowning = "akka.cluster.split-brain-resolver.stable-after = 300s";

    [Fact]
    public async Task Cluster_show_lists_every_node_Up_and_cluster_down_removes_a_SIGKILLed_node()
    {
        await using var cluster = await NodeCluster.StartWithCommandEndpointsAsync(3, output, NoAutomaticDowning);
        string pbm = cluster.CmdAddress(1);
        // Members come in address order (Akka's), which with free ports need not be node-id order.
        string[] UpLines(IEnumerable<int> ids) =>
            [.. ids.Select(id => $"{cluster.AkkaAddress(id)} | [acceptor,learner,proposer,store] | Up | Reachable").Order(StringComparer.Ordinal)];
        string[] everyoneUp = [.. UpLines(cluster.Ids), "Count: 3 nodes"];
        var show = await Until(() => PbmProcess.RunAsync(null, pbm, "cluster", "show"), run => run.Exit == 0 && run.Lines.SequenceEqual(everyoneUp), "cluster show to list all 3 nodes Up");
        output.WriteLine(show.Output);

        var tail = await PbmProcess.RunAsync(null, pbm, "cluster", "tail", "--count", "3", "--timeout", "30");
        Assert.Equal(0, tail.Exit);
        Assert.All(tail.Lines, line => Assert.Contains(" MemberUp akka.tcp://paxos@", line, StringComparison.Ordinal));
        var tree = await PbmProcess.RunAsync(null, pbm, "actor", "hierarchy", "-s", "/user/node", "-d", "1");
        Assert.Equal(0, tree.Exit);
        Assert.Contains("  /user/node/acceptor", tree.Lines);

        await cluster.KillAsync(3);
        string killed = cluster.AkkaAddress(3);
        await Until(
            () => PbmProcess.RunAsync(null, pbm, "cluster", "show"),
            run => run.Lines.Contains($"{killed} | [acceptor,learner,proposer,store] | Up | Unreachable"),
            "cluster show to mark the SIGKILLed node-3 Unreachable");

        var down = await PbmProcess.RunAsync(null, pbm, "cluster", "down", "-a", $"127.0.0.1:{cluster.Node(3).RemotePort}");
        Assert.True(down.Exit == 0, down.ToString());
        Assert.Equal($"down {killed}", down.Lines[0]);
        var after = await Until(
            () => PbmProcess.RunAsync(null, pbm, "cluster", "show"),
            run => run.Exit == 0 && !run.Output.Contains(killed, StringComparison.Ordinal),
            "cluster show to stop listing the downed node-3");
        Assert.Equal([.. UpLines([1, 2]), "Count: 2 nodes"], after.Lines);

        var again = await PbmProcess.RunAsync(null, pbm, "cluster", "down", "-a", killed);
        Assert.Equal(4, again.Exit); // no such member any more: the node refuses, naming the members it has
    }

    [Fact]
    public async Task Menu_driven_through_stdin_writes_through_one_server_and_reads_through_another()
    {
        await using var cluster = await NodeCluster.StartWithCommandEndpointsAsync(3, output);
        // Server 1: put menu-key = from-menu; change server; server 3: get menu-key; quit.
        var menu = await PbmProcess.RunAsync("1\n1\nmenu-key\nfrom-menu\n7\n3\n2\nmenu-key\nq\n", cluster.CmdAddress(2), "menu");
        output.WriteLine(menu.ToString());

        Assert.Equal(0, menu.Exit);
        Assert.Contains($"  3) node-3  {cluster.Node(3).HttpUrl.ToString().TrimEnd('/')}  [proposer,acceptor,learner,store]", menu.Output, StringComparison.Ordinal);
        Assert.Contains("answer from server 1: OK revision ", menu.Output, StringComparison.Ordinal);
        Assert.Contains("answer from server 3: from-menu", menu.Output, StringComparison.Ordinal);

        // The write is in the chosen log, decoded, as every learner holds it.
        var log = await PbmProcess.RunAsync(null, cluster.CmdAddress(3), "paxos", "log", "--from", "0", "--to", "100");
        Assert.Equal(0, log.Exit);
        Assert.Contains(log.Lines, line => line.Contains("put menu-key = \"from-menu\" (9 bytes)", StringComparison.Ordinal));
    }

    /// <summary>Runs <paramref name="pbm"/> until its result satisfies <paramref name="done"/> (bounded by <see cref="Patience"/>).</summary>
    private static async Task<PbmRun> Until(Func<Task<PbmRun>> pbm, Func<PbmRun, bool> done, string what)
    {
        PbmRun? last = null;
        try
        {
            await Eventually.True(
                async () =>
                {
                    last = await pbm();
                    return done(last);
                },
                Patience,
                what);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; pbm's last answer: {last}", e);
        }

        return last!;
    }
}
