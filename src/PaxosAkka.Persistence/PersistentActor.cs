using Microsoft.Extensions.Logging;
using PaxosAkka.Actors;
using PaxosAkka.Persistence.Journal;
using PaxosAkka.Persistence.Snapshots;

namespace PaxosAkka.Persistence;

/// <summary>
/// Akka's (Receive)PersistentActor: an actor whose state is rebuilt from its journal. Register command handlers
/// with <see cref="Command{T}(Action{T}, Predicate{T})"/> and recovery handlers with <see cref="Recover{T}"/> in the
/// constructor. <see cref="Persist{TEvent}"/> stores an event and runs its handler only after the write is
/// durable; commands arriving meanwhile are stashed and processed afterwards, in order.
/// The behaviours are Recovering → Ready ⇄ PersistingEvents (swapped like <c>Become</c>).
/// </summary>
public abstract partial class PersistentActor : ActorBase, IWithStash
{
    private const int ReplayChunk = 512;

    private readonly List<Func<object, bool>> _commandHandlers = [];
    private readonly List<Func<object, bool>> _recoveryHandlers = [];
    private readonly Queue<PendingInvocation> _pendingInvocations = new();
    private readonly List<PersistentRepr> _eventBatch = [];
    private Phase _phase = Phase.NotStarted;
    private bool _constructed;
    private long _currentSequenceNr;
    private long _writeCount;
    private ILogger? _logger;

    /// <summary>The stable identity of this actor's event stream.</summary>
    public abstract string PersistenceId { get; }

    /// <summary>Sequence number of the last event persisted or replayed (0 before any).</summary>
    public long LastSequenceNr { get; private set; }

    /// <summary>True until <see cref="PersistenceProtocol.RecoveryCompleted"/> was delivered.</summary>
    public bool IsRecovering => _phase is Phase.NotStarted or Phase.Recovering;

    /// <summary>Which snapshot recovery starts from; the latest by default, <see cref="SnapshotSelectionCriteria.None"/> to replay all.</summary>
    protected virtual SnapshotSelectionCriteria RecoverySnapshotCriteria => SnapshotSelectionCriteria.Latest;

    /// <summary>The journal; by default the system's <see cref="PersistenceExtension"/>.</summary>
    protected virtual IJournal Journal => PersistenceExtension.Get(Context.System).Journal;

    /// <summary>The snapshot store; by default the system's <see cref="PersistenceExtension"/>.</summary>
    protected virtual ISnapshotStore SnapshotStore => PersistenceExtension.Get(Context.System).SnapshotStore;

    /// <summary>The serializer; by default the system's <see cref="PersistenceExtension"/>.</summary>
    protected virtual IPersistenceSerializer Serializer => PersistenceExtension.Get(Context.System).Serializer;

    /// <summary>Set by the runtime; used internally to hold commands during recovery and persists.</summary>
    IStash IWithStash.Stash { get; set; } = null!;

    private IStash InternalStash => ((IWithStash)this).Stash;

    private ILogger Log => _logger ??= Context.GetLogger();

    /// <summary>Handles commands of type <typeparamref name="T"/> (matching the optional predicate) once recovered.</summary>
    protected void Command<T>(Action<T> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        AddHandler(_commandHandlers, message =>
        {
            if (message is not T typed || (shouldHandle is not null && !shouldHandle(typed)))
            {
                return false;
            }

            handler(typed);
            return true;
        });
    }

    /// <summary>Handles any command not handled by an earlier handler.</summary>
    protected void CommandAny(Action<object> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        AddHandler(_commandHandlers, message =>
        {
            handler(message);
            return true;
        });
    }

    /// <summary>
    /// Handles replayed events of type <typeparamref name="T"/>, a <see cref="PersistenceProtocol.SnapshotOffer"/>, or
    /// <see cref="PersistenceProtocol.RecoveryCompleted"/>.
    /// </summary>
    protected void Recover<T>(Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        AddHandler(_recoveryHandlers, message =>
        {
            if (message is not T typed)
            {
                return false;
            }

            handler(typed);
            return true;
        });
    }

