using PaxosAkka.Simulation.Network;

namespace PaxosAkka.Simulation;

/// <summary>
/// Probabilities and durations of every fault the simulator injects during the fault phase. Probabilities
/// marked "per tick" are drawn once per simulated tick for the whole cluster; message faults are drawn per
/// message. The defaults are <see cref="AllOn"/>: every fault enabled at a rate that still lets a 5-node
/// cluster make progress most of the time, so both safety and progress code paths get exercised.
/// </summary>
public sealed record FaultOptions
{
    /// <summary>No faults at all: a perfect network with a one-tick delay and no crashes, pauses or duels.</summary>
    public static FaultOptions None { get; } = new()
    {
        DropProbability = 0,
        DuplicateProbability = 0,
        MinDelayTicks = 1,
        MaxDelayTicks = 1,
        LongDelayProbability = 0,
        PartitionProbability = 0,
        CrashProbability = 0,
        CrashDuringReadyProbability = 0,
        PauseProbability = 0,
        DuelProbability = 0,
        SpuriousRetryProbability = 0,
    };

    /// <summary>Every fault on at its default rate (the same as <c>new FaultOptions()</c>).</summary>
    public static FaultOptions AllOn { get; } = new();

    /// <summary>Chance a message is lost. Default 0.05.</summary>
    public double DropProbability { get; init; } = 0.05;

    /// <summary>Chance a message arrives twice. Default 0.03.</summary>
    public double DuplicateProbability { get; init; } = 0.03;

    /// <summary>Smallest message delay in ticks. Default 1.</summary>
    public int MinDelayTicks { get; init; } = 1;

    /// <summary>Largest ordinary message delay in ticks; different delays reorder messages. Default 4.</summary>
    public int MaxDelayTicks { get; init; } = 4;

    /// <summary>Chance a message is held back up to <see cref="LongDelayMaxTicks"/> (stale old-ballot traffic). Default 0.02.</summary>
    public double LongDelayProbability { get; init; } = 0.02;

    /// <summary>Largest delay of a held-back message in ticks. Default 40.</summary>
    public int LongDelayMaxTicks { get; init; } = 40;

    /// <summary>Per tick, chance a partition starts when none is active (a random minority, sometimes one node, is cut off). Default 0.005.</summary>
    public double PartitionProbability { get; init; } = 0.005;

    /// <summary>Shortest partition in ticks before it heals. Default 10.</summary>
    public int PartitionMinTicks { get; init; } = 10;

    /// <summary>Longest partition in ticks before it heals. Default 80.</summary>
    public int PartitionMaxTicks { get; init; } = 80;

    /// <summary>Per tick, chance one random running node crashes (losing all volatile state). Default 0.005.</summary>
    public double CrashProbability { get; init; } = 0.005;

    /// <summary>Per Ready, chance the node crashes part way through handling it (before persisting, after
    /// persisting but before sending, or after sending only some messages). Default 0.002.</summary>
    public double CrashDuringReadyProbability { get; init; } = 0.002;

    /// <summary>Shortest time a crashed node stays down, in ticks. Default 5.</summary>
    public int RestartMinTicks { get; init; } = 5;

    /// <summary>Longest time a crashed node stays down, in ticks. Default 60.</summary>
    public int RestartMaxTicks { get; init; } = 60;

    /// <summary>Per tick, chance one random running node pauses (no ticks, messages queue up). Default 0.004.</summary>
    public double PauseProbability { get; init; } = 0.004;

    /// <summary>Shortest pause in ticks. Default 5.</summary>
    public int PauseMinTicks { get; init; } = 5;

    /// <summary>Longest pause in ticks. Default 50.</summary>
    public int PauseMaxTicks { get; init; } = 50;

    /// <summary>Per tick, chance that several proposers campaign in the same tick (duelling proposers). Default 0.01.</summary>
    public double DuelProbability { get; init; } = 0.01;

    /// <summary>Per tick per client, chance the client re-sends its pending command to a random proposer
    /// although it has not timed out (exercises exactly-once application). Default 0.02.</summary>
    public double SpuriousRetryProbability { get; init; } = 0.02;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first out-of-range setting.</summary>
    public void Validate()
    {
        CheckProbability(DropProbability, nameof(DropProbability));
        CheckProbability(DuplicateProbability, nameof(DuplicateProbability));
        CheckProbability(LongDelayProbability, nameof(LongDelayProbability));
        CheckProbability(PartitionProbability, nameof(PartitionProbability));
        CheckProbability(CrashProbability, nameof(CrashProbability));
        CheckProbability(CrashDuringReadyProbability, nameof(CrashDuringReadyProbability));
        CheckProbability(PauseProbability, nameof(PauseProbability));
        CheckProbability(DuelProbability, nameof(DuelProbability));
        CheckProbability(SpuriousRetryProbability, nameof(SpuriousRetryProbability));
        CheckRange(MinDelayTicks, MaxDelayTicks, 1, nameof(MinDelayTicks));
        CheckRange(MaxDelayTicks, Math.Max(MaxDelayTicks, LongDelayMaxTicks), 1, nameof(LongDelayMaxTicks));
        CheckRange(PartitionMinTicks, PartitionMaxTicks, 1, nameof(PartitionMinTicks));
        CheckRange(RestartMinTicks, RestartMaxTicks, 1, nameof(RestartMinTicks));
        CheckRange(PauseMinTicks, PauseMaxTicks, 1, nameof(PauseMinTicks));
    }

    internal NetworkFaults ToNetworkFaults() => new()
    {
        DropProbability = DropProbability,
        DuplicateProbability = DuplicateProbability,
        MinDelayTicks = MinDelayTicks,
        MaxDelayTicks = MaxDelayTicks,
        LongDelayProbability = LongDelayProbability,
        LongDelayMaxTicks = Math.Max(MaxDelayTicks, LongDelayMaxTicks),
    };

    private static void CheckProbability(double value, string name)
    {
        if (double.IsNaN(value) || value < 0 || value > 1)
        {
            throw new ArgumentException($"{name} must be a probability in [0, 1] but was {value}.", name);
        }
    }

    private static void CheckRange(int min, int max, int floor, string name)
    {
        if (min < floor || max < min)
        {
            throw new ArgumentException($"{name}: need {floor} <= min <= max, got min {min}, max {max}.", name);
        }
    }
}
