using PaxosAkka.Consensus.Tests.Support;
using static PaxosAkka.Consensus.PaxosProtocol;
using static PaxosAkka.Consensus.Tests.Support.Fixtures;

namespace PaxosAkka.Consensus.Tests;

/// <summary>
/// Bounded Promises across a whole cluster: a proposer that is far behind still wins phase 1 (in chunks) and
/// Agreement holds under the randomized fault schedule with the tightest bounds.
/// </summary>
public class ChunkedPhaseOneClusterTests
{
    [Fact]
    public void Restarted_proposer_far_behind_wins_phase_one_in_chunks_and_keeps_the_log()
    {
        var cluster = new TestCluster(Five, acceptorOptions: new AcceptorOptions { MaxPromiseEntries = 3 });
        int chunked = 0;
        cluster.OnDeliver = m => chunked += m is Promise { ReportedBelow: < long.MaxValue } ? 1 : 0;
        cluster.Down.Add(4);
        cluster.Campaign(0);
        cluster.Run();
        for (int i = 0; i < 40; i++)
        {
            cluster.Propose(0, Cmd("before", i));
            cluster.Run();
        }

        Assert.True(cluster.RunUntil(() => cluster.Delivered[1].Count >= 40));
        cluster.Down.Remove(4);
        cluster.Restart(4);

        cluster.Campaign(4);
        Assert.True(cluster.RunUntil(() => cluster.Nodes[4].Proposer!.IsLeader));
        cluster.Propose(4, Cmd("after", 1));

        Assert.True(cluster.RunUntil(() => Five.Learners.All(id => cluster.Delivered[id].Any(e => e.Value.Commands.Contains(Cmd("after", 1))))));
        Assert.True(chunked > 0, "phase 1 should have needed several chunks");
        var before = Enumerable.Range(0, 40).Select(i => Cmd("before", i)).ToList();
        Assert.All(Five.Learners, id => Assert.All(before, c => Assert.Contains(cluster.Delivered[id], e => e.Value.Commands.Contains(c))));
    }

    [Theory]
    [InlineData(3, 1, 0, 40)]
    [InlineData(5, 2, 1000, 30)]
    [InlineData(3, 3, 2000, 30)]
    public void Duelling_proposers_with_bounded_promises_keep_agreement_under_faults(int nodes, int maxPromiseEntries, int firstSeed, int seeds)
    {
        var options = new AcceptorOptions { MaxPromiseEntries = maxPromiseEntries, MaxPromiseBytes = 64 };
        for (int seed = firstSeed; seed < firstSeed + seeds; seed++)
        {
            RandomizedSafetyTests.RunScenario(PaxosTopology.Symmetric(nodes), seed, options);
        }
    }
}
