using System.Collections.Immutable;
using static PaxosAkka.Consensus.PaxosProtocol;

namespace PaxosAkka.Consensus;

/// <summary>
/// The Paxos acceptor (Paxos Made Simple §2.2–2.3) for every slot of the log at once: one promised ballot
/// covers all slots, and per slot it keeps the highest-ballot value accepted. It never accepts below its
/// promise, and its <see cref="Ready"/> lists the promise and entries the host must make durable before the
/// Promise/Accepted replies may leave the node.
/// </summary>
public sealed class Acceptor : IPaxosRole
{
    private readonly PaxosTopology _topology;
    private readonly ReadyBuilder _ready = new();
    private AcceptorDurableState _state;
    private AcceptorDurableState _persisted;
    private AcceptorDurableState _drained;

    /// <summary>Creates an acceptor, recovering <paramref name="recovered"/> after a restart (use <see cref="AcceptorDurableState.Empty"/> the first time).</summary>
    /// <exception cref="ArgumentException"><paramref name="id"/> is not an acceptor of the topology.</exception>
    public Acceptor(int id, PaxosTopology topology, AcceptorDurableState recovered)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(recovered);
        if (!topology.IsAcceptor(id))
        {
            throw new ArgumentException($"Node {id} is not an acceptor in the topology.", nameof(id));
        }

        Id = id;
        _topology = topology;
        _state = recovered;
        _persisted = recovered;
        _drained = recovered;
    }

    /// <summary>This acceptor's node id.</summary>
    public int Id { get; }

    /// <summary>The highest ballot promised (as of the latest Step).</summary>
    public Ballot Promised => _state.Promised;

    /// <summary>The durable state as it will be once the pending Ready is persisted.</summary>
    public AcceptorDurableState Durable => _state;

    /// <summary>
    /// The durable state the host confirmed persisted: as of the latest <see cref="GetReady"/> when
    /// <see cref="Advance"/> was called (Readies are acknowledged in order, as etcd-raft's RawNode requires).
    /// </summary>
    public AcceptorDurableState Persisted => _persisted;

    /// <inheritdoc />
    public bool HasReady => _ready.HasAny;

    /// <inheritdoc />
    public void Step(PaxosMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.To != Id || !_topology.IsProposer(message.From))
        {
            return;
        }

        switch (message)
        {
            case Prepare prepare:
                OnPrepare(prepare);
                break;
            case Accept accept:
                OnAccept(accept);
                break;
            default:
                break;
        }
    }

    /// <inheritdoc />
    /// <remarks>An acceptor only reacts to messages; it has no timers.</remarks>
    public void Tick()
    {
    }

    /// <inheritdoc />
    public Ready GetReady()
    {
        // Immutable state: remembering what this Ready makes durable costs one reference, not a copy.
        _drained = _state;
        return _ready.Drain();
    }

    /// <inheritdoc />
    public void Advance(Ready ready)
    {
        ArgumentNullException.ThrowIfNull(ready);
        _persisted = _drained;
    }

    /// <summary>
    /// Drops accepted entries below <paramref name="belowSlot"/>, which the host has confirmed chosen and
    /// captured in a snapshot. Later Promises say so (<see cref="Promise.CompactedBelow"/>) so no leader
    /// fills those slots with no-ops; the host compacts its durable copy the same way.
    /// </summary>
    public void Compact(long belowSlot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(belowSlot);
        _state = _state.CompactBelow(belowSlot);
        _persisted = _persisted.CompactBelow(belowSlot);
        _drained = _drained.CompactBelow(belowSlot);
    }

    private void OnPrepare(Prepare prepare)
    {
        if (prepare.Ballot.IsZero || prepare.FromSlot < 0 || prepare.Ballot.ProposerId != prepare.From)
        {
            return; // Garbage: no proposer may use ballot zero or another proposer's ballot.
        }

        // Paxos Made Simple §2.2 (phase 1b): promise only a ballot at least the current promise. Equal means
        // the same proposer re-sending (ballots embed the proposer id), and answering again is idempotent.
        if (prepare.Ballot < _state.Promised)
        {
            _ready.Send(new Nack(Id, prepare.From, prepare.Ballot, _state.Promised));
            return;
        }

        RaisePromise(prepare.Ballot);
        long from = Math.Max(prepare.FromSlot, _state.CompactedBelow);
        var accepted = _state.Accepted.Values.Where(entry => entry.Slot >= from).ToImmutableArray();
        _ready.Send(new Promise(Id, prepare.From, prepare.Ballot, prepare.FromSlot, accepted)
        {
            CompactedBelow = _state.CompactedBelow,
        });
    }

    private void OnAccept(Accept accept)
    {
        if (accept.Ballot.IsZero || accept.Slot < 0 || accept.Value is null || accept.Ballot.ProposerId != accept.From)
        {
            return;
        }

        // Paxos Made Simple §2.2 (phase 2b): accept unless a higher ballot was promised.
        if (accept.Ballot < _state.Promised)
        {
            _ready.Send(new Nack(Id, accept.From, accept.Ballot, _state.Promised));
            return;
        }

        if (accept.Slot < _state.CompactedBelow)
        {
            return; // Already chosen and compacted: a lagging leader learns it from the learners instead.
        }

        RaisePromise(accept.Ballot);
        var entry = new AcceptedEntry(accept.Slot, accept.Ballot, accept.Value);
        if (!_state.Accepted.TryGetValue(accept.Slot, out var existing) || existing != entry)
        {
            _state = _state with { Accepted = _state.Accepted.SetItem(accept.Slot, entry) };
            _ready.Persist(entry);
        }

        // A retransmitted Accept gets the same answer again: the earlier Accepted may have been lost.
        foreach (int to in Recipients(accept.From))
        {
            _ready.Send(new Accepted(Id, to, accept.Ballot, accept.Slot, accept.Value));
        }
    }

    private void RaisePromise(Ballot ballot)
    {
        if (ballot > _state.Promised)
        {
            _state = _state with { Promised = ballot };
            _ready.Persist(ballot);
        }
    }

    private IEnumerable<int> Recipients(int proposer)
    {
        yield return proposer;
        foreach (int learner in _topology.Learners)
        {
            if (learner != proposer)
            {
                yield return learner;
            }
        }
    }
}
