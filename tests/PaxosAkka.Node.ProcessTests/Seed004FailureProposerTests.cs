using PaxosAkka.Node.ProcessTests.Support;
using Xunit.Abstractions;

namespace PaxosAkka.Node.ProcessTests;

/// <summary>
/// System 004's proposer failure over real processes, on the split-role topology of <see cref="Seed004SplitTopology"/>
/// (proposers 1-3, acceptors 4-8, learner 9, store 10): the leading proposer node is SIGKILLed while concurrent
/// clients write and read through several proposer nodes; another proposer takes the lead, no acknowledged write is
/// lost, the whole client history is linearizable, and the old leader, restarted over its data, serves clients again.
/// </summary>
public sealed class Seed004FailureProposerTests(ITestOutputHelper output)
{
    private const int Clients = 4;
    private const int OpsBeforeRejoin = 32;
    private const int OpsAfterRejoin = 12;
    private const int Seed = 4_001;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Proposer_leader_SIGKILL_moves_the_lead_to_another_proposer_node_loses_no_acknowledged_write_and_the_restarted_old_leader_rejoins()
    {
        await using var cluster = await NodeCluster.StartAsync(Seed004SplitTopology.Topology, output);
        int[] proposers = [.. Seed004SplitTopology.Proposers];
        int oldLeader = await cluster.WaitForLeaderAsync(Patience, proposers);
        int[] survivors = [.. proposers.Where(p => p != oldLeader)];
        var run = new Seed004Workload(cluster, Seed, output);
        run.UseEntries(proposers);
        run.Phase = "before-kill";

        // A quarter of the way through the round the leader dies; from then on clients use the surviving proposers.
        var (round, quarter) = run.StartRound(Clients, OpsBeforeRejoin);
        await quarter.WaitAsync(Patience);
        run.UseEntries(survivors);
        await cluster.KillAsync(oldLeader);
        run.Phase = "after-kill";
        int newLeader = await cluster.WaitForLeaderAsync(Patience, survivors, not: oldLeader);
        output.WriteLine($"leader node-{oldLeader} SIGKILLed; node-{newLeader} took over");
        await round.WaitAsync(TimeSpan.FromMinutes(2));
        await run.AssertWritesWentOnAsync("after-kill", "the new leader did not take over");

        // The old leader comes back over its own data and serves clients beside the others.
        await cluster.RestartAsync(oldLeader);
        await cluster.WaitForLeaderAsync(Patience, proposers);
        run.Phase = "rejoined";
        await run.WriteUntilAcknowledgedAsync([oldLeader], "through-restarted", Patience);
        run.UseEntries(proposers);
        await run.RunRoundAsync(Clients, OpsAfterRejoin).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Contains(run.Writes, w => w.Phase == "rejoined" && w.Via == oldLeader && w.Outcome.Ok);

        run.Phase = "read-back";
        await run.ReadBackAsync([.. proposers, Seed004SplitTopology.Store], Patience);
        run.AssertLinearizable();
    }
}
