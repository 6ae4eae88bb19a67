using PaxosAkka.Actors.Supervision;

namespace PaxosAkka.Actors;

/// <summary>
/// Configuration of a <see cref="BackoffSupervisor"/> (Akka's <c>BackoffOpts</c>): which child, when to restart it
/// (<see cref="CreateOnFailure"/>: after it fails; <see cref="CreateOnStop"/>: after it stops for any reason), and
/// how long to wait: <c>min(maxBackoff, minBackoff * 2^n) * (1 + random * randomFactor)</c> for the n-th restart.
/// </summary>
public sealed record BackoffOptions
{
    private BackoffOptions(Props childProps, string childName, TimeSpan minBackoff, TimeSpan maxBackoff, double randomFactor, bool onStop)
    {
        ArgumentNullException.ThrowIfNull(childProps);
        ActorPathValidation.Validate(childName);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(minBackoff, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBackoff, minBackoff);
        ArgumentOutOfRangeException.ThrowIfNegative(randomFactor);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(randomFactor, 1.0);
        ChildProps = childProps;
        ChildName = childName;
        MinBackoff = minBackoff;
        MaxBackoff = maxBackoff;
        RandomFactor = randomFactor;
        RestartOnStop = onStop;
    }

    /// <summary>The supervised child.</summary>
    public Props ChildProps { get; }

    /// <summary>The child's name.</summary>
    public string ChildName { get; }

    /// <summary>The first restart delay.</summary>
    public TimeSpan MinBackoff { get; }

    /// <summary>The cap of the exponential delay (before the random factor).</summary>
    public TimeSpan MaxBackoff { get; }

    /// <summary>Jitter: each delay is stretched by up to this fraction, so restarted peers do not stampede.</summary>
    public double RandomFactor { get; }

    /// <summary>True for <see cref="CreateOnStop"/>.</summary>
    public bool RestartOnStop { get; }

    /// <summary>After this long of stable running, the restart count goes back to 0 (null: never, unless <see cref="BackoffSupervisor.Reset"/>).</summary>
    public TimeSpan? ResetBackoff { get; init; }

    /// <summary>Seed of the jitter; null picks a random seed.</summary>
    public int? RandomSeed { get; init; }

    /// <summary>Restarts before the supervisor gives up and stops (-1: never gives up).</summary>
    public int MaxNrOfRetries { get; init; } = -1;

    /// <summary>
    /// For <see cref="CreateOnFailure"/>: decides per exception; <see cref="Directive.Restart"/> means restart with
    /// backoff, <see cref="Directive.Stop"/> stops child and supervisor, Resume and Escalate act as usual.
    /// </summary>
    public Func<Exception, Directive> Decider { get; init; } = SupervisorStrategy.DefaultDecider;

    /// <summary>Restart the child with backoff when it fails.</summary>
    public static BackoffOptions CreateOnFailure(Props childProps, string childName, TimeSpan minBackoff, TimeSpan maxBackoff, double randomFactor)
        => new(childProps, childName, minBackoff, maxBackoff, randomFactor, onStop: false);

    /// <summary>Restart the child with backoff whenever it stops.</summary>
    public static BackoffOptions CreateOnStop(Props childProps, string childName, TimeSpan minBackoff, TimeSpan maxBackoff, double randomFactor)
        => new(childProps, childName, minBackoff, maxBackoff, randomFactor, onStop: true);

    /// <summary>Reset the restart count after <paramref name="resetBackoff"/> of stable running.</summary>
    public BackoffOptions WithAutoReset(TimeSpan resetBackoff)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(resetBackoff, TimeSpan.Zero);
        return this with { ResetBackoff = resetBackoff };
    }

    /// <summary>Reset only on <see cref="BackoffSupervisor.Reset"/> messages.</summary>
    public BackoffOptions WithManualReset() => this with { ResetBackoff = null };

    /// <summary>Seeds the jitter so runs repeat.</summary>
    public BackoffOptions WithRandomSeed(int seed) => this with { RandomSeed = seed };

    /// <summary>Gives up after <paramref name="maxNrOfRetries"/> restarts.</summary>
    public BackoffOptions WithMaxNrOfRetries(int maxNrOfRetries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNrOfRetries, -1);
        return this with { MaxNrOfRetries = maxNrOfRetries };
    }

    /// <summary>Sets the decider for failures.</summary>
    public BackoffOptions WithDecider(Func<Exception, Directive> decider)
    {
        ArgumentNullException.ThrowIfNull(decider);
        return this with { Decider = decider };
    }
}
