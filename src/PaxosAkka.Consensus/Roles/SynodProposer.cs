using System.Collections.Immutable;
using static PaxosAkka.Consensus.PaxosProtocol;

namespace PaxosAkka.Consensus;

/// <summary>
/// Single-decree Paxos (the Synod, Paxos Made Simple §2) over the same <see cref="Acceptor"/>, using slot 0
/// only: prepare/promise, then accept/accepted, adopting the highest-ballot value any promiser reports.
/// Used by the binary-consensus demo (<c>pbm simulate --binary</c>) and as the smallest readable Paxos.
/// A Nack with a higher ballot ends the attempt; calling <see cref="Propose"/> again retries with a higher
/// ballot (the host decides when, so duelling proposers can be backed off).
/// </summary>
public sealed class SynodProposer : IPaxosRole
{
    /// <summary>The only slot the Synod uses.</summary>
    public const long Slot = 0;

    private readonly PaxosTopology _topology;
    private readonly ProposerOptions _options;
    private readonly ReadyBuilder _ready = new();
    private readonly Dictionary<int, Promise> _promises = [];
    private readonly HashSet<int> _accepted = [];
    private Ballot _highestSeen = Ballot.Zero;
    private SlotValue? _ownValue;
    private SlotValue? _proposedValue;
    private int _ticksSinceSend;

    /// <summary>Creates a Synod proposer with default retransmission.</summary>
    public SynodProposer(int id, PaxosTopology topology)
        : this(id, topology, ProposerOptions.Default)
    {
    }

    /// <summary>Creates a Synod proposer; only <see cref="ProposerOptions.RetransmitTicks"/> is used.</summary>
    /// <exception cref="ArgumentException"><paramref name="id"/> is not a proposer of the topology.</exception>
    public SynodProposer(int id, PaxosTopology topology, ProposerOptions options)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(options);
        if (!topology.IsProposer(id))
        {
            throw new ArgumentException($"Node {id} is not a proposer in the topology.", nameof(id));
        }

