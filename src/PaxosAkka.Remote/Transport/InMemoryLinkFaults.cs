namespace PaxosAkka.Remote.Transport;

/// <summary>
/// The per-link fault table of an <see cref="InMemoryNetwork"/> (the knobs of Akka's test conductor): blackholes,
/// extra delay and bandwidth throttles, each for one direction of a link between two endpoints. Not thread-safe: the
/// network calls it under its own lock. A link is an ordered pair (from, to) of endpoint names.
/// </summary>
internal sealed class InMemoryLinkFaults
{
    private readonly HashSet<(string From, string To)> _blackholes = [];
    private readonly Dictionary<(string From, string To), TimeSpan> _delays = [];
    private readonly Dictionary<(string From, string To), double> _throttles = [];

    // When the throttled link finishes sending what it already carries (UTC ticks); bandwidth is shared in order.
    private readonly Dictionary<(string From, string To), long> _busyUntil = [];

    /// <summary>The directed links that <paramref name="direction"/> names between the two endpoints.</summary>
    public static IEnumerable<(string From, string To)> Links(string first, string second, FaultDirection direction)
    {
        if (direction is FaultDirection.Send or FaultDirection.Both)
        {
            yield return (first, second);
        }

        if (direction is FaultDirection.Receive or FaultDirection.Both)
        {
            yield return (second, first);
        }
    }

    public void Blackhole((string From, string To) link) => _blackholes.Add(link);

    public void Delay((string From, string To) link, TimeSpan delay) => _delays[link] = delay;

    public void Throttle((string From, string To) link, double bytesPerSecond) => _throttles[link] = bytesPerSecond;

    /// <summary>Removes every fault of the link (Akka's PassThrough): no blackhole, no extra delay, no throttle.</summary>
    public void Clear((string From, string To) link)
    {
        _blackholes.Remove(link);
        _delays.Remove(link);
        _throttles.Remove(link);
        _busyUntil.Remove(link);
    }

    public bool IsBlackholed(string from, string to) => _blackholes.Contains((from, to));

    /// <summary>
    /// The extra time (ticks) a frame of <paramref name="length"/> bytes spends on the link because of its delay and
    /// throttle, sent at <paramref name="nowTicks"/>. A throttled link sends one frame after another at its rate, so a
    /// burst queues up behind the frames already on the wire.
    /// </summary>
    public long ExtraTicks(string from, string to, int length, long nowTicks)
    {
        var link = (from, to);
        var extra = _delays.TryGetValue(link, out var delay) ? delay.Ticks : 0;
        if (!_throttles.TryGetValue(link, out var rate))
        {
            return extra;
        }

        var start = _busyUntil.TryGetValue(link, out var busy) && busy > nowTicks ? busy : nowTicks;
        var done = start + (long)Math.Ceiling(length / rate * TimeSpan.TicksPerSecond);
        _busyUntil[link] = done;
        return extra + (done - nowTicks);
    }
}
