using System.Collections.Immutable;
using static PaxosAkka.Cluster.ClusterEvent;
using static PaxosAkka.Cluster.Tests.TestNodes;

namespace PaxosAkka.Cluster.Tests.Membership;

public class ClusterEventDiffTests
{
    private static readonly ImmutableHashSet<UniqueAddress> NoneExiting = [];

    [Fact]
    public void Forming_a_cluster_reports_joined_then_up_and_the_new_leader()
    {
        var initial = MembershipState.Initial(Node(1));
        var joining = initial.FormCluster(["acceptor"]);
        var up = joining.LeaderActions(NoneExiting, TimeSpan.Zero).State;

        var first = ClusterEventDiff.Diff(initial, joining);
        Assert.Contains(first, e => e is MemberJoined j && j.Member.UniqueAddress == Node(1));
        Assert.Contains(new LeaderChanged(Address(1)), first);
        Assert.Contains(new RoleLeaderChanged("acceptor", Address(1)), first);

        var second = ClusterEventDiff.Diff(joining, up);
        var memberUp = Assert.Single(second.OfType<MemberUp>());
        Assert.Equal(MemberStatus.Up, memberUp.Member.Status);
        Assert.DoesNotContain(second, e => e is LeaderChanged);
    }

    [Fact]
    public void Leave_reports_left_exited_and_removed_with_previous_status()
    {
        var cluster = TestCluster.Formed(Node(1), Node(2));
        var before = cluster[Node(1)];
        var leaving = before.Leave(Address(2));
        Assert.IsType<MemberLeft>(Assert.Single(ClusterEventDiff.Diff(before, leaving)));

        // The leaving member has to see its Leaving status before the leader may move it on.
        var seen = leaving.ReceiveGossip(cluster[Node(2)].ReceiveGossip(leaving.Latest, Node(1)).State.Latest, Node(2)).State;
        Assert.Empty(ClusterEventDiff.Diff(leaving, seen));

        var exiting = seen.LeaderActions(NoneExiting, TimeSpan.Zero).State;
        Assert.Equal(MemberStatus.Exiting, Assert.IsType<MemberExited>(Assert.Single(ClusterEventDiff.Diff(seen, exiting))).Member.Status);

        var removed = exiting.LeaderActions(new HashSet<UniqueAddress> { Node(2) }, TimeSpan.Zero).State;
        var events = ClusterEventDiff.Diff(exiting, removed);
        var gone = Assert.IsType<MemberRemoved>(Assert.Single(events));
        Assert.Equal(MemberStatus.Removed, gone.Member.Status);
        Assert.Equal(MemberStatus.Exiting, gone.PreviousStatus);
    }

    [Fact]
    public void Down_reports_downed_and_removal_from_down()
    {
        var cluster = TestCluster.Formed(Node(1), Node(2));
        var before = cluster[Node(1)];
        var downed = before.Down(Address(2));
        Assert.IsType<MemberDowned>(Assert.Single(ClusterEventDiff.Diff(before, downed)));

        var unreachable = downed.ReapUnreachable(n => n != Node(2)).State;
        var removed = unreachable.LeaderActions(NoneExiting, TimeSpan.Zero).State;
        var gone = Assert.Single(ClusterEventDiff.Diff(unreachable, removed).OfType<MemberRemoved>());
        Assert.Equal(MemberStatus.Down, gone.PreviousStatus);
    }

    [Fact]
    public void Failure_detection_reports_unreachable_and_then_reachable()
    {
        var cluster = TestCluster.Formed(Node(1), Node(2), Node(3));
        var before = cluster[Node(1)];
        var suspect = before.ReapUnreachable(n => n != Node(3)).State;
        var unreachable = Assert.IsType<UnreachableMember>(Assert.Single(ClusterEventDiff.Diff(before, suspect)));
        Assert.Equal(Node(3), unreachable.Member.UniqueAddress);

        var trusted = suspect.ReapUnreachable(_ => true).State;
        var reachable = Assert.IsType<ReachableMember>(Assert.Single(ClusterEventDiff.Diff(suspect, trusted)));
        Assert.Equal(Node(3), reachable.Member.UniqueAddress);
    }

    [Fact]
    public void Unreachable_leader_reports_leader_changed()
    {
        var cluster = TestCluster.Formed(Node(1), Node(2), Node(3));
        var before = cluster[Node(3)];
        var after = before.ReapUnreachable(n => n != Node(1)).State;
        var events = ClusterEventDiff.Diff(before, after);
        Assert.Contains(new LeaderChanged(Address(2)), events);
    }

    [Fact]
    public void Role_leader_change_is_reported_per_role()
    {
        var cluster = TestCluster.Formed(Node(1));
        cluster.Start(Node(2));
        cluster.Join(Node(2), Node(1), ["acceptor"]);
        cluster.Start(Node(3));
        cluster.Join(Node(3), Node(1), ["acceptor", "learner"]);
        cluster.Converge();

        var before = cluster[Node(1)];
        var after = before.ReapUnreachable(n => n != Node(2)).State;
        var events = ClusterEventDiff.Diff(before, after);
        Assert.Contains(new RoleLeaderChanged("acceptor", Address(3)), events);
        Assert.DoesNotContain(events, e => e is RoleLeaderChanged { Role: "learner" });
        Assert.DoesNotContain(events, e => e is LeaderChanged);
    }

    [Fact]
    public void Initial_state_as_events_replays_the_current_membership()
    {
        var cluster = TestCluster.Formed(Node(1), Node(2), Node(3));
        var state = cluster[Node(2)].ReapUnreachable(n => n != Node(3)).State;
        var events = ClusterEventDiff.InitialStateAsEvents(state);

        Assert.Equal([Node(1), Node(2), Node(3)], events.OfType<MemberUp>().Select(e => e.Member.UniqueAddress));
        Assert.Equal(Node(3), Assert.Single(events.OfType<UnreachableMember>()).Member.UniqueAddress);
        Assert.Contains(new LeaderChanged(Address(1)), events);
    }

    [Fact]
    public void Same_gossip_yields_no_events()
    {
        var cluster = TestCluster.Formed(Node(1), Node(2));
        Assert.Empty(ClusterEventDiff.Diff(cluster[Node(1)], cluster[Node(1)]));
        var same = cluster[Node(1)].ReceiveGossip(cluster[Node(2)].Latest, Node(2)).State;
        Assert.Empty(ClusterEventDiff.Diff(cluster[Node(1)], same));
    }

    [Fact]
    public void Snapshot_lists_members_unreachable_leader_and_role_leaders()
    {
        var cluster = TestCluster.Formed(Node(1));
        cluster.Start(Node(2));
        cluster.Join(Node(2), Node(1), ["acceptor"]);
        cluster.Converge();
        var state = cluster[Node(1)].ReapUnreachable(n => n != Node(2)).State;

        var snapshot = CurrentClusterState.Of(state);
        Assert.Equal(2, snapshot.Members.Count);
        Assert.Equal(Node(2), Assert.Single(snapshot.Unreachable).UniqueAddress);
        Assert.Equal(Address(1), snapshot.Leader);
        Assert.True(snapshot.RoleLeaders.ContainsKey("acceptor"));
        Assert.Null(snapshot.RoleLeaders["acceptor"]); // its only member is unreachable
        Assert.Equal(Address(2), CurrentClusterState.Of(cluster[Node(1)]).RoleLeaders["acceptor"]);
    }
}
