using PaxosAkka.Actors.Dispatch;

namespace PaxosAkka.Node.Simulation;

/// <summary>What the simulated process of a node is doing.</summary>
public enum SimulatedProcessState
{
    /// <summary>Runs its actors.</summary>
    Running,

    /// <summary>Stopped like SIGSTOP: its mailboxes fill up but nothing runs until it resumes.</summary>
    Paused,

    /// <summary>Killed like SIGKILL: nothing of it ever runs again (a restart is a new incarnation).</summary>
    Crashed,
}

/// <summary>
/// The dispatcher of one simulated node incarnation: it hands every mailbox turn to the shared deterministic
/// dispatcher, wrapped so that the turn runs only while the node runs. A paused node's turns are held (its
/// mailboxes keep queueing what arrives) and released in order on resume; a crashed node's turns are dropped, so
/// the crash is instantaneous and runs no PostStop, no shutdown and no disk write — like SIGKILL.
/// </summary>
public sealed class SimulatedNodeDispatcher : MessageDispatcher
{
    private readonly Lock _gate = new();
    private readonly MessageDispatcher _shared;
    private readonly Queue<IRunnable> _held = new();
    private readonly int _pumpingThread = Environment.CurrentManagedThreadId;
    private long _foreignThreadTurns;

    /// <summary>Creates the dispatcher of one incarnation over the <paramref name="shared"/> deterministic one.</summary>
    public SimulatedNodeDispatcher(MessageDispatcher shared)
        : base(shared?.Throughput ?? 1)
    {
        ArgumentNullException.ThrowIfNull(shared);
        _shared = shared;
    }

    /// <summary>The process state.</summary>
    public SimulatedProcessState State { get; private set; }

    /// <summary>
    /// Turns scheduled from a thread other than the one that created this dispatcher (the simulation's pumping
    /// thread): any means the interleaving depends on thread timing, not only on the seed.
    /// </summary>
    public long ForeignThreadTurns => Interlocked.Read(ref _foreignThreadTurns);

    /// <inheritdoc />
    public override bool RunsContinuationsInline => _shared.RunsContinuationsInline;

    /// <inheritdoc />
    public override void Schedule(IRunnable work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (Environment.CurrentManagedThreadId != _pumpingThread)
        {
            Interlocked.Increment(ref _foreignThreadTurns);
        }

        lock (_gate)
        {
            if (State == SimulatedProcessState.Crashed)
            {
                return;
            }
        }

        _shared.Schedule(new GatedTurn(this, work));
    }

    /// <summary>Stops running the node's actors until <see cref="Resume"/>.</summary>
    public void Pause()
    {
        lock (_gate)
        {
            if (State == SimulatedProcessState.Running)
            {
                State = SimulatedProcessState.Paused;
            }
        }
    }

    /// <summary>Runs the node again: the held turns go back to the shared dispatcher in the order they were held.</summary>
    public void Resume()
    {
        List<IRunnable> released;
        lock (_gate)
        {
            if (State != SimulatedProcessState.Paused)
            {
                return;
            }

            State = SimulatedProcessState.Running;
            released = [.. _held];
            _held.Clear();
        }

        foreach (var work in released)
        {
            _shared.Schedule(new GatedTurn(this, work));
        }
    }

    /// <summary>Kills the node: no turn of it runs again.</summary>
    public void Crash()
    {
        lock (_gate)
        {
            State = SimulatedProcessState.Crashed;
            _held.Clear();
        }
    }

    private void RunOrHold(IRunnable work)
    {
        lock (_gate)
        {
            switch (State)
            {
                case SimulatedProcessState.Crashed:
                    return;
                case SimulatedProcessState.Paused:
                    _held.Enqueue(work);
                    return;
            }
        }

        work.Run();
    }

    private sealed class GatedTurn(SimulatedNodeDispatcher owner, IRunnable work) : IRunnable
    {
        public void Run() => owner.RunOrHold(work);
    }
}
