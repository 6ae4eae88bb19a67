using PaxosAkka.TestKit.MultiNode;

namespace PaxosAkka.TestKit.Tests.MultiNode;

public sealed class BarrierCoordinatorTests
{
    private static readonly RoleName First = new("first");
    private static readonly RoleName Second = new("second");
    private static readonly RoleName Third = new("third");
    private static readonly RoleName[] All = [First, Second, Third];
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Barrier_timeout_names_the_node_that_did_not_arrive()
    {
        var barriers = new BarrierCoordinator();
        var first = barriers.EnterAsync(First, "started", All, TimeSpan.FromMilliseconds(300));
        var second = barriers.EnterAsync(Second, "started", All, Long);

        var failure = await Assert.ThrowsAsync<BarrierTimeoutException>(() => first);
        Assert.Equal([Third], failure.Missing);
        Assert.Contains("[third] did not arrive", failure.Message, StringComparison.Ordinal);
        Assert.Contains("'started'", failure.Message, StringComparison.Ordinal);

        // The other waiter fails at once with the same explanation instead of waiting out its own deadline.
        var other = await Assert.ThrowsAsync<BarrierTimeoutException>(() => second.WaitAsync(Long));
        Assert.Equal([Third], other.Missing);
    }

    [Fact]
    public async Task Barrier_opens_only_when_every_participant_arrived()
    {
        var barriers = new BarrierCoordinator();
        var first = barriers.EnterAsync(First, "joined", All, Long);
        var second = barriers.EnterAsync(Second, "joined", All, Long);
        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);

        await barriers.EnterAsync(Third, "joined", All, Long);
        await Task.WhenAll(first, second).WaitAsync(Long);
    }

    [Fact]
    public async Task Barrier_stops_waiting_for_a_node_that_exited()
    {
        var barriers = new BarrierCoordinator();
        var first = barriers.EnterAsync(First, "after-crash", All, Long);
        await barriers.EnterAsync(Second, "unrelated", [Second], Long);
        Assert.False(first.IsCompleted);

        barriers.Remove(Second);
        barriers.Remove(Third);
        await first.WaitAsync(Long);
    }

    [Fact]
    public async Task Entering_a_barrier_as_a_non_participant_is_a_clear_error()
    {
        var barriers = new BarrierCoordinator();
        _ = barriers.EnterAsync(First, "pair", [First, Second], Long);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => barriers.EnterAsync(Third, "pair", All, Long));
        Assert.Contains("third is not a participant", error.Message, StringComparison.Ordinal);
    }
}
