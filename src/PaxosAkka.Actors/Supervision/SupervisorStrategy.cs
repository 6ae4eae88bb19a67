using PaxosAkka.Actors.Internal;

namespace PaxosAkka.Actors.Supervision;

/// <summary>What a supervisor does with a failed child.</summary>
public enum Directive
{
    /// <summary>Keep the actor and its state; drop the failing message.</summary>
    Resume,

    /// <summary>Replace the instance (state lost, mailbox kept).</summary>
    Restart,

    /// <summary>Stop the actor.</summary>
    Stop,

    /// <summary>Fail the supervisor itself with the same exception.</summary>
    Escalate,
}

/// <summary>
/// How a parent handles its children's failures. Subclasses choose whom a directive applies to
/// (<see cref="OneForOneStrategy"/>: the failed child; <see cref="AllForOneStrategy"/>: all children).
/// Retries are limited per child: more than <see cref="MaxNumberOfRetries"/> restarts within
/// <see cref="WithinTimeRange"/> stop the child instead.
/// </summary>
public abstract class SupervisorStrategy
{
    /// <summary>Creates a strategy.</summary>
    protected SupervisorStrategy(int maxNumberOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive> decider)
    {
        ArgumentNullException.ThrowIfNull(decider);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNumberOfRetries, -1);
        MaxNumberOfRetries = maxNumberOfRetries;
        WithinTimeRange = withinTimeRange;
        Decider = decider;
    }

    /// <summary>Restarts allowed within the window; -1 means unlimited, 0 means never restart (stop instead).</summary>
    public int MaxNumberOfRetries { get; }

    /// <summary>The window for <see cref="MaxNumberOfRetries"/>; null means the whole lifetime.</summary>
    public TimeSpan? WithinTimeRange { get; }

    /// <summary>Maps a failure to a directive.</summary>
    public Func<Exception, Directive> Decider { get; }

    /// <summary>
    /// Akka's default decider: <see cref="ActorInitializationException"/>, <see cref="ActorKilledException"/> and
    /// <see cref="DeathPactException"/> stop the child; every other exception restarts it.
    /// </summary>
    public static Directive DefaultDecider(Exception cause) => cause switch
    {
        ActorInitializationException => Directive.Stop,
        ActorKilledException => Directive.Stop,
        DeathPactException => Directive.Stop,
        _ => Directive.Restart,
    };

    /// <summary>Akka's default: one-for-one, unlimited restarts, <see cref="DefaultDecider"/>.</summary>
    public static SupervisorStrategy DefaultStrategy { get; } = new OneForOneStrategy(DefaultDecider);

    /// <summary>Stops any failing child.</summary>
    public static SupervisorStrategy StoppingStrategy { get; } = new OneForOneStrategy(_ => Directive.Stop);

    /// <summary>Applies the decider; returns false when the failure must escalate.</summary>
    internal bool HandleFailure(ActorCell parent, LocalActorRef child, Exception cause)
    {
        var directive = Decider(cause);
        var log = parent.System.Log;
        switch (directive)
        {
            case Directive.Resume:
                RuntimeLog.LogWarningChildResumed(log, cause, child.Path, cause.Message);
                ActorCell.ResumeChild(child, cause);
                return true;
            case Directive.Restart:
                RuntimeLog.LogErrorChildFailed(log, cause, child.Path, directive.ToString(), cause.Message);
                ProcessFailure(parent, restart: true, child, cause);
                return true;
            case Directive.Stop:
                RuntimeLog.LogErrorChildFailed(log, cause, child.Path, directive.ToString(), cause.Message);
                ProcessFailure(parent, restart: false, child, cause);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Applies restart (if still permitted) or stop to the children this strategy covers.</summary>
    private protected abstract void ProcessFailure(ActorCell parent, bool restart, LocalActorRef child, Exception cause);

    private protected bool RestartPermitted(LocalActorRef child, DateTimeOffset now)
        => child.RestartStats.RequestRestartPermission(MaxNumberOfRetries, WithinTimeRange, now);
}

/// <summary>The directive applies to the failed child only.</summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    /// <summary>Unlimited retries with the given decider.</summary>
    public OneForOneStrategy(Func<Exception, Directive> decider) : base(-1, null, decider) { }

    /// <summary>At most <paramref name="maxNrOfRetries"/> restarts within <paramref name="withinTimeRange"/>.</summary>
    public OneForOneStrategy(int maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive> decider)
        : base(maxNrOfRetries, withinTimeRange, decider) { }

    private protected override void ProcessFailure(ActorCell parent, bool restart, LocalActorRef child, Exception cause)
    {
        if (restart && RestartPermitted(child, parent.System.TimeProvider.GetUtcNow()))
        {
            ActorCell.RestartChild(child, cause, suspendFirst: false);
        }
        else
        {
            parent.StopChild(child);
        }
    }
}

/// <summary>The directive applies to all children: one failure restarts (or stops) the siblings too.</summary>
public sealed class AllForOneStrategy : SupervisorStrategy
{
    /// <summary>Unlimited retries with the given decider.</summary>
    public AllForOneStrategy(Func<Exception, Directive> decider) : base(-1, null, decider) { }

    /// <summary>At most <paramref name="maxNrOfRetries"/> restarts within <paramref name="withinTimeRange"/>.</summary>
    public AllForOneStrategy(int maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive> decider)
        : base(maxNrOfRetries, withinTimeRange, decider) { }

    private protected override void ProcessFailure(ActorCell parent, bool restart, LocalActorRef child, Exception cause)
    {
        var children = parent.ChildRefs;
        var now = parent.System.TimeProvider.GetUtcNow();
        // Every child must still be within its budget; evaluate all so each one's window advances.
        var permitted = restart && children.Select(c => RestartPermitted(c, now)).ToList().TrueForAll(p => p);
        foreach (var c in children)
        {
            if (permitted) ActorCell.RestartChild(c, cause, suspendFirst: !ReferenceEquals(c, child));
            else parent.StopChild(c);
        }
    }
}

/// <summary>Restart counting for one child within the strategy's time window.</summary>
public sealed class ChildRestartStats
{
    private int _restarts;
    private DateTimeOffset? _windowStart;

    /// <summary>Restarts counted in the current window.</summary>
    public int RestartCount => _restarts;

    /// <summary>True when one more restart fits within the budget (and counts it).</summary>
    public bool RequestRestartPermission(int maxNrOfRetries, TimeSpan? withinTimeRange, DateTimeOffset now)
    {
        if (maxNrOfRetries == 0) return false;
        if (maxNrOfRetries < 0 && withinTimeRange is null) return true;
        if (withinTimeRange is not { } window || window <= TimeSpan.Zero)
        {
            _restarts++;
            return _restarts <= maxNrOfRetries;
        }

        if (_windowStart is not { } start || now - start > window)
        {
            _windowStart = now;
            _restarts = 1;
            return maxNrOfRetries < 0 || _restarts <= maxNrOfRetries;
        }

        _restarts++;
        return maxNrOfRetries < 0 || _restarts <= maxNrOfRetries;
    }
}
