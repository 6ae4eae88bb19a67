namespace PaxosAkka.Actors.Internal;

/// <summary>Death watch and the stop sequence: children first, then PostStop once, then watchers and parent.</summary>
internal sealed partial class ActorCell
{
    private readonly Dictionary<IActorRef, object?> _watching = [];
    private readonly HashSet<IActorRef> _watchedBy = [];
    private readonly HashSet<IActorRef> _terminatedQueued = [];

    public IActorRef Watch(IActorRef subject) => WatchCore(subject, null);

    public IActorRef WatchWith(IActorRef subject, object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return WatchCore(subject, message);
    }

    private IActorRef WatchCore(IActorRef subject, object? customMessage)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (ReferenceEquals(subject, SelfRef) || _watching.ContainsKey(subject)) return subject;
        _watching[subject] = customMessage;
        if (subject is IInternalActorRef internalRef)
        {
            internalRef.SendSystemMessage(new Watch(subject, SelfRef));
        }
        else
        {
            // Nobody (or a foreign ref without death watch) can never be alive: tell at once.
            SendSystemMessage(new DeathWatchNotification(subject, ExistenceConfirmed: false, AddressTerminated: false));
        }

        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (_watching.Remove(subject) && subject is IInternalActorRef internalRef)
        {
            internalRef.SendSystemMessage(new Unwatch(subject, SelfRef));
        }

        _terminatedQueued.Remove(subject);
        return subject;
    }

    private void AddWatcher(IActorRef watchee, IActorRef watcher)
    {
        if (ReferenceEquals(watchee, SelfRef) && !ReferenceEquals(watcher, SelfRef)) _watchedBy.Add(watcher);
    }

    private void RemoveWatcher(IActorRef watchee, IActorRef watcher)
    {
        if (ReferenceEquals(watchee, SelfRef)) _watchedBy.Remove(watcher);
    }

    private void HandleDeathWatchNotification(DeathWatchNotification notification)
    {
        var actor = notification.Actor;
        if (_watching.Remove(actor, out var custom) && !_terminating)
        {
            // Remember it was queued so that an Unwatch before delivery can still cancel it.
            object message = custom ?? new Terminated(actor, notification.ExistenceConfirmed, notification.AddressTerminated);
            if (custom is null) _terminatedQueued.Add(actor);
            SendMessage(new Dispatch.Envelope(message, actor));
        }

        if (actor is LocalActorRef local && ReferenceEquals(local.Cell.ParentRef, SelfRef)) HandleChildTerminated(actor);
    }

    private void BeginTerminate()
    {
        if (_terminating) return;
        _terminating = true;
        _timers?.CancelAll();
        CancelReceiveTimeout();
        foreach (var watched in _watching.Keys)
        {
            if (watched is IInternalActorRef internalRef) internalRef.SendSystemMessage(new Unwatch(watched, SelfRef));
        }

        _watching.Clear();
        _terminatedQueued.Clear();
        StopAllChildren();
        if (_children.IsEmpty) FinishTerminate();
    }

    private void FinishTerminate()
    {
        var actor = _actor;
        try
        {
            actor?.InvokePostStop();
        }
        catch (Exception e)
        {
            RuntimeLog.LogErrorPostStopFailed(System.Log, e, Self.Path);
        }
        finally
        {
            _terminated = true;
            _actor = null;
            _behaviors.Clear();
            ReturnStashToDeadLetters();
            _mailbox.Close();
            var notification = new DeathWatchNotification(SelfRef, ExistenceConfirmed: true, AddressTerminated: false);
            foreach (var watcher in _watchedBy)
            {
                if (watcher is IInternalActorRef internalRef) internalRef.SendSystemMessage(notification);
            }

            _watchedBy.Clear();
            // Dead subscribers would only turn every published event into a dead letter.
            System.EventStream.Unsubscribe(SelfRef);
            ParentRef.SendSystemMessage(notification);
            OnTerminated?.Invoke();
        }
    }
}
