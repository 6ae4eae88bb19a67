namespace PaxosAkka.Simulation.Network;

/// <summary>
/// How the simulated network mistreats each message. Reordering needs no knob of its own: every message gets
/// its own random delay, so two messages on the same link overtake each other whenever their delays differ.
/// </summary>
internal sealed record NetworkFaults
{
    /// <summary>A perfect network apart from a one-tick delay: used for the quiet (liveness) phase.</summary>
    public static NetworkFaults None { get; } = new()
    {
        DropProbability = 0,
        DuplicateProbability = 0,
        MinDelayTicks = 1,
        MaxDelayTicks = 1,
        LongDelayProbability = 0,
        LongDelayMaxTicks = 1,
    };

    /// <summary>Chance a message is lost.</summary>
    public double DropProbability { get; init; }

    /// <summary>Chance a message is delivered twice (each copy with its own delay).</summary>
    public double DuplicateProbability { get; init; }

    /// <summary>Smallest delivery delay in ticks (at least 1: nothing arrives in the tick it was sent).</summary>
    public int MinDelayTicks { get; init; } = 1;

    /// <summary>Largest ordinary delivery delay in ticks.</summary>
    public int MaxDelayTicks { get; init; } = 1;

    /// <summary>Chance a message is held back much longer than usual (a stale message from an old ballot).</summary>
    public double LongDelayProbability { get; init; }

    /// <summary>Largest delay of a held-back message in ticks.</summary>
    public int LongDelayMaxTicks { get; init; } = 1;
}
