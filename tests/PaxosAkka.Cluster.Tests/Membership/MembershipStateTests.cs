using System.Collections.Immutable;
using static PaxosAkka.Cluster.Tests.TestNodes;

namespace PaxosAkka.Cluster.Tests.Membership;

public class MembershipStateTests
{
    private static readonly ImmutableHashSet<UniqueAddress> NoneExiting = [];

    [Fact]
    public void First_seed_forms_a_cluster_of_one_and_moves_itself_up()
    {
        var state = MembershipState.Initial(Node(1)).FormCluster(["acceptor"]);
        Assert.Equal(MemberStatus.Joining, state.SelfMember!.Status);
        Assert.True(state.IsLeader);

        var led = state.LeaderActions(NoneExiting, TimeSpan.Zero);
        Assert.Equal(MemberStatus.Up, led.State.SelfMember!.Status);
        Assert.Equal(1, led.State.SelfMember.UpNumber);
        Assert.Equal(["acceptor"], led.State.SelfMember.Roles);
    }

    [Fact]
    public void Node_already_in_a_cluster_cannot_form_another()
    {
        var state = MembershipState.Initial(Node(1)).FormCluster();
        Assert.Throws<InvalidOperationException>(() => state.FormCluster());
    }

    [Fact]
    public void Five_nodes_joining_through_one_seed_all_become_up_everywhere()
    {
        var nodes = Enumerable.Range(1, 5).Select(i => Node(i)).ToArray();
        var cluster = TestCluster.Formed(nodes);
        foreach (var observer in nodes)
        {
            Assert.All(nodes, n => Assert.Equal(MemberStatus.Up, cluster.StatusOf(observer, n)));
            Assert.True(cluster[observer].HasConvergence);
            Assert.Equal(Node(1), cluster[observer].Leader);
        }
    }

    [Fact]
    public void Joining_member_moves_up_only_after_convergence()
    {
        var cluster = TestCluster.Formed(Node(1), Node(2));
        cluster.Start(Node(3));
        Assert.Equal(JoinOutcome.Added, cluster.Join(Node(3), Node(1)));

        // Node 2 (Up) has not seen the gossip with node 3 in it: no convergence, so the leader must wait.
        Assert.False(cluster[Node(1)].HasConvergence);
        var early = cluster[Node(1)].LeaderActions(NoneExiting, cluster.Now);
        Assert.False(early.Changed);
        Assert.Equal(MemberStatus.Joining, early.State.Latest.Member(Node(3))!.Status);

        // One exchange with node 2 and back gives convergence.
        cluster.Set(Node(2), cluster[Node(2)].ReceiveGossip(cluster[Node(1)].Latest, Node(1)).State);
        cluster.Set(Node(1), cluster[Node(1)].ReceiveGossip(cluster[Node(2)].Latest, Node(2)).State);
        Assert.True(cluster[Node(1)].HasConvergence);
        var led = cluster[Node(1)].LeaderActions(NoneExiting, cluster.Now);
        Assert.Equal([Node(3)], led.MovedUp.Select(m => m.UniqueAddress));
        Assert.Equal(MemberStatus.Up, led.State.Latest.Member(Node(3))!.Status);
    }

    [Fact]
    public void Only_the_leader_performs_leader_actions()
    {
        var cluster = TestCluster.Formed(Node(1), Node(2));
        cluster.Start(Node(3));
        cluster.Join(Node(3), Node(2));
        cluster.GossipRound();
        cluster.GossipRound();
        Assert.True(cluster[Node(2)].HasConvergence);
        Assert.False(cluster[Node(2)].IsLeader);
        Assert.False(cluster[Node(2)].LeaderActions(NoneExiting, cluster.Now).Changed);
        Assert.True(cluster[Node(1)].LeaderActions(NoneExiting, cluster.Now).Changed);
    }

