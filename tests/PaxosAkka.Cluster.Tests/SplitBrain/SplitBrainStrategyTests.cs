using PaxosAkka.Cluster.SplitBrain;
using static PaxosAkka.Cluster.Tests.TestNodes;

namespace PaxosAkka.Cluster.Tests.SplitBrain;

public class SplitBrainStrategyTests
{
    /// <summary>Members 1..n, Up, with up-numbers in node order (node 1 is the oldest).</summary>
    private static Member[] Up(int n, params string[] roles) =>
        [.. Enumerable.Range(1, n).Select(i => Member.Create(Node(i), MemberStatus.Up, roles, upNumber: i))];

    private static SplitBrainView View(Member[] members, int self, params int[] unreachable) =>
        new(members, unreachable.Select(i => Node(i)), Node(self));

    private static int[] Numbers(IEnumerable<Member> members) =>
        [.. members.Select(m => m.Address.Port - 2550).Order()];

    [Fact]
    public void Keep_majority_keeps_majority_side_of_a_2_3_split()
    {
        var members = Up(5);
        var majority = View(members, self: 3, 1, 2);
        var decision = new KeepMajority().Decide(majority);
        Assert.Equal(SplitBrainDecision.DownUnreachable, decision);
        Assert.Equal([1, 2], Numbers(majority.NodesToDown(decision)));
    }

    [Fact]
    public void Keep_majority_downs_minority_side()
    {
        var members = Up(5);
        var minority = View(members, self: 1, 3, 4, 5);
        var decision = new KeepMajority().Decide(minority);
        Assert.Equal(SplitBrainDecision.DownReachable, decision);
        Assert.Equal([1, 2], Numbers(minority.NodesToDown(decision)));
    }

    [Fact]
    public void Even_split_keeps_side_with_lowest_address()
    {
        var members = Up(4);
        Assert.Equal(SplitBrainDecision.DownUnreachable, new KeepMajority().Decide(View(members, self: 1, 3, 4)));
        Assert.Equal(SplitBrainDecision.DownReachable, new KeepMajority().Decide(View(members, self: 3, 1, 2)));

        // Also when the lowest address is not the oldest member.
        var reordered = new[]
        {
            Member.Create(Node(1), MemberStatus.Up, upNumber: 4), Member.Create(Node(2), MemberStatus.Up, upNumber: 3),
            Member.Create(Node(3), MemberStatus.Up, upNumber: 2), Member.Create(Node(4), MemberStatus.Up, upNumber: 1),
        };
        Assert.Equal(SplitBrainDecision.DownUnreachable, new KeepMajority().Decide(View(reordered, self: 2, 3, 4)));
        Assert.Equal(SplitBrainDecision.DownReachable, new KeepMajority().Decide(View(reordered, self: 4, 1, 2)));
    }

    [Fact]
    public void Both_sides_of_any_split_never_both_survive()
    {
        // Exhaustive over all splits of 1..6 members: exactly one side keeps itself (or both down themselves).
        for (var n = 2; n <= 6; n++)
        {
            var members = Up(n);
            for (var mask = 1; mask < (1 << n) - 1; mask++)
            {
                var sideA = Enumerable.Range(1, n).Where(i => (mask & (1 << (i - 1))) != 0).ToArray();
                var sideB = Enumerable.Range(1, n).Except(sideA).ToArray();
                var a = new KeepMajority().Decide(View(members, sideA[0], sideB));
                var b = new KeepMajority().Decide(View(members, sideB[0], sideA));
                var survivors = (a == SplitBrainDecision.DownUnreachable ? 1 : 0) + (b == SplitBrainDecision.DownUnreachable ? 1 : 0);
                Assert.True(survivors == 1, $"n={n} sides [{string.Join(",", sideA)}] | [{string.Join(",", sideB)}]: {a} / {b}");
            }
        }
    }

    [Fact]
    public void Keep_majority_ignores_joining_and_down_members_in_the_count()
    {
        // 2 Up on our side, 1 Up + 1 Down on the other: we win 2 to 1.
        var members = Up(3).Append(Member.Create(Node(4), MemberStatus.Down)).ToArray();
        Assert.Equal(SplitBrainDecision.DownUnreachable, new KeepMajority().Decide(View(members, self: 1, 3, 4)));
    }

    [Fact]
    public void Keep_majority_downs_all_when_joining_members_on_the_other_side_could_tip_the_balance()
    {
        // 3 Up here, 2 Up + 2 Joining there: 3 > 2 counting Up only, but the joiners may already be Up over there.
        var members = Up(5).Concat([Member.Joining(Node(6)), Member.Joining(Node(7))]).ToArray();
        Assert.Equal(SplitBrainDecision.DownAll, new KeepMajority().Decide(View(members, self: 1, 4, 5, 6, 7)));
    }

