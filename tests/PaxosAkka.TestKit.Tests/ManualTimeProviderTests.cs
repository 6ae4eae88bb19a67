using PaxosAkka.TestKit;

namespace PaxosAkka.TestKit.Tests;

public sealed class ManualTimeProviderTests
{
    [Fact]
    public void Advance_fires_due_timers_in_due_order_with_ties_in_creation_order()
    {
        var clock = new ManualTimeProvider();
        var fired = new List<string>();
        using var b = clock.CreateTimer(_ => fired.Add($"b@{clock.Elapsed.TotalSeconds}"), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        using var a = clock.CreateTimer(_ => fired.Add($"a@{clock.Elapsed.TotalSeconds}"), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var c = clock.CreateTimer(_ => fired.Add($"c@{clock.Elapsed.TotalSeconds}"), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(["a@1", "b@2", "c@2"], fired);
        Assert.Equal(TimeSpan.FromSeconds(5), clock.Elapsed);
    }

    [Fact]
    public void Periodic_timer_fires_once_per_period_covered()
    {
        var clock = new ManualTimeProvider();
        var count = 0;
        using var timer = clock.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromMilliseconds(3500));
        Assert.Equal(3, count);
        Assert.Equal(clock.Start + TimeSpan.FromSeconds(4), clock.NextDueTime);
    }

    [Fact]
    public void Disposed_or_disarmed_timers_never_fire()
    {
        var clock = new ManualTimeProvider();
        var fired = 0;
        var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        timer.Dispose();
        using var other = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        other.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, fired);
        Assert.Equal(0, clock.ActiveTimerCount);
    }

    [Fact]
    public void A_timer_created_by_a_callback_fires_in_the_same_advance_when_due()
    {
        var clock = new ManualTimeProvider();
        var fired = new List<double>();
        ITimer? inner = null;
        using var outer = clock.CreateTimer(_ =>
        {
            fired.Add(clock.Elapsed.TotalSeconds);
            inner = clock.CreateTimer(_ => fired.Add(clock.Elapsed.TotalSeconds), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        }, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        clock.Advance(TimeSpan.FromSeconds(3));
        inner?.Dispose();
        Assert.Equal([1.0, 2.0], fired);
    }

    [Fact]
    public void Time_cannot_go_backwards()
    {
        var clock = new ManualTimeProvider();
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.AdvanceTo(clock.Start - TimeSpan.FromTicks(1)));
    }

    [Fact]
    public void Timestamps_follow_virtual_time()
    {
        var clock = new ManualTimeProvider();
        var start = clock.GetTimestamp();
        clock.Advance(TimeSpan.FromMilliseconds(1500));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), clock.GetElapsedTime(start));
    }

    [Theory]
    [InlineData(null, 1.0)]
    [InlineData("", 1.0)]
    [InlineData("abc", 1.0)]
    [InlineData("0.5", 1.0)]
    [InlineData("2.5", 2.5)]
    public void Dilation_factor_is_read_from_text_and_never_below_one(string? text, double expected)
    {
        Assert.Equal(expected, TestKitSettings.ReadDilation(text));
        Assert.Equal(TimeSpan.FromSeconds(expected), new TestKitSettings { TimeFactor = expected }.Dilated(TimeSpan.FromSeconds(1)));
    }
}
