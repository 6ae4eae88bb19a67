using PaxosAkka.Actors.Internal;

namespace PaxosAkka.Actors;

/// <summary>
/// Akka's actor timers: keyed, owned by the actor, cancelled when it stops or restarts. Starting a timer with
/// a key that is in use replaces the old one, and a message from a replaced or cancelled timer is never
/// delivered, even if it was already in the mailbox.
/// </summary>
public interface ITimerScheduler
{
    /// <summary>Sends <paramref name="message"/> to self once after <paramref name="timeout"/>.</summary>
    void StartSingleTimer(object key, object message, TimeSpan timeout);

    /// <summary>Sends <paramref name="message"/> to self every <paramref name="interval"/>.</summary>
    void StartPeriodicTimer(object key, object message, TimeSpan interval);

    /// <summary>Sends after <paramref name="initialDelay"/>, then every <paramref name="interval"/>.</summary>
    void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval);

    /// <summary>True while the timer is scheduled (a single timer stops being active once delivered).</summary>
    bool IsTimerActive(object key);

    /// <summary>Cancels a timer; no message of it arrives afterwards.</summary>
    void Cancel(object key);

    /// <summary>Cancels all timers.</summary>
    void CancelAll();

    /// <summary>Keys of the active timers.</summary>
    IReadOnlyCollection<object> ActiveTimers { get; }
}

/// <summary>Implement to get <see cref="Timers"/> injected right after construction (use it from <c>PreStart</c> on).</summary>
public interface IWithTimers
{
    /// <summary>The actor's timers; set by the runtime.</summary>
    ITimerScheduler Timers { get; set; }
}

/// <summary>The per-actor timer table; used only on the actor's turn.</summary>
internal sealed class TimerScheduler(ActorCell cell) : ITimerScheduler
{
    private readonly Dictionary<object, Entry> _timers = [];
    private int _generation;

    public IReadOnlyCollection<object> ActiveTimers => [.. _timers.Keys];

    public void StartSingleTimer(object key, object message, TimeSpan timeout)
        => Start(key, message, timeout, null);

    public void StartPeriodicTimer(object key, object message, TimeSpan interval)
        => Start(key, message, interval, interval);

    public void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval)
        => Start(key, message, initialDelay, interval);

    public bool IsTimerActive(object key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _timers.ContainsKey(key);
    }

    public void Cancel(object key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_timers.Remove(key, out var entry)) entry.Task.Cancel();
    }

    public void CancelAll()
    {
        foreach (var entry in _timers.Values) entry.Task.Cancel();
        _timers.Clear();
    }

    private void Start(object key, object message, TimeSpan delay, TimeSpan? interval)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        if (interval is { } i) ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(i, TimeSpan.Zero);
        Cancel(key);
        var generation = ++_generation;
        var wrapped = new TimerMessage(key, generation, message);
        var task = interval is { } period
            ? cell.System.Scheduler.ScheduleTellRepeatedlyCancelable(delay, period, cell.Self, wrapped, cell.Self)
            : cell.System.Scheduler.ScheduleTellOnceCancelable(delay, cell.Self, wrapped, cell.Self);
        _timers[key] = new Entry(generation, task, interval is not null);
    }

    /// <summary>Unwraps a timer message if its timer is still current.</summary>
    internal bool TryAccept(TimerMessage timerMessage, out object message)
    {
        message = timerMessage.Message;
        if (!_timers.TryGetValue(timerMessage.Key, out var entry) || entry.Generation != timerMessage.Generation) return false;
        if (!entry.Periodic) _timers.Remove(timerMessage.Key);
        return true;
    }

    private sealed record Entry(int Generation, ICancelable Task, bool Periodic);

    internal sealed record TimerMessage(object Key, int Generation, object Message);
}