    /// <summary>
    /// Persists <paramref name="event"/>; <paramref name="handler"/> runs after the write is durable, with the
    /// command's sender as <c>Sender</c>. All events persisted while handling one command go in one atomic write.
    /// </summary>
    protected void Persist<TEvent>(TEvent @event, Action<TEvent> handler)
    {
        ArgumentNullException.ThrowIfNull(@event);
        ArgumentNullException.ThrowIfNull(handler);
        if (IsRecovering)
        {
            throw new InvalidOperationException($"{PersistenceId}: Persist is not allowed during recovery.");
        }

        var sequenceNr = ++_currentSequenceNr;
        var serializer = Serializer;
        _eventBatch.Add(new PersistentRepr(
            PersistenceId, sequenceNr, serializer.Manifest(@event), serializer.Serialize(@event), Context.System.TimeProvider.GetUtcNow()));
        _pendingInvocations.Enqueue(new PendingInvocation(@event, sequenceNr, e => handler((TEvent)e)));
    }

    /// <summary>Persists several events atomically; <paramref name="handler"/> runs for each, in order, after the write.</summary>
    protected void PersistAll<TEvent>(IEnumerable<TEvent> events, Action<TEvent> handler)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var @event in events)
        {
            Persist(@event, handler);
        }
    }

    /// <summary>Deletes journal events up to <paramref name="toSequenceNr"/>; answers with DeleteMessagesSuccess/Failure.</summary>
    protected void DeleteMessages(long toSequenceNr)
    {
        var (self, journal, persistenceId) = (Self, Journal, PersistenceId);
        _ = ReportAsync(self, async () =>
        {
            await journal.DeleteMessagesToAsync(persistenceId, toSequenceNr).ConfigureAwait(false);
            return new PersistenceProtocol.DeleteMessagesSuccess(toSequenceNr);
        }, e => new PersistenceProtocol.DeleteMessagesFailure(e, toSequenceNr));
    }

    /// <summary>Called when a persist failed: the events are not stored. By default logs and stops the actor.</summary>
    protected virtual void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        LogErrorPersistFailed(Log, cause, PersistenceId, sequenceNr);
        Context.Stop(Self);
    }

    /// <summary>
    /// Called when recovery failed (corrupt data, storage down, a handler threw). By default logs. The actor
    /// is stopped afterwards in any case: running on a partly recovered state could break its invariants.
    /// </summary>
    protected virtual void OnRecoveryFailure(Exception cause, object? @event) => LogErrorRecoveryFailed(Log, cause, PersistenceId);

    /// <summary>Starts recovery. Call <c>base.PreStart()</c> if you override it.</summary>
    protected override void PreStart() => StartRecovery();

    /// <inheritdoc />
    protected sealed override bool Receive(object message)
    {
        _constructed = true;
        return _phase switch
        {
            Phase.NotStarted => NotStarted(message),
            Phase.Recovering => Recovering(message),
            Phase.Ready => Ready(message),
            _ => PersistingEvents(message),
        };
    }

    /// <summary>Recovery starts in PreStart; this covers a subclass whose PreStart forgot <c>base.PreStart()</c>.</summary>
    private bool NotStarted(object message)
    {
        StartRecovery();
        return Receive(message);
    }

    /// <summary>Recovered: commands run; if they persist, wait for the write.</summary>
    private bool Ready(object message)
    {
        if (message is PersistenceInternal)
        {
            return true; // A late answer from an earlier incarnation's write; nothing waits for it.
        }

        var handled = Dispatch(_commandHandlers, message);
        if (!handled)
        {
            Unhandled(message);
        }

        FlushBatch();
        return true;
    }

    /// <summary>A write is in flight: stash commands until its handlers ran (Akka's persist semantics).</summary>
    private bool PersistingEvents(object message)
    {
        switch (message)
        {
            case WriteSucceeded written when written.WriteId == _writeCount:
                RunPendingHandlers();
                return true;
            case WriteFailed failed when failed.WriteId == _writeCount:
                var first = _pendingInvocations.Peek();
                _pendingInvocations.Clear();
                _currentSequenceNr = LastSequenceNr;
                _phase = Phase.Ready;
                OnPersistFailure(failed.Cause, first.Event, first.SequenceNr);
                InternalStash.UnstashAll();
                return true;
            case PersistenceInternal:
                return true;
            default:
                InternalStash.Stash();
                return true;
        }
    }

    private void RunPendingHandlers()
    {
        // Handlers may persist again; those events form the next write, after this one's handlers ran.
        var count = _pendingInvocations.Count;
        for (var i = 0; i < count; i++)
        {
            var invocation = _pendingInvocations.Dequeue();
            LastSequenceNr = invocation.SequenceNr;
            invocation.Handler(invocation.Event);
        }

        _phase = Phase.Ready;
        FlushBatch();
        if (_phase == Phase.Ready)
        {
            InternalStash.UnstashAll();
        }
    }

    /// <summary>Sends the events persisted during this message as one atomic write and waits for it.</summary>
    private void FlushBatch()
    {
        if (_eventBatch.Count == 0)
        {
            return;
        }

        var batch = _eventBatch.ToArray();
        _eventBatch.Clear();
        var writeId = ++_writeCount;
        var (self, sender, journal) = (Self, Sender, Journal);
        _phase = Phase.Persisting;
        _ = WriteAsync(journal, batch, self, sender, writeId);
    }

    private static async Task WriteAsync(IJournal journal, PersistentRepr[] batch, IActorRef self, IActorRef sender, long writeId)
    {
        try
        {
            await journal.WriteAsync(batch).ConfigureAwait(false);
            self.Tell(new WriteSucceeded(writeId), sender);
        }
#pragma warning disable CA1031 // Whatever failed the write must reach the actor as a message.
        catch (Exception e)
#pragma warning restore CA1031
        {
            self.Tell(new WriteFailed(writeId, e), sender);
        }
    }

    /// <summary>Runs <paramref name="work"/> off the actor and tells its outcome to <paramref name="self"/>.</summary>
    private static async Task ReportAsync(IActorRef self, Func<Task<object>> work, Func<Exception, object> onFailure)
    {
        object outcome;
        try
        {
            outcome = await work().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The failure is the answer.
        catch (Exception e)
#pragma warning restore CA1031
        {
            outcome = onFailure(e);
        }

        self.Tell(outcome, self);
    }

    private static bool Dispatch(List<Func<object, bool>> handlers, object message)
    {
        foreach (var handler in handlers)
        {
            if (handler(message))
            {
                return true;
            }
        }

        return false;
    }

    private void AddHandler(List<Func<object, bool>> handlers, Func<object, bool> handler)
    {
        if (_constructed)
        {
            throw new InvalidOperationException("Command and Recover handlers can only be registered in the constructor.");
        }

        handlers.Add(handler);
    }

    /// <summary>The behaviours; <see cref="Receive"/> switches on it like Akka's Become.</summary>
    private enum Phase
    {
        NotStarted,
        Recovering,
        Ready,
        Persisting,
    }

    private sealed record PendingInvocation(object Event, long SequenceNr, Action<object> Handler);

    /// <summary>Messages the actor sends itself; never shown to user handlers.</summary>
    private abstract record PersistenceInternal;

    private sealed record WriteSucceeded(long WriteId) : PersistenceInternal;

    private sealed record WriteFailed(long WriteId, Exception Cause) : PersistenceInternal;

    [LoggerMessage(EventId = 5101, Level = LogLevel.Error, Message = "Persist failed for {PersistenceId} at sequence number {SequenceNr}; stopping")]
    private static partial void LogErrorPersistFailed(ILogger logger, Exception exception, string persistenceId, long sequenceNr);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Error, Message = "Recovery failed for {PersistenceId}; stopping")]
    private static partial void LogErrorRecoveryFailed(ILogger logger, Exception exception, string persistenceId);
}