    [Fact]
    public void Up_numbers_follow_the_order_members_became_up()
    {
        var cluster = TestCluster.Formed(Node(3), Node(1), Node(2));
        var members = cluster[Node(1)].Members;
        Assert.Equal(1, members.Single(m => m.UniqueAddress == Node(3)).UpNumber);
        Assert.True(members.Single(m => m.UniqueAddress == Node(3)).IsOlderThan(members.Single(m => m.UniqueAddress == Node(1))));

        cluster.Start(Node(4));
        cluster.Join(Node(4), Node(1));
        cluster.Converge();
        var newest = cluster[Node(1)].Latest.Member(Node(4))!;
        Assert.Equal(cluster[Node(1)].YoungestUpNumber, newest.UpNumber);
        Assert.True(members.All(m => m.UpNumber < newest.UpNumber));
    }

    [Fact]
    public void Leader_is_first_reachable_up_member_by_address()
    {
        var nodes = Enumerable.Range(1, 4).Select(i => Node(i)).ToArray();
        var cluster = TestCluster.Formed(Node(3), Node(2), Node(4), Node(1));
        Assert.All(nodes, n => Assert.Equal(Node(1), cluster[n].Leader));

        cluster.Crash(Node(1));
        cluster.DetectFailures();
        cluster.GossipRound();
        Assert.All(nodes.Skip(1), n => Assert.Equal(Node(2), cluster[n].Leader));
    }

    [Fact]
    public void Joining_member_is_not_leader_while_an_up_member_is_reachable()
    {
        var cluster = TestCluster.Formed(Node(2));
        cluster.Start(Node(1));
        cluster.Join(Node(1), Node(2));
        Assert.Equal(Node(2), cluster[Node(2)].Leader);
        Assert.Equal(Node(2), cluster[Node(1)].Leader);
    }

    [Fact]
    public void Each_side_of_a_partition_has_its_own_leader()
    {
        var nodes = Enumerable.Range(1, 5).Select(i => Node(i)).ToArray();
        var cluster = TestCluster.Formed(nodes);
        cluster.Partition(nodes[..2], nodes[2..]);
        cluster.DetectFailures();
        cluster.GossipRound();
        Assert.All(nodes[..2], n => Assert.Equal(Node(1), cluster[n].Leader));
        Assert.All(nodes[2..], n => Assert.Equal(Node(3), cluster[n].Leader));
    }

    [Fact]
    public void Role_leader_is_first_reachable_up_member_with_the_role()
    {
        var cluster = TestCluster.Formed(Node(1));
        foreach (var (n, role) in new[] { (2, "acceptor"), (3, "acceptor"), (4, "learner") })
        {
            cluster.Start(Node(n));
            cluster.Join(Node(n), Node(1), [role]);
        }

        cluster.Converge();
        var state = cluster[Node(4)];
        Assert.Equal(Node(2), state.RoleLeader("acceptor"));
        Assert.Equal(Node(4), state.RoleLeader("learner"));
        Assert.Null(state.RoleLeader("proposer"));

        cluster.Crash(Node(2));
        cluster.DetectFailures();
        cluster.GossipRound();
        Assert.Equal(Node(3), cluster[Node(4)].RoleLeader("acceptor"));
    }

    [Fact]
    public void Unreachable_member_blocks_convergence_until_downed()
    {
        var cluster = TestCluster.Formed(Node(1), Node(2), Node(3));
        cluster.Crash(Node(3));
        cluster.Converge();
        Assert.False(cluster[Node(1)].HasConvergence);
        Assert.Equal(MemberStatus.Up, cluster.StatusOf(Node(1), Node(3)));

        // A new joiner cannot be moved up meanwhile.
        cluster.Start(Node(4));
        cluster.Join(Node(4), Node(1));
        cluster.Converge();
        Assert.Equal(MemberStatus.Joining, cluster.StatusOf(Node(1), Node(4)));

        cluster.Set(Node(1), cluster[Node(1)].Down(Address(3)));
        cluster.Converge();
        Assert.Null(cluster.StatusOf(Node(1), Node(3)));
        Assert.Equal(MemberStatus.Up, cluster.StatusOf(Node(1), Node(4)));
        Assert.True(cluster[Node(2)].HasConvergence);
    }

