using PaxosAkka.Actors.Supervision;

namespace PaxosAkka.Actors;

/// <summary>
/// Keeps one child alive, restarting it after growing delays so a crashing dependency (a disk, a peer) is not
/// hammered. Messages to the supervisor are forwarded to the child (dead letters while it is down). The delays
/// run on the system's scheduler, hence on virtual time in tests.
/// </summary>
public sealed class BackoffSupervisor : ReceiveActor, IWithTimers
{
    private readonly BackoffOptions _options;
    private readonly Random _random;
    private IActorRef? _child;
    private int _restartCount;
    private bool _restartOnTermination;

    /// <summary>Asks for the current child; the reply is <see cref="CurrentChild"/>.</summary>
    public sealed record GetCurrentChild;

    /// <summary>The current child (null while waiting to restart).</summary>
    public sealed record CurrentChild(IActorRef? Ref);

    /// <summary>Asks for the restart count; the reply is <see cref="RestartCount"/>.</summary>
    public sealed record GetRestartCount;

    /// <summary>Restarts since the last reset.</summary>
    public sealed record RestartCount(int Count);

    /// <summary>Sets the restart count back to 0.</summary>
    public sealed record Reset;

    private sealed record StartChild;

    private sealed record ResetRestartCount(int Current);

    /// <summary>Created by <see cref="Props(BackoffOptions)"/>.</summary>
    public BackoffSupervisor(BackoffOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _random = options.RandomSeed is { } seed ? new Random(seed) : new Random();
        Receive<Terminated>(OnTerminated);
        Receive<StartChild>(_ => Start());
        Receive<ResetRestartCount>(r =>
        {
            if (r.Current == _restartCount) _restartCount = 0;
        });
        Receive<Reset>(_ => _restartCount = 0);
        Receive<GetCurrentChild>(_ => Sender.Tell(new CurrentChild(_child)));
        Receive<GetRestartCount>(_ => Sender.Tell(new RestartCount(_restartCount)));
        ReceiveAny(m =>
        {
            if (_child is not null) _child.Forward(m);
            else Context.System.DeadLetters.Tell(m, Sender);
        });
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props of a backoff supervisor.</summary>
    public static Props Props(BackoffOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Actors.Props.Create(() => new BackoffSupervisor(options));
    }

    /// <summary>
    /// The delay before restart number <paramref name="restartCount"/> (0-based):
    /// <c>min(max, min * 2^n) * (1 + random * randomFactor)</c>.
    /// </summary>
    internal static TimeSpan CalculateDelay(int restartCount, TimeSpan minBackoff, TimeSpan maxBackoff, double randomFactor, double random01)
    {
        var jitter = 1.0 + (random01 * randomFactor);
        var exponential = restartCount >= 30 ? maxBackoff.Ticks : Math.Min(maxBackoff.Ticks, minBackoff.Ticks * Math.Pow(2, restartCount));
        return TimeSpan.FromTicks((long)(exponential * jitter));
    }

    /// <inheritdoc />
    protected override void PreStart() => Start();

    /// <inheritdoc />
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(cause =>
    {
        var directive = _options.Decider(cause);
        _restartOnTermination = directive == Directive.Restart || _options.RestartOnStop;
        // A restart with backoff is a stop now and a fresh start later.
        return directive == Directive.Restart ? Directive.Stop : directive;
    });

    private void Start()
    {
        if (_child is not null) return;
        _restartOnTermination = _options.RestartOnStop;
        _child = Context.Watch(Context.ActorOf(_options.ChildProps, _options.ChildName));
        if (_options.ResetBackoff is { } reset) Timers.StartSingleTimer("reset", new ResetRestartCount(_restartCount), reset);
    }

    private void OnTerminated(Terminated terminated)
    {
        if (_child is null || !terminated.ActorRef.Equals(_child)) return;
        _child = null;
        Timers.Cancel("reset");
        if (!_restartOnTermination || (_options.MaxNrOfRetries >= 0 && _restartCount >= _options.MaxNrOfRetries))
        {
            Context.Stop(Self);
            return;
        }

        var delay = CalculateDelay(_restartCount, _options.MinBackoff, _options.MaxBackoff, _options.RandomFactor, _random.NextDouble());
        _restartCount++;
        RuntimeLog.LogWarningBackoffRestart(Context.System.Log, Self.Path, delay, _restartCount);
        Timers.StartSingleTimer("start", new StartChild(), delay);
    }
}
