using PaxosAkka.Consensus;

namespace PaxosAkka.Node.Roles;

/// <summary>What the acceptor last made durable.</summary>
public sealed record AcceptorView(Ballot Promised, long HighestAcceptedSlot);

/// <summary>The proposer as of its last Ready.</summary>
public sealed record ProposerView(bool IsLeader, bool IsCampaigning, Ballot Ballot, long FirstUnchosenSlot, int? KnownLeader, int PendingCommands, int InFlightSlots);

/// <summary>The learner as of its last Ready (and, in two-phase-commit mode, its coordination of the stores).</summary>
public sealed record LearnerView(long FirstUnchosenSlot, StoresView? Stores = null);

/// <summary>A learner's two-phase-commit coordination: its phase, the slot all in-sync stores committed, and those stores.</summary>
public sealed record StoresView(string Phase, long CommittedSlot, int[] InSync);

/// <summary>The store as of its last applied slot.</summary>
public sealed record StoreView(long AppliedSlot, long Revision, int Keys);

/// <summary>The election: current coordinator and which peers the failure detector holds reachable.</summary>
public sealed record ElectionView(int? Coordinator, IReadOnlyDictionary<int, bool> Reachable);

/// <summary>
/// Latest state each role actor published, read by the HTTP status endpoints without asking the actors (a
/// status page must answer even while an actor is busy persisting). Each view is an immutable record swapped
/// atomically by its single writer.
/// </summary>
public sealed class NodeStatusBoard
{
    private AcceptorView? _acceptor;
    private ProposerView? _proposer;
    private LearnerView? _learner;
    private StoreView? _store;
    private ElectionView? _election;

    /// <summary>The acceptor's view; null before it started.</summary>
    public AcceptorView? Acceptor { get => Volatile.Read(ref _acceptor); set => Volatile.Write(ref _acceptor, value); }

    /// <summary>The proposer's view; null before it started.</summary>
    public ProposerView? Proposer { get => Volatile.Read(ref _proposer); set => Volatile.Write(ref _proposer, value); }

    /// <summary>The learner's view; null before it started.</summary>
    public LearnerView? Learner { get => Volatile.Read(ref _learner); set => Volatile.Write(ref _learner, value); }

    /// <summary>The store's view; null before it started.</summary>
    public StoreView? Store { get => Volatile.Read(ref _store); set => Volatile.Write(ref _store, value); }

    /// <summary>The election's view; null before it started.</summary>
    public ElectionView? Election { get => Volatile.Read(ref _election); set => Volatile.Write(ref _election, value); }
}
