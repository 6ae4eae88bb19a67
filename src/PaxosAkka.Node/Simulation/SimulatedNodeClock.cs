namespace PaxosAkka.Node.Simulation;

/// <summary>
/// The clock of one simulated node incarnation: the shared virtual clock, plus a record of every timer the node
/// armed, so that a crash can disarm them all at once (a killed process has no timers left; without this, a dead
/// incarnation's periodic ticks would fire for the rest of the run).
/// </summary>
public sealed class SimulatedNodeClock : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _shared;
    private readonly HashSet<TrackedTimer> _timers = [];
    private bool _stopped;

    /// <summary>Creates the clock over the <paramref name="shared"/> virtual one.</summary>
    public SimulatedNodeClock(TimeProvider shared)
    {
        ArgumentNullException.ThrowIfNull(shared);
        _shared = shared;
    }

    /// <summary>Timers armed and not disposed.</summary>
    public int TimerCount
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count;
            }
        }
    }

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => _shared.LocalTimeZone;

    /// <inheritdoc />
    public override long TimestampFrequency => _shared.TimestampFrequency;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _shared.GetUtcNow();

    /// <inheritdoc />
    public override long GetTimestamp() => _shared.GetTimestamp();

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (_gate)
        {
            if (_stopped)
            {
                return new TrackedTimer(this, null);
            }

            var timer = new TrackedTimer(this, _shared.CreateTimer(callback, state, dueTime, period));
            _timers.Add(timer);
            return timer;
        }
    }

    /// <summary>Disarms every timer of this incarnation; timers created later never fire.</summary>
    public void Stop()
    {
        List<TrackedTimer> timers;
        lock (_gate)
        {
            _stopped = true;
            timers = [.. _timers];
            _timers.Clear();
        }

        foreach (var timer in timers)
        {
            timer.DisposeInner();
        }
    }

    private void Forget(TrackedTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class TrackedTimer(SimulatedNodeClock owner, ITimer? inner) : ITimer
    {
        private bool _dead = inner is null;

        // A disarmed timer stays dead: re-arming it would bring a crashed incarnation's timer back to life.
        public bool Change(TimeSpan dueTime, TimeSpan period) => !_dead && inner!.Change(dueTime, period);

        public void Dispose()
        {
            owner.Forget(this);
            DisposeInner();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        public void DisposeInner()
        {
            _dead = true;
            inner?.Dispose();
        }
    }
}