        Id = id;
        _topology = topology;
        _options = options;
    }

    /// <summary>This proposer's node id.</summary>
    public int Id { get; }

    /// <summary>Where the current attempt stands.</summary>
    public SynodPhase Phase { get; private set; } = SynodPhase.Idle;

    /// <summary>The ballot of the current (or last) attempt; <see cref="Ballot.Zero"/> before the first.</summary>
    public Ballot CurrentBallot { get; private set; } = Ballot.Zero;

    /// <summary>The value proposed in phase 2 of the current attempt (own or adopted); null before phase 2.</summary>
    public SlotValue? ProposedValue => _proposedValue;

    /// <summary>The decided value once a phase-2 quorum accepted it (or a Chosen arrived); null until then.</summary>
    public SlotValue? Decided { get; private set; }

    /// <inheritdoc />
    public bool HasReady => _ready.HasAny;

    /// <summary>
    /// Starts an attempt to get <paramref name="value"/> decided with a ballot above any seen. If an acceptor
    /// already accepted a value, that value is proposed instead (Paxos Made Simple §2.2, P2c).
    /// </summary>
    public void Propose(SlotValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (Decided is not null)
        {
            return;
        }

        _ownValue = value;
        CurrentBallot = Ballot.Max(_highestSeen, CurrentBallot).Next(Id);
        _highestSeen = CurrentBallot;
        _promises.Clear();
        _accepted.Clear();
        _proposedValue = null;
        Phase = SynodPhase.Preparing;
        SendPrepares();
    }

    /// <summary>Tells the proposer about a ballot seen elsewhere (e.g. recovered from a local acceptor) so its next ballot is higher.</summary>
    public void ObserveBallot(Ballot ballot) => _highestSeen = Ballot.Max(_highestSeen, ballot);

    /// <inheritdoc />
    public void Step(PaxosMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.To != Id)
        {
            return;
        }

        switch (message)
        {
            case Promise promise when promise.Ballot == CurrentBallot && Phase == SynodPhase.Preparing:
                OnPromise(promise);
                break;
            case Accepted accepted when accepted.Ballot == CurrentBallot && accepted.Slot == Slot && Phase == SynodPhase.Accepting:
                OnAccepted(accepted);
                break;
            case Nack nack:
                OnNack(nack);
                break;
            case Chosen chosen when chosen.Slot == Slot && chosen.Value is not null && _topology.IsProposer(chosen.From):
                Decide(chosen.Value);
                break;
            default:
                break;
        }
    }

    /// <inheritdoc />
    public void Tick()
    {
        if (Phase is not (SynodPhase.Preparing or SynodPhase.Accepting))
        {
            return;
        }

        if (++_ticksSinceSend < _options.RetransmitTicks)
        {
            return;
        }

        if (Phase == SynodPhase.Preparing)
        {
            SendPrepares();
        }
        else
        {
            SendAccepts();
        }
    }

    /// <inheritdoc />
    public Ready GetReady() => _ready.Drain();

    /// <inheritdoc />
    public void Advance(Ready ready) => ArgumentNullException.ThrowIfNull(ready);

    private void OnPromise(Promise promise)
    {
        if (!_topology.Quorum.IsAcceptor(promise.From))
        {
            return;
        }

        _promises[promise.From] = promise;
        if (!_topology.Quorum.IsPhase1Quorum(_promises.Keys))
        {
            return;
        }

        // Adopt the value with the highest ballot any promiser accepted; only if none, our own.
        var adopted = _promises.Values
            .SelectMany(p => p.Accepted.IsDefault ? ImmutableArray<AcceptedEntry>.Empty : p.Accepted)
            .Where(entry => entry.Slot == Slot && entry.Value is not null)
            .MaxBy(entry => entry.Ballot);
        _proposedValue = adopted?.Value ?? _ownValue ?? SlotValue.NoOp;
        Phase = SynodPhase.Accepting;
        SendAccepts();
    }

    private void OnAccepted(Accepted accepted)
    {
        // One ballot carries one value; an Accepted echoing another value is garbage and not a vote.
        if (!_topology.Quorum.IsAcceptor(accepted.From) || _proposedValue is null || !_proposedValue.Equals(accepted.Value))
        {
            return;
        }

        _accepted.Add(accepted.From);
        if (_topology.Quorum.IsPhase2Quorum(_accepted) && _proposedValue is not null)
        {
            Decide(_proposedValue);
            foreach (int learner in _topology.Learners)
            {
                _ready.Send(new Chosen(Id, learner, Slot, _proposedValue));
            }
        }
    }

    private void OnNack(Nack nack)
    {
        _highestSeen = Ballot.Max(_highestSeen, nack.Promised);

        // Only a refusal of the current attempt's ballot ends it; a late Nack of an older attempt is stale.
        if (nack.Rejected == CurrentBallot && nack.Promised > CurrentBallot
            && Phase is SynodPhase.Preparing or SynodPhase.Accepting)
        {
            Phase = SynodPhase.Preempted;
            _ready.Report(new SteppedDown(nack.Promised));
        }
    }

    private void Decide(SlotValue value)
    {
        if (Decided is null)
        {
            Decided = value;
            Phase = SynodPhase.Decided;
        }
    }

    private void SendPrepares()
    {
        _ticksSinceSend = 0;
        foreach (int acceptor in _topology.Acceptors.Where(a => !_promises.ContainsKey(a)))
        {
            _ready.Send(new Prepare(Id, acceptor, CurrentBallot, Slot));
        }
    }

    private void SendAccepts()
    {
        _ticksSinceSend = 0;
        foreach (int acceptor in _topology.Acceptors.Where(a => !_accepted.Contains(a)))
        {
            _ready.Send(new Accept(Id, acceptor, CurrentBallot, Slot, _proposedValue!));
        }
    }
}

/// <summary>Progress of one <see cref="SynodProposer"/> attempt.</summary>
public enum SynodPhase
{
    /// <summary>No attempt yet.</summary>
    Idle,

    /// <summary>Phase 1: waiting for a phase-1 quorum of promises.</summary>
    Preparing,

    /// <summary>Phase 2: waiting for a phase-2 quorum of acceptances.</summary>
    Accepting,

    /// <summary>A higher ballot refused this attempt; call Propose again to retry.</summary>
    Preempted,

    /// <summary>A value is decided; it never changes.</summary>
    Decided,
}
