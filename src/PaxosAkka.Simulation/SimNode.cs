using System.Collections.Immutable;
using PaxosAkka.Consensus;

namespace PaxosAkka.Simulation;

/// <summary>
/// A durable state-machine snapshot: every slot below <paramref name="BelowSlot"/> is applied, and
/// <paramref name="Applied"/> lists the commands applied so far in order (our state machine's whole state).
/// </summary>
internal sealed record SimSnapshot(long BelowSlot, ImmutableList<CommandId> Applied)
{
    public static SimSnapshot Empty { get; } = new(0, []);
}

/// <summary>
/// The simulated host of one <see cref="PaxosNode"/>: its disk (the acceptor's durable state, the only thing a
/// crash spares), its process state (running, crashed, paused) and the volatile things a real host keeps
/// next to the core — the state machine's <see cref="SessionTable"/> and the election timer.
/// </summary>
internal sealed class SimNode
{
    public SimNode(int id) => Id = id;

    public int Id { get; }

    /// <summary>The running core, or null while crashed.</summary>
    public PaxosNode? Core { get; private set; }

    /// <summary>What survives a crash: the acceptor state folded from every persisted Ready.</summary>
    public AcceptorDurableState Disk { get; set; } = AcceptorDurableState.Empty;

    /// <summary>The last durable snapshot; survives crashes like <see cref="Disk"/>.</summary>
    public SimSnapshot Snapshot { get; set; } = SimSnapshot.Empty;

    /// <summary>Commands applied by this process so far, in order (volatile; starts from the snapshot).</summary>
    public ImmutableList<CommandId> AppliedLog { get; set; } = [];

    /// <summary>Slots delivered by this process's learner so far (volatile; starts from the snapshot).</summary>
    public long Delivered { get; set; }

    /// <summary>Applied-command dedup of this node's state machine; volatile, rebuilt by replaying the log.</summary>
    public SessionTable Sessions { get; private set; } = new();

    public bool IsUp => Core is not null;

    /// <summary>The node is paused (takes no ticks, reads no messages) while the tick is below this.</summary>
    public long PausedUntil { get; set; }

    /// <summary>Tick at which a crashed node comes back.</summary>
    public long RestartAt { get; set; }

    /// <summary>A proposer campaigns when the tick reaches this without leader activity.</summary>
    public long ElectionDeadline { get; set; }

    /// <summary>A preempted proposer waits until this tick before campaigning again.</summary>
    public long BackoffUntil { get; set; }

    public bool IsRunning(long tick) => IsUp && tick >= PausedUntil;

    /// <summary>Starts (or restarts) the process from <paramref name="recovered"/> and the snapshot; all volatile state is new.</summary>
    public void Start(PaxosNode core, AcceptorDurableState recovered)
    {
        ArgumentNullException.ThrowIfNull(core);
        ArgumentNullException.ThrowIfNull(recovered);
        Core = core;
        Disk = recovered;
        LoadSnapshot();
        PausedUntil = 0;
        BackoffUntil = 0;
    }

    /// <summary>Adopts a newer snapshot received from a peer: it becomes durable and replaces the state machine.</summary>
    public void Install(SimSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Snapshot = snapshot;
        LoadSnapshot();
    }

    /// <summary>Kills the process: the core, its unpersisted state and the state machine are gone; the disk stays.</summary>
    public void Crash(long restartAt)
    {
        Core = null;
        RestartAt = restartAt;
    }

    private void LoadSnapshot()
    {
        Sessions = new SessionTable();
        foreach (var id in Snapshot.Applied)
        {
            Sessions.TryApply(id);
        }

        AppliedLog = Snapshot.Applied;
        Delivered = Snapshot.BelowSlot;
    }
}
