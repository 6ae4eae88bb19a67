using static PaxosAkka.Cluster.Tests.TestNodes;

namespace PaxosAkka.Cluster.Tests.Membership;

public class ReachabilityTests
{
    [Fact]
    public void Node_is_unreachable_when_any_observer_says_so()
    {
        var r = Reachability.Empty.Unreachable(Node(1), Node(3));
        Assert.False(r.IsReachable(Node(3)));
        Assert.True(r.IsReachable(Node(2), Node(3)));
        Assert.Equal([Node(3)], r.AllUnreachable);
        Assert.Equal([Node(3)], r.AllUnreachableFrom(Node(1)));
    }

    [Fact]
    public void Node_is_reachable_again_only_when_every_observer_takes_it_back()
    {
        var r = Reachability.Empty.Unreachable(Node(1), Node(3)).Unreachable(Node(2), Node(3));
        var one = r.Reachable(Node(1), Node(3));
        Assert.False(one.IsReachable(Node(3)));
        var both = one.Reachable(Node(2), Node(3));
        Assert.True(both.IsReachable(Node(3)));
        Assert.True(both.IsAllReachable);
    }

    [Fact]
    public void Terminated_is_final()
    {
        var r = Reachability.Empty.Terminated(Node(1), Node(3)).Reachable(Node(1), Node(3));
        Assert.Equal(ReachabilityStatus.Terminated, r.Status(Node(3)));
        Assert.Empty(r.AllUnreachable);
        Assert.Equal([Node(3)], r.AllUnreachableOrTerminated);
    }

    [Fact]
    public void Merge_keeps_each_observers_newest_rows()
    {
        var allowed = new HashSet<UniqueAddress> { Node(1), Node(2), Node(3) };
        var older = Reachability.Empty.Unreachable(Node(1), Node(3));
        var newer = older.Reachable(Node(1), Node(3));
        var other = Reachability.Empty.Unreachable(Node(2), Node(1));

        // Node 1 took its observation back: the older copy must not resurrect it, whichever side merges.
        Assert.True(older.Merge(allowed, newer).IsReachable(Node(3)));
        Assert.True(newer.Merge(allowed, older).IsReachable(Node(3)));

        var merged = older.Merge(allowed, other);
        Assert.False(merged.IsReachable(Node(3)));
        Assert.False(merged.IsReachable(Node(1)));
    }

    [Fact]
    public void Merge_drops_rows_about_or_by_removed_members()
    {
        var r = Reachability.Empty.Unreachable(Node(1), Node(3)).Unreachable(Node(3), Node(2));
        var merged = r.Merge(new HashSet<UniqueAddress> { Node(1), Node(2) }, Reachability.Empty);
        Assert.True(merged.IsAllReachable);
        Assert.Empty(merged.Records);
    }

    [Fact]
    public void Remove_and_remove_observers_drop_rows()
    {
        var r = Reachability.Empty.Unreachable(Node(1), Node(3)).Unreachable(Node(2), Node(1));
        Assert.True(r.Remove([Node(1)]).IsAllReachable);
        var withoutObserver1 = r.RemoveObservers([Node(1)]);
        Assert.True(withoutObserver1.IsReachable(Node(3)));
        Assert.False(withoutObserver1.IsReachable(Node(1)));
    }
}