    [Fact]
    public void Keep_majority_with_role_counts_only_members_with_the_role()
    {
        // Roles: 1,2 are acceptors on our side; 3,4,5 on the other side have no role except 5.
        var members = new[]
        {
            Member.Create(Node(1), MemberStatus.Up, ["acceptor"], 1), Member.Create(Node(2), MemberStatus.Up, ["acceptor"], 2),
            Member.Create(Node(3), MemberStatus.Up, [], 3), Member.Create(Node(4), MemberStatus.Up, [], 4),
            Member.Create(Node(5), MemberStatus.Up, ["acceptor"], 5),
        };
        Assert.Equal(SplitBrainDecision.DownUnreachable, new KeepMajority("acceptor").Decide(View(members, self: 1, 3, 4, 5)));
        Assert.Equal(SplitBrainDecision.DownReachable, new KeepMajority().Decide(View(members, self: 1, 3, 4, 5)));
    }

    [Fact]
    public void Static_quorum_keeps_side_with_quorum()
    {
        var members = Up(5);
        Assert.Equal(SplitBrainDecision.DownUnreachable, new StaticQuorum(3).Decide(View(members, self: 3, 1, 2)));
        Assert.Equal(SplitBrainDecision.DownReachable, new StaticQuorum(3).Decide(View(members, self: 1, 3, 4, 5)));
    }

    [Fact]
    public void Static_quorum_downs_both_sides_when_neither_has_quorum()
    {
        var members = Up(5);
        var strategy = new StaticQuorum(3);
        Assert.Equal(SplitBrainDecision.DownReachable, strategy.Decide(View(members, self: 1, 3, 4, 5)));
        Assert.Equal(SplitBrainDecision.DownReachable, strategy.Decide(View(members, self: 3, 1, 2, 5)));
    }

    [Fact]
    public void Static_quorum_downs_all_when_cluster_outgrew_twice_the_quorum()
    {
        var members = Up(6);
        Assert.Equal(SplitBrainDecision.DownAll, new StaticQuorum(3).Decide(View(members, self: 1, 6)));
    }

    [Fact]
    public void Keep_oldest_keeps_the_side_with_the_oldest_member()
    {
        var members = Up(5);
        Assert.Equal(SplitBrainDecision.DownUnreachable, new KeepOldest().Decide(View(members, self: 2, 3, 4, 5)));
        Assert.Equal(SplitBrainDecision.DownReachable, new KeepOldest().Decide(View(members, self: 3, 1, 2)));
    }

    [Fact]
    public void Keep_oldest_downs_the_oldest_when_it_is_alone_and_down_if_alone_is_on()
    {
        var members = Up(5);
        Assert.Equal(SplitBrainDecision.DownReachable, new KeepOldest(downIfAlone: true).Decide(View(members, self: 1, 2, 3, 4, 5)));
        Assert.Equal(SplitBrainDecision.DownUnreachable, new KeepOldest(downIfAlone: true).Decide(View(members, self: 2, 1)));

        Assert.Equal(SplitBrainDecision.DownUnreachable, new KeepOldest(downIfAlone: false).Decide(View(members, self: 1, 2, 3, 4, 5)));
        Assert.Equal(SplitBrainDecision.DownReachable, new KeepOldest(downIfAlone: false).Decide(View(members, self: 2, 1)));
    }

    [Fact]
    public void Keep_oldest_uses_up_number_not_address()
    {
        var members = new[]
        {
            Member.Create(Node(1), MemberStatus.Up, upNumber: 3), Member.Create(Node(2), MemberStatus.Up, upNumber: 2),
            Member.Create(Node(3), MemberStatus.Up, upNumber: 1),
        };
        Assert.Equal(SplitBrainDecision.DownReachable, new KeepOldest().Decide(View(members, self: 1, 2, 3)));
        Assert.Equal(SplitBrainDecision.DownUnreachable, new KeepOldest().Decide(View(members, self: 2, 1)));
    }

    [Fact]
    public void Down_all_downs_every_member()
    {
        var view = View(Up(3), self: 1, 3);
        var decision = new DownAll().Decide(view);
        Assert.Equal(SplitBrainDecision.DownAll, decision);
        Assert.Equal([1, 2, 3], Numbers(view.NodesToDown(decision)));
    }

    [Fact]
    public void Strategy_is_created_from_settings_and_unknown_names_are_refused()
    {
        Assert.IsType<KeepMajority>(SplitBrainStrategy.Create(new SplitBrainResolverSettings()));
        Assert.IsType<StaticQuorum>(SplitBrainStrategy.Create(new SplitBrainResolverSettings { ActiveStrategy = "static-quorum", QuorumSize = 3 }));
        Assert.IsType<KeepOldest>(SplitBrainStrategy.Create(new SplitBrainResolverSettings { ActiveStrategy = "keep-oldest" }));
        Assert.IsType<DownAll>(SplitBrainStrategy.Create(new SplitBrainResolverSettings { ActiveStrategy = "down-all" }));
        var error = Assert.Throws<ArgumentException>(() => SplitBrainStrategy.Create(new SplitBrainResolverSettings { ActiveStrategy = "keep-luck" }));
        Assert.Contains("keep-majority", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => SplitBrainStrategy.Create(new SplitBrainResolverSettings { ActiveStrategy = "static-quorum" }));
    }
}
