using System.Net;
using PaxosAkka.Node.ProcessTests.Support;
using Xunit.Abstractions;

namespace PaxosAkka.Node.ProcessTests;

/// <summary>
/// System 004's acceptor failures over real processes, on the split-role topology of <see cref="Seed004SplitTopology"/>
/// (proposers 1-3, acceptors 4-8, learner 9, store 10). The acceptor group alone defines the quorum (3 of 5): with
/// two acceptor nodes dead writes go on; with three dead none may be acknowledged (Paxos Made Simple §2.2: a value is
/// chosen only once a majority accepted it), each answers 503 "outcome unknown"; once they are restarted writes
/// resume. Concurrent clients go through the proposer nodes and the store node throughout; the history is checked.
/// </summary>
public sealed class Seed004FailureAcceptorTests(ITestOutputHelper output)
{
    private const int Clients = 4;
    private const int OpsPerRound = 24;
    private const int OpsWithoutQuorum = 2;
    private const int Seed = 4_002;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Two_of_five_acceptor_nodes_killed_writes_go_on_three_killed_every_write_answers_503_and_none_is_acknowledged_restarted_writes_resume()
    {
        await using var cluster = await NodeCluster.StartAsync(Seed004SplitTopology.Topology, output);
        int[] acceptors = [.. Seed004SplitTopology.Acceptors];
        int[] entries = [.. Seed004SplitTopology.Proposers, Seed004SplitTopology.Store];
        var run = new Seed004Workload(cluster, Seed, output);
        run.UseEntries(entries);
        run.Phase = "five";

        // Two acceptor nodes die a quarter of the way through the round: three remain, still a quorum.
        var (round, quarter) = run.StartRound(Clients, OpsPerRound);
        await quarter.WaitAsync(Patience);
        await cluster.KillAsync(acceptors[0]);
        await cluster.KillAsync(acceptors[1]);
        run.Phase = "three";
        await round.WaitAsync(TimeSpan.FromMinutes(2));
        await run.AssertWritesWentOnAsync("three", "with 3 of 5 acceptors alive writes must go on");

        // A third dies: two of five is no quorum, so nothing invoked from now on may be acknowledged.
        await cluster.KillAsync(acceptors[2]);
        run.Phase = "two";
        await run.RunRoundAsync(Clients, OpsWithoutQuorum).WaitAsync(TimeSpan.FromMinutes(1));
        foreach (int via in entries)
        {
            await run.PutOnceAsync(via, $"without-quorum-via-{via}");
        }

        var refused = run.Writes.Where(w => w.Phase == "two").ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, w => Assert.True(
            w.Outcome.Status == HttpStatusCode.ServiceUnavailable,
            $"PUT {w.Key} through node-{w.Via} with 2 of 5 acceptors alive answered {w.Outcome}; only 503 (outcome unknown) is honest"));

        // Back to five: writes resume.
        await Task.WhenAll(acceptors.Take(3).Select(cluster.RestartAsync));
        run.Phase = "restored";
        await run.WriteUntilAcknowledgedAsync(entries, "after-restart", Patience);
        await run.RunRoundAsync(Clients, OpsPerRound / 2).WaitAsync(TimeSpan.FromMinutes(2));
        await run.AssertWritesWentOnAsync("restored", "writes must resume once the acceptors are back");

        // Every acknowledged write is there; every 503'd one is there or not, never something else; all linearizable.
        run.Phase = "read-back";
        await run.ReadBackAsync(entries, Patience);
        run.AssertLinearizable();
    }
}
