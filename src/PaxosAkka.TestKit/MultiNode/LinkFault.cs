namespace PaxosAkka.TestKit.MultiNode;

/// <summary>
/// What the test conductor does to the frames of one direction of a link: drop them all (blackhole), or hold
/// each batch back by a fixed delay plus its size at a byte rate (throttle). Order per connection is kept.
/// </summary>
public sealed record LinkFault
{
    private LinkFault(bool dropsAll, TimeSpan delay, long bytesPerSecond)
    {
        DropsAll = dropsAll;
        Delay = delay;
        BytesPerSecond = bytesPerSecond;
    }

    /// <summary>Every frame is dropped silently; the connection itself stays open, as in a partition.</summary>
    public static LinkFault Blackhole { get; } = new(dropsAll: true, TimeSpan.Zero, 0);

    /// <summary>Every frame is dropped.</summary>
    public bool DropsAll { get; }

    /// <summary>Fixed extra latency of every batch of frames.</summary>
    public TimeSpan Delay { get; }

    /// <summary>Bandwidth limit; 0 means none.</summary>
    public long BytesPerSecond { get; }

    /// <summary>A throttle: <paramref name="delay"/> per batch plus, when <paramref name="bytesPerSecond"/> &gt; 0, the batch's transfer time.</summary>
    public static LinkFault Throttle(TimeSpan delay, long bytesPerSecond = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(bytesPerSecond);
        return new LinkFault(dropsAll: false, delay, bytesPerSecond);
    }

    /// <summary>How long a batch of <paramref name="bytes"/> is held back.</summary>
    public TimeSpan HoldFor(long bytes) =>
        BytesPerSecond == 0 ? Delay : Delay + TimeSpan.FromSeconds((double)bytes / BytesPerSecond);
}
