using PaxosAkka.Actors.Dispatch;

namespace PaxosAkka.Actors.Internal;

/// <summary>
/// The runtime side of one actor: owns its mailbox, current instance, behaviour stack, children, watchers and
/// failure state. Everything here runs on the actor's own turn (one thread at a time) except the members
/// marked thread-safe: <see cref="SendMessage"/>, <see cref="SendSystemMessage"/>, child lookup and ActorOf.
/// </summary>
internal sealed partial class ActorCell : IActorContext
{
    [ThreadStatic]
    private static ActorCell? t_current;

    private readonly Mailbox _mailbox;
    private readonly List<Receive> _behaviors = [];
    private ActorBase? _actor;
    private Envelope _currentEnvelope;
    private volatile int _suspendCount;
    private volatile bool _awaitingTask;
    private volatile bool _terminating;
    private bool _terminated;

    public ActorCell(ActorSystem system, LocalActorRef self, Props props, IInternalActorRef parent, Mailbox mailbox)
    {
        System = system;
        SelfRef = self;
        Props = props;
        ParentRef = parent;
        _mailbox = mailbox;
        _mailbox.SetCell(this);
    }

    /// <summary>The cell whose turn is running on this thread (for implicit senders and actor construction).</summary>
    internal static ActorCell? Current => t_current;

    public ActorSystem System { get; }

    public LocalActorRef SelfRef { get; }

    public IInternalActorRef ParentRef { get; }

    public Props Props { get; }

    public IActorRef Self => SelfRef;

    public IActorRef Parent => ParentRef;

    public IActorRef Sender => _currentEnvelope.Sender ?? System.DeadLetters;

    internal bool IsConstructingActor { get; private set; }

    internal bool IsTerminated => _terminated || _mailbox.IsClosed;

    internal int NumberOfMessages => _mailbox.NumberOfMessages;

    /// <summary>Called by the guardians' cells when they finish stopping (drives system shutdown).</summary>
    internal Action? OnTerminated { get; set; }

    internal bool CanProcessUserMessages => _suspendCount == 0 && !_awaitingTask && !_terminating && _actor is not null;

    internal void Start() => _mailbox.SystemEnqueue(new Create());

    internal void SendMessage(Envelope envelope)
    {
        if (!_mailbox.Enqueue(envelope)) DeadLetter(envelope);
    }

    internal void SendSystemMessage(SystemMessage message) => _mailbox.SystemEnqueue(message);

    internal void DeadLetter(Envelope envelope)
    {
        if (envelope.Message is DeadLetter) return;
        System.DeadLetterRef.Publish(new DeadLetter(envelope.Message, envelope.Sender ?? System.DeadLetters, Self));
    }

    /// <summary>Processes one user message with this cell as the current context.</summary>
    internal void Invoke(Envelope envelope)
    {
        var previous = t_current;
        t_current = this;
        _currentEnvelope = envelope;
        try
        {
            if (envelope.Message is IAutoReceivedMessage) AutoReceive(envelope.Message);
            else ReceiveMessage(envelope.Message);
            RestartReceiveTimeout(envelope.Message);
        }
        catch (Exception e)
        {
            HandleInvokeFailure(e, isEscalation: false);
        }
        finally
        {
            t_current = previous;
        }
    }

    private void ReceiveMessage(object message)
    {
        if (message is TimerScheduler.TimerMessage timerMessage)
        {
            if (_timers is null || !_timers.TryAccept(timerMessage, out var payload)) return;
            message = payload;
        }

        if (!_behaviors[^1](message)) _actor!.InvokeUnhandled(message);
    }

    private void AutoReceive(object message)
    {
        switch (message)
        {
            case Terminated terminated:
                // Unwatched in the meantime: Akka promises no Terminated after Unwatch.
                if (!_terminatedQueued.Remove(terminated.ActorRef)) return;
                ReceiveMessage(terminated);
                break;
            case PoisonPill:
                Stop(Self);
                break;
            case Kill:
                throw new ActorKilledException($"Kill requested for {Self}.");
            case Identify identify:
                Sender.Tell(new ActorIdentity(identify.MessageId, Self), Self);
                break;
            default:
                ReceiveMessage(message);
                break;
        }
    }

    /// <summary>Processes one system message (they are never stashed or dropped while the actor lives).</summary>
    internal void SystemInvoke(SystemMessage message)
    {
        var previous = t_current;
        t_current = this;
        try
        {
            switch (message)
            {
                case Create: CreateActor(); break;
                case Recreate recreate: FaultRecreate(recreate.Cause); break;
                case Suspend: FaultSuspend(); break;
                case Resume resume: FaultResume(resume.CausedByFailure); break;
                case Terminate: BeginTerminate(); break;
                case Watch watch: AddWatcher(watch.Watchee, watch.Watcher); break;
                case Unwatch unwatch: RemoveWatcher(unwatch.Watchee, unwatch.Watcher); break;
                case DeathWatchNotification notification: HandleDeathWatchNotification(notification); break;
                case Failed failed: HandleFailed(failed); break;
                case RunContinuation continuation: RunContinuationInActor(continuation); break;
                case AsyncTaskCompleted completed: HandleAsyncTaskCompleted(completed.Task); break;
                default: break;
            }
        }
        catch (Exception e)
        {
            RuntimeLog.LogErrorSystemMessageFailed(System.Log, e, Self.Path, message.GetType());
        }
        finally
        {
            t_current = previous;
        }
    }

    /// <summary>A system message reached the closed mailbox: a late Watch must still learn of the death.</summary>
    internal void SystemMessageToDeadActor(SystemMessage message)
    {
        if (message is Watch watch && ReferenceEquals(watch.Watchee, SelfRef) && !ReferenceEquals(watch.Watcher, SelfRef)
            && watch.Watcher is IInternalActorRef watcher)
        {
            watcher.SendSystemMessage(new DeathWatchNotification(SelfRef, ExistenceConfirmed: false, AddressTerminated: false));
        }
    }

    private void CreateActor()
    {
        try
        {
            _actor = NewActorInstance();
            _actor.InvokePreStart();
        }
        catch (Exception e)
        {
            HandleInvokeFailure(
                new ActorInitializationException($"Exception during creation of {Self}: {e.Message}", e) { Actor = Self },
                isEscalation: false);
        }
    }

    private ActorBase NewActorInstance()
    {
        _behaviors.Clear();
        IsConstructingActor = true;
        ActorBase instance;
        try
        {
            instance = Props.NewActor();
        }
        finally
        {
            IsConstructingActor = false;
        }

        instance.OnConstructed();
        // A Become inside the constructor already pushed a behaviour: keep it on top of the default one.
        _behaviors.Insert(0, instance.Receive);
        if (instance is IWithTimers withTimers) withTimers.Timers = Timers;
        if (instance is IWithStash withStash) withStash.Stash = StashFor();
        return instance;
    }

    public void Become(Receive receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        if (_behaviors.Count == 0) _behaviors.Add(receive);
        else _behaviors[^1] = receive;
    }

    public void BecomeStacked(Receive receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        _behaviors.Add(receive);
    }

    public void UnbecomeStacked()
    {
        if (_behaviors.Count > 1) _behaviors.RemoveAt(_behaviors.Count - 1);
    }

    internal void PublishUnhandled(object message)
    {
        RuntimeLog.LogDebugUnhandled(System.Log, message.GetType(), Sender.Path, Self.Path);
        System.EventStream.Publish(new UnhandledMessage(message, Sender, Self));
    }

    /// <inheritdoc />
    public override string ToString() => $"ActorCell({Self.Path})";
}