    [Fact]
    public void Down_member_is_removed_once_unreachable_and_tombstoned()
    {
        var cluster = TestCluster.Formed(Node(1), Node(2), Node(3));
        cluster.Set(Node(1), cluster[Node(1)].Down(Address(3)));
        cluster.Converge();

        // Still reachable (it has not shut down yet): Down but not removed.
        Assert.Equal(MemberStatus.Down, cluster.StatusOf(Node(2), Node(3)));

        cluster.Crash(Node(3));
        cluster.Converge();
        Assert.Null(cluster.StatusOf(Node(2), Node(3)));
        Assert.True(cluster[Node(2)].Latest.Tombstones.ContainsKey(Node(3)));
    }

    [Fact]
    public void Down_removal_margin_holds_back_removal_of_downed_members()
    {
        var cluster = TestCluster.Formed(Node(1), Node(2), Node(3));
        cluster.Set(Node(1), cluster[Node(1)].Down(Address(3)));
        cluster.Crash(Node(3));
        cluster.DetectFailures();
        cluster.GossipRound();
        cluster.GossipRound();

        var held = cluster[Node(1)].LeaderActions(NoneExiting, cluster.Now, _ => false);
        Assert.Empty(held.Removed);
        var released = cluster[Node(1)].LeaderActions(NoneExiting, cluster.Now, m => m.UniqueAddress == Node(3));
        Assert.Equal([Node(3)], released.Removed.Select(m => m.UniqueAddress));
        Assert.Equal(cluster.Now, released.State.Latest.Tombstones[Node(3)]);
    }

    [Fact]
    public void Old_tombstones_are_pruned()
    {
        var gossip = Gossip.Empty with
        {
            Tombstones = Gossip.Empty.Tombstones.SetItem(Node(1), TimeSpan.FromHours(1)).SetItem(Node(2), TimeSpan.FromHours(30)),
        };
        Assert.Equal([Node(2)], gossip.PruneTombstones(TimeSpan.FromHours(6)).Tombstones.Keys);
    }

    [Fact]
    public void Graceful_leave_goes_through_exiting_to_removed()
    {
        var cluster = TestCluster.Formed(Node(1), Node(2), Node(3));
        cluster.Set(Node(2), cluster[Node(2)].Leave(Address(2)));
        Assert.Equal(MemberStatus.Leaving, cluster.StatusOf(Node(2), Node(2)));

        cluster.GossipRound();
        cluster.GossipRound();
        cluster.LeaderActions();
        Assert.Equal(MemberStatus.Exiting, cluster.StatusOf(Node(1), Node(2)));

        // The exiting node confirms (or shuts down); then the leader removes it.
        cluster.ExitingConfirmed.Add(Node(2));
        cluster.Converge();
        Assert.Null(cluster.StatusOf(Node(1), Node(2)));
        Assert.Null(cluster.StatusOf(Node(3), Node(2)));
    }

    [Fact]
    public void Leaving_leader_hands_over_leadership()
    {
        var cluster = TestCluster.Formed(Node(1), Node(2), Node(3));
        cluster.Set(Node(1), cluster[Node(1)].Leave(Address(1)));
        cluster.Converge();
        Assert.Equal(MemberStatus.Exiting, cluster.StatusOf(Node(2), Node(1)));
        Assert.Equal(Node(2), cluster[Node(2)].Leader);

        cluster.Crash(Node(1));
        cluster.Converge();
        Assert.Null(cluster.StatusOf(Node(2), Node(1)));
    }

