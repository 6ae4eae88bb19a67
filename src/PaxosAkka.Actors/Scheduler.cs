namespace PaxosAkka.Actors;

/// <summary>Something scheduled that can be cancelled.</summary>
public interface ICancelable
{
    /// <summary>True once cancelled.</summary>
    bool IsCancellationRequested { get; }

    /// <summary>Cancels; idempotent.</summary>
    void Cancel();
}

/// <summary>
/// The system's scheduler. Its clock is the system's <see cref="TimeProvider"/>, so a test that injects a
/// manual time provider fires every scheduled send by advancing virtual time.
/// </summary>
public interface IScheduler
{
    /// <summary>The clock behind the scheduler.</summary>
    TimeProvider TimeProvider { get; }

    /// <summary>Sends <paramref name="message"/> once after <paramref name="delay"/>.</summary>
    ICancelable ScheduleTellOnceCancelable(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender);

    /// <summary>Sends <paramref name="message"/> after <paramref name="initialDelay"/>, then every <paramref name="interval"/>.</summary>
    ICancelable ScheduleTellRepeatedlyCancelable(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender);

    /// <summary>Runs <paramref name="action"/> once after <paramref name="delay"/> (on a timer thread: keep it tiny).</summary>
    ICancelable ScheduleOnce(TimeSpan delay, Action action);
}

/// <summary>A scheduler over <see cref="System.TimeProvider"/> timers.</summary>
internal sealed class TimeProviderScheduler(TimeProvider timeProvider) : IScheduler
{
    public TimeProvider TimeProvider { get; } = timeProvider;

    public ICancelable ScheduleTellOnceCancelable(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        return Schedule(delay, Timeout.InfiniteTimeSpan, () => receiver.Tell(message, sender));
    }

    public ICancelable ScheduleTellRepeatedlyCancelable(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return Schedule(initialDelay, interval, () => receiver.Tell(message, sender));
    }

    public ICancelable ScheduleOnce(TimeSpan delay, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Schedule(delay, Timeout.InfiniteTimeSpan, action);
    }

    private ScheduledTask Schedule(TimeSpan delay, TimeSpan period, Action action)
    {
        if (delay < TimeSpan.Zero) delay = TimeSpan.Zero;
        var task = new ScheduledTask(action, period == Timeout.InfiniteTimeSpan);
        task.Start(TimeProvider, delay, period);
        return task;
    }

    private sealed class ScheduledTask(Action action, bool once) : ICancelable
    {
        private ITimer? _timer;
        private int _cancelled;

        public bool IsCancellationRequested => Volatile.Read(ref _cancelled) == 1;

        public void Start(TimeProvider timeProvider, TimeSpan delay, TimeSpan period)
        {
            var timer = timeProvider.CreateTimer(static s => ((ScheduledTask)s!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timer = timer;
            // Arm after _timer is set so that a zero-delay fire can dispose it.
            timer.Change(delay, period);
        }

        private void Fire()
        {
            if (IsCancellationRequested) return;
            if (once) Cancel();
            action();
        }

        public void Cancel()
        {
            if (Interlocked.Exchange(ref _cancelled, 1) == 1) return;
            _timer?.Dispose();
        }
    }
}
