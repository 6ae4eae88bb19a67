namespace PaxosAkka.Actors.Internal;

/// <summary>Receive timeout, timers and stash hooks of the cell.</summary>
internal sealed partial class ActorCell
{
    private TimeSpan? _receiveTimeout;
    private ICancelable? _receiveTimeoutTask;
    private TimerScheduler? _timers;
    private StashImpl? _stash;

    internal TimerScheduler Timers => _timers ??= new TimerScheduler(this);

    public void SetReceiveTimeout(TimeSpan? timeout)
    {
        if (timeout is { } t) ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(t, TimeSpan.Zero);
        _receiveTimeout = timeout;
        CancelReceiveTimeout();
        ScheduleReceiveTimeout();
    }

    private void RestartReceiveTimeout(object message)
    {
        // A ReceiveTimeout does not count as activity, so an idle actor keeps getting them.
        if (_receiveTimeout is null || message is ReceiveTimeout) return;
        CancelReceiveTimeout();
        ScheduleReceiveTimeout();
    }

    private void ScheduleReceiveTimeout()
    {
        if (_receiveTimeout is { } t && !_terminating)
        {
            _receiveTimeoutTask = System.Scheduler.ScheduleTellOnceCancelable(t, SelfRef, ReceiveTimeout.Instance, ActorRefs.NoSender);
        }
    }

    private void CancelReceiveTimeout()
    {
        _receiveTimeoutTask?.Cancel();
        _receiveTimeoutTask = null;
    }

    private StashImpl StashFor() => _stash ??= new StashImpl(this);

    internal Dispatch.Envelope CurrentEnvelope => _currentEnvelope;

    internal void PrependToMailbox(IReadOnlyList<Dispatch.Envelope> envelopes) => _mailbox.Prepend(envelopes);

    private void ReturnStashToMailbox() => _stash?.UnstashAll();

    private void ReturnStashToDeadLetters()
    {
        if (_stash is null) return;
        foreach (var envelope in _stash.Drain()) DeadLetter(envelope);
    }
}