    [Fact]
    public void New_incarnation_replaces_old_member()
    {
        var old = Node(3, uid: 7);
        var restarted = Node(3, uid: 8);
        var cluster = TestCluster.Formed(Node(1), Node(2), old);
        cluster.Crash(old);

        // The restarted node tries to join: the old incarnation is marked terminated and downed, the new one must retry.
        cluster.Start(restarted);
        Assert.Equal(JoinOutcome.PreviousIncarnationDowned, cluster.Join(restarted, Node(1)));
        Assert.Equal(MemberStatus.Down, cluster.StatusOf(Node(1), old));
        Assert.Equal(JoinOutcome.PreviousIncarnationDowned, cluster.Join(restarted, Node(1)));

        cluster.Converge();
        Assert.Null(cluster.StatusOf(Node(1), old));

        Assert.Equal(JoinOutcome.Added, cluster.Join(restarted, Node(1)));
        cluster.Converge();
        Assert.All(new[] { Node(1), Node(2), restarted }, n => Assert.Equal(MemberStatus.Up, cluster.StatusOf(n, restarted)));
        Assert.All(new[] { Node(1), Node(2), restarted }, n => Assert.Null(cluster.StatusOf(n, old)));
    }

    [Fact]
    public void Removed_incarnation_cannot_join_again()
    {
        var cluster = TestCluster.Formed(Node(1), Node(2), Node(3));
        cluster.Set(Node(1), cluster[Node(1)].Down(Address(3)));
        cluster.Crash(Node(3));
        cluster.Converge();
        Assert.Equal(JoinOutcome.RefusedRemovedIncarnation, cluster[Node(1)].Join(Node(3)).Outcome);
    }

    [Fact]
    public void Rejoin_of_the_same_incarnation_is_idempotent()
    {
        var cluster = TestCluster.Formed(Node(1), Node(2));
        var result = cluster[Node(1)].Join(Node(2));
        Assert.Equal(JoinOutcome.AlreadyMember, result.Outcome);
        Assert.Same(cluster[Node(1)], result.State);
    }

    [Fact]
    public void Node_that_is_not_a_member_admits_nobody()
    {
        Assert.Equal(JoinOutcome.RefusedNotAMember, MembershipState.Initial(Node(1)).Join(Node(2)).Outcome);
    }

    [Fact]
    public void Unreachable_observation_spreads_by_gossip_and_is_withdrawn_when_healed()
    {
        var nodes = Enumerable.Range(1, 3).Select(i => Node(i)).ToArray();
        var cluster = TestCluster.Formed(nodes);
        cluster.Partition([Node(1)], [Node(3)]);
        cluster.DetectFailures();
        cluster.GossipRound();
        cluster.GossipRound();
        Assert.Contains(cluster[Node(2)].UnreachableMembers, m => m.UniqueAddress == Node(3));
        Assert.Contains(cluster[Node(2)].UnreachableMembers, m => m.UniqueAddress == Node(1));

        cluster.Heal();
        cluster.Converge();
        Assert.All(nodes, n => Assert.Empty(cluster[n].UnreachableMembers));
        Assert.All(nodes, n => Assert.True(cluster[n].HasConvergence));
    }

    [Fact]
    public void Received_gossip_is_classified_by_version()
    {
        var cluster = TestCluster.Formed(Node(1), Node(2));
        var one = cluster[Node(1)];
        var two = cluster[Node(2)];
        Assert.Equal(GossipOutcome.Same, one.ReceiveGossip(two.Latest, Node(2)).Outcome);

        var newer = one.Leave(Address(1));
        Assert.Equal(GossipOutcome.Newer, two.ReceiveGossip(newer.Latest, Node(1)).Outcome);
        Assert.Equal(GossipOutcome.Older, newer.ReceiveGossip(two.Latest, Node(2)).Outcome);

        var concurrent = two.Leave(Address(2));
        var merged = newer.ReceiveGossip(concurrent.Latest, Node(2));
        Assert.Equal(GossipOutcome.Merged, merged.Outcome);
        Assert.Equal(MemberStatus.Leaving, merged.State.Latest.Member(Node(1))!.Status);
        Assert.Equal(MemberStatus.Leaving, merged.State.Latest.Member(Node(2))!.Status);
        Assert.Equal([Node(1)], merged.State.Latest.Seen);
    }

