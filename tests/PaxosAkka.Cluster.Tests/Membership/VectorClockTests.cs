namespace PaxosAkka.Cluster.Tests.Membership;

public class VectorClockTests
{
    [Fact]
    public void Empty_clocks_are_the_same()
    {
        Assert.Equal(VectorClockOrdering.Same, VectorClock.Empty.CompareTo(VectorClock.Empty));
    }

    [Fact]
    public void Increment_makes_a_clock_newer()
    {
        var a = VectorClock.Empty.Increment("a");
        Assert.True(VectorClock.Empty.IsBefore(a));
        Assert.True(a.IsAfter(VectorClock.Empty));
        Assert.True(a.IsBefore(a.Increment("b")));
    }

    [Fact]
    public void Independent_changes_are_concurrent_and_merge_dominates_both()
    {
        var root = VectorClock.Empty.Increment("a");
        var left = root.Increment("a");
        var right = root.Increment("b");
        Assert.True(left.IsConcurrentWith(right));
        var merged = left.Merge(right);
        Assert.True(left.IsBefore(merged));
        Assert.True(right.IsBefore(merged));
        Assert.Equal(2, merged.Versions["a"]);
        Assert.Equal(1, merged.Versions["b"]);
    }

    [Fact]
    public void Prune_forgets_a_node()
    {
        var clock = VectorClock.Empty.Increment("a").Increment("b");
        var pruned = clock.Prune("b");
        Assert.False(pruned.Versions.ContainsKey("b"));
        Assert.True(pruned.IsBefore(clock));
        Assert.Same(pruned, pruned.Prune("zzz"));
    }

    [Fact]
    public void Equal_clocks_are_equal_values()
    {
        var a = VectorClock.Empty.Increment("x").Increment("y");
        var b = VectorClock.Empty.Increment("y").Increment("x");
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }
}
