namespace PaxosAkka.Remote.Endpoint;

/// <summary>Reconnect delays: exponential from min to max, with seeded jitter so nodes do not retry in lockstep.</summary>
internal static class Backoff
{
    public static TimeSpan Next(int attempt, TimeSpan min, TimeSpan max, double randomFactor, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        ArgumentNullException.ThrowIfNull(random);
        var exponential = min.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        var capped = Math.Min(max.TotalMilliseconds, exponential);
#pragma warning disable CA5394 // Jitter must replay from its seed; this is not security randomness.
        var jitter = 1.0 + (random.NextDouble() * randomFactor);
#pragma warning restore CA5394
        return TimeSpan.FromMilliseconds(capped * jitter);
    }
}