    [Fact]
    public void Gossip_from_strangers_or_without_self_is_ignored()
    {
        var cluster = TestCluster.Formed(Node(1), Node(2));
        var stranger = MembershipState.Initial(Node(9)).FormCluster();
        Assert.Equal(GossipOutcome.Ignored, cluster[Node(1)].ReceiveGossip(stranger.Latest, Node(9)).Outcome);
        Assert.Equal(GossipOutcome.Ignored, cluster[Node(1)].ReceiveGossip(cluster[Node(2)].Latest, Node(9)).Outcome);
    }

    [Fact]
    public void Concurrent_merge_does_not_resurrect_a_removed_member()
    {
        var cluster = TestCluster.Formed(Node(1), Node(2), Node(3));
        var one = cluster[Node(1)].Down(Address(3)).ReapUnreachable(n => n != Node(3)).State;
        var two = cluster[Node(2)].ReceiveGossip(one.Latest, Node(1)).State;
        one = one.ReceiveGossip(two.Latest, Node(2)).State;

        // The leader removes node 3 while node 2, not having heard of that yet, makes a change of its own.
        var removal = one.LeaderActions(NoneExiting, cluster.Now);
        Assert.Equal([Node(3)], removal.Removed.Select(m => m.UniqueAddress));
        var concurrent = two.Leave(Address(2));

        var result = removal.State.ReceiveGossip(concurrent.Latest, Node(2));
        Assert.Equal(GossipOutcome.Merged, result.Outcome);
        var merged = result.State.Latest;
        Assert.Equal(MemberStatus.Leaving, merged.Member(Node(2))!.Status);
        Assert.Null(merged.Member(Node(3)));
        Assert.True(merged.Tombstones.ContainsKey(Node(3)));
        Assert.DoesNotContain(Gossip.VectorClockNode(Node(3)), merged.Version.Versions.Keys);

        // And the other way round: node 2 merging the leader's gossip drops node 3 too.
        var otherWay = concurrent.ReceiveGossip(removal.State.Latest, Node(1));
        Assert.Equal(GossipOutcome.Merged, otherWay.Outcome);
        Assert.Null(otherWay.State.Latest.Member(Node(3)));
    }

    [Fact]
    public void Merge_of_concurrent_gossips_is_commutative_on_members()
    {
        var cluster = TestCluster.Formed(Node(1), Node(2), Node(3));
        var a = cluster[Node(1)].Leave(Address(2)).Latest;
        var b = cluster[Node(3)].Down(Address(2)).Latest;
        var ab = a.Merge(b);
        var ba = b.Merge(a);
        Assert.Equal(ab.Members.Select(m => (m.UniqueAddress, m.Status)), ba.Members.Select(m => (m.UniqueAddress, m.Status)));
        Assert.Equal(MemberStatus.Down, ab.Member(Node(2))!.Status);
        Assert.Equal(ab.Version, ba.Version);
        Assert.True(a.Version.IsBefore(ab.Version) && b.Version.IsBefore(ab.Version));
    }

    [Fact]
    public void Gossip_target_prefers_members_that_have_not_seen_the_latest_version()
    {
        var cluster = TestCluster.Formed(Node(1), Node(2), Node(3));
        var changed = cluster[Node(1)].Leave(Address(3));
        var seenBy2 = changed with { Latest = changed.Latest.MarkSeen(Node(2)) };
        var random = new Random(42);
        var picks = Enumerable.Range(0, 200).Select(_ => seenBy2.SelectGossipTarget(random, 1.0)).ToList();
        Assert.All(picks, p => Assert.Equal(Node(3), p));
        Assert.Null(MembershipState.Initial(Node(1)).FormCluster().SelectGossipTarget(random));
    }

    [Fact]
    public void Unreachable_nodes_are_not_gossip_targets()
    {
        var cluster = TestCluster.Formed(Node(1), Node(2), Node(3));
        cluster.Crash(Node(3));
        cluster.DetectFailures();
        Assert.Equal([Node(2)], cluster[Node(1)].GossipCandidates);
    }
}
