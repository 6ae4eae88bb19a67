using System.Collections.Concurrent;
using PaxosAkka.Actors.Internal;

namespace PaxosAkka.Actors.Dispatch;

/// <summary>
/// An actor's two queues (system, user) and its scheduling state. Invariants: at most one turn runs at a time
/// (the <c>_scheduled</c> flag), system messages are drained before and between user messages, and after
/// <see cref="Close"/> every user message goes to dead letters and every system message to
/// <see cref="ActorCell.SystemMessageToDeadActor"/>, so a Watch racing with death still gets its Terminated.
/// </summary>
internal sealed class Mailbox : IRunnable, IThreadPoolWorkItem
{
    private readonly ConcurrentQueue<SystemMessage> _system = new();
    private readonly ConcurrentQueue<Envelope> _user = new();
    private readonly MessageDispatcher _dispatcher;
    private readonly int _capacity;

    // Messages put back in front by Unstash; touched only by the turn that owns the actor.
    private readonly LinkedList<Envelope> _prepend = new();
    private volatile int _prependCount;
    private int _userCount;
    private int _scheduled;
    private volatile bool _closed;
    private ActorCell _cell = null!;

    public Mailbox(MessageDispatcher dispatcher, int capacity)
    {
        _dispatcher = dispatcher;
        _capacity = capacity;
    }

    public int NumberOfMessages => (_capacity > 0 ? Volatile.Read(ref _userCount) : _user.Count) + _prependCount;

    public bool IsClosed => _closed;

    public bool IsBounded => _capacity > 0;

    public void SetCell(ActorCell cell) => _cell = cell;

    /// <summary>Queues a user message; false (and nothing queued) when the bounded mailbox is full or closed.</summary>
    public bool Enqueue(Envelope envelope)
    {
        if (_closed) return false;
        // Only a bounded mailbox pays for an exact count; the unbounded hot path stays free of extra atomics.
        if (_capacity > 0 && Interlocked.Increment(ref _userCount) > _capacity)
        {
            Interlocked.Decrement(ref _userCount);
            return false;
        }

        _user.Enqueue(envelope);
        if (_closed)
        {
            DrainUserToDeadLetters();
            return true;
        }

        TrySchedule();
        return true;
    }

    public void SystemEnqueue(SystemMessage message)
    {
        _system.Enqueue(message);
        if (_closed)
        {
            DrainSystemToDeadActor();
            return;
        }

        TrySchedule();
    }

    /// <summary>Puts messages back at the front, keeping their order (used by Unstash).</summary>
    public void Prepend(IReadOnlyList<Envelope> envelopes)
    {
        for (var i = envelopes.Count - 1; i >= 0; i--) _prepend.AddFirst(envelopes[i]);
        _prependCount = _prepend.Count;
    }

    public void Close()
    {
        _closed = true;
        // Publish the flag before draining: a concurrent enqueuer either sees it closed or we see its message.
        Interlocked.MemoryBarrier();
        while (_prepend.First is { } first)
        {
            _prepend.RemoveFirst();
            _cell.DeadLetter(first.Value);
        }

        _prependCount = 0;
        DrainUserToDeadLetters();
        DrainSystemToDeadActor();
    }

    public void TrySchedule()
    {
        // Cheap read first: while a turn is scheduled or running, senders need no CAS on a contended line.
        if (Volatile.Read(ref _scheduled) != 0 || _closed || !HasWork()) return;
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0) _dispatcher.Schedule(this);
    }

    private bool HasWork()
        => !_system.IsEmpty || ((!_user.IsEmpty || _prependCount > 0) && _cell.CanProcessUserMessages);

    void IThreadPoolWorkItem.Execute() => Run();

    public void Run()
    {
        try
        {
            if (_closed) return;
            ProcessSystemMessages();
            var left = _dispatcher.Throughput;
            while (left-- > 0 && !_closed && _cell.CanProcessUserMessages && TryDequeueUser(out var envelope))
            {
                _cell.Invoke(envelope);
                ProcessSystemMessages();
            }
        }
        finally
        {
            // A full fence (not just a release write): a sender enqueues and then reads the flag, we clear the flag
            // and then read the queues; with store-load reordering both could miss each other and strand a message.
            Interlocked.Exchange(ref _scheduled, 0);
            // Something may have arrived after our last look while the flag was still set: look again.
            TrySchedule();
        }
    }

    private void ProcessSystemMessages()
    {
        while (!_closed && _system.TryDequeue(out var message)) _cell.SystemInvoke(message);
    }

    private bool TryDequeueUser(out Envelope envelope)
    {
        if (_prepend.First is { } first)
        {
            envelope = first.Value;
            _prepend.RemoveFirst();
            _prependCount = _prepend.Count;
            return true;
        }

        if (_user.TryDequeue(out envelope))
        {
            if (_capacity > 0) Interlocked.Decrement(ref _userCount);
            return true;
        }

        return false;
    }

    // Only the user queue: the prepend list belongs to the owning turn and was drained by Close.
    private void DrainUserToDeadLetters()
    {
        while (_user.TryDequeue(out var envelope))
        {
            if (_capacity > 0) Interlocked.Decrement(ref _userCount);
            _cell.DeadLetter(envelope);
        }
    }

    private void DrainSystemToDeadActor()
    {
        while (_system.TryDequeue(out var message)) _cell.SystemMessageToDeadActor(message);
    }
}
