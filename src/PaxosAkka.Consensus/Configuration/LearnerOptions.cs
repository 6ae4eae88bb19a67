namespace PaxosAkka.Consensus;

/// <summary>Tuning for learners. Every default is stated.</summary>
public sealed record LearnerOptions
{
    private readonly int _catchUpTicks = 3;
    private readonly int _maxCatchUpEntries = 256;
    private readonly int _idleProbeTicks = 30;

    /// <summary>The defaults below.</summary>
    public static LearnerOptions Default { get; } = new();

    /// <summary>
    /// Ticks a known gap may persist without delivery progress before the learner asks another learner
    /// for the missing slots (default 3). Short enough to repair lost Accepted/Chosen messages quickly, long
    /// enough not to ask for slots that are merely still in flight.
    /// </summary>
    public int CatchUpTicks
    {
        get => _catchUpTicks;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _catchUpTicks = value;
        }
    }

    /// <summary>Maximum chosen entries in one <see cref="PaxosProtocol.CatchUpReply"/> (default 256), bounding message size.</summary>
    public int MaxCatchUpEntries
    {
        get => _maxCatchUpEntries;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxCatchUpEntries = value;
        }
    }

    /// <summary>
    /// Ticks without any delivery after which a learner that knows of no gap asks a peer anyway (default 30).
    /// A learner that lost every message about the newest slots cannot see a gap; this rare probe lets it
    /// converge even when no new commands arrive.
    /// </summary>
    public int IdleProbeTicks
    {
        get => _idleProbeTicks;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _idleProbeTicks = value;
        }
    }
}
