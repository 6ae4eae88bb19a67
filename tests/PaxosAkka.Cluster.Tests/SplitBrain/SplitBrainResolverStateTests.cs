using PaxosAkka.Cluster.SplitBrain;
using PaxosAkka.Cluster.Tests.Membership;
using static PaxosAkka.Cluster.Tests.TestNodes;

namespace PaxosAkka.Cluster.Tests.SplitBrain;

public class SplitBrainResolverStateTests
{
    private static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(20);
    private static readonly UniqueAddress[] Five = [.. Enumerable.Range(1, 5).Select(i => Node(i))];

    private static TestCluster PartitionedTwoThree()
    {
        var cluster = TestCluster.Formed(Five);
        cluster.Partition(Five[..2], Five[2..]);
        cluster.DetectFailures();
        cluster.GossipRound();
        cluster.GossipRound();
        return cluster;
    }

    [Fact]
    public void Nothing_is_downed_before_the_view_is_stable_for_stable_after()
    {
        var cluster = PartitionedTwoThree();
        var state = new SplitBrainResolverState(new KeepMajority(), StableAfter).Observe(cluster[Node(3)], TimeSpan.Zero);
        Assert.Empty(state.MembersToDown(cluster[Node(3)], TimeSpan.FromSeconds(19.9)));
        Assert.Equal([Node(1), Node(2)], state.MembersToDown(cluster[Node(3)], StableAfter).Select(m => m.UniqueAddress));
    }

    [Fact]
    public void Any_reachability_change_restarts_the_stable_period()
    {
        var cluster = TestCluster.Formed(Five);
        var resolver = new SplitBrainResolverState(new KeepMajority(), StableAfter);
        cluster.Crash(Node(5));
        cluster.DetectFailures();
        resolver = resolver.Observe(cluster[Node(1)], TimeSpan.Zero);
        var same = resolver.Observe(cluster[Node(1)], TimeSpan.FromSeconds(15));
        Assert.Same(resolver, same);

        cluster.Crash(Node(4));
        cluster.DetectFailures();
        resolver = resolver.Observe(cluster[Node(1)], TimeSpan.FromSeconds(15));
        Assert.False(resolver.IsStable(TimeSpan.FromSeconds(25)));
        Assert.Empty(resolver.MembersToDown(cluster[Node(1)], TimeSpan.FromSeconds(25)));
        Assert.Equal(
            [Node(4), Node(5)],
            resolver.MembersToDown(cluster[Node(1)], TimeSpan.FromSeconds(35)).Select(m => m.UniqueAddress));
    }

    [Fact]
    public void Only_the_leader_of_a_side_downs()
    {
        var cluster = PartitionedTwoThree();
        var resolver = new SplitBrainResolverState(new KeepMajority(), StableAfter).Observe(cluster[Node(4)], TimeSpan.Zero);
        Assert.False(cluster[Node(4)].IsLeader);
        Assert.Empty(resolver.MembersToDown(cluster[Node(4)], TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void Nothing_is_downed_when_all_are_reachable()
    {
        var cluster = TestCluster.Formed(Five);
        var resolver = new SplitBrainResolverState(new DownAll(), StableAfter).Observe(cluster[Node(1)], TimeSpan.Zero);
        Assert.Empty(resolver.MembersToDown(cluster[Node(1)], TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Partition_2_3_ends_with_majority_up_and_minority_downed()
    {
        var cluster = PartitionedTwoThree();
        var later = StableAfter;
        foreach (var leader in new[] { Node(1), Node(3) })
        {
            var resolver = new SplitBrainResolverState(new KeepMajority(), StableAfter).Observe(cluster[leader], TimeSpan.Zero);
            var state = cluster[leader];
            foreach (var member in resolver.MembersToDown(state, later))
            {
                state = state.Down(member.Address);
            }

            cluster.Set(leader, state);
        }

        cluster.Converge();

        // Majority side: the minority was downed and, being unreachable, removed; 3, 4, 5 are Up and converged.
        foreach (var node in Five[2..])
        {
            Assert.Equal(3, cluster[node].Members.Count);
            Assert.All(cluster[node].Members, m => Assert.Equal(MemberStatus.Up, m.Status));
            Assert.True(cluster[node].HasConvergence);
        }

        // Minority side: its own leader downed it (they now shut down).
        foreach (var node in Five[..2])
        {
            Assert.Equal(MemberStatus.Down, cluster[node].SelfMember!.Status);
        }
    }
}
