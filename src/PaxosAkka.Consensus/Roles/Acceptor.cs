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
    /// <summary>Bound on the Accepted entries re-sent for one learner catch-up request.</summary>
    internal const int MaxCatchUpEntries = 256;

    private readonly PaxosTopology _topology;
    private readonly AcceptorOptions _options;
    private readonly ReadyBuilder _ready = new();

    // Mutable, slot-ordered storage: slots arrive almost in order, so SortedList appends in O(log n) and
    // answers "everything from slot s" with one binary search. The immutable view is built only on demand.
    private SortedList<long, AcceptedEntry> _accepted;
    private Ballot _promised;
    private long _compactedBelow;
    private AcceptorDurableState? _snapshot;

    /// <summary>Creates an acceptor, recovering <paramref name="recovered"/> after a restart (use <see cref="AcceptorDurableState.Empty"/> the first time).</summary>
    /// <param name="id">This acceptor's node id.</param>
    /// <param name="topology">The cluster's roles and quorums.</param>
    /// <param name="recovered">Durable state after a restart.</param>
    /// <param name="options">Bounds on Promise size; null = <see cref="AcceptorOptions.Default"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="id"/> is not an acceptor of the topology.</exception>
    public Acceptor(int id, PaxosTopology topology, AcceptorDurableState recovered, AcceptorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(recovered);
        _options = options ?? AcceptorOptions.Default;
        if (!topology.IsAcceptor(id))
        {
            throw new ArgumentException($"Node {id} is not an acceptor in the topology.", nameof(id));
        }

        Id = id;
        _topology = topology;
        _promised = recovered.Promised;
        _compactedBelow = recovered.CompactedBelow;
        _accepted = new SortedList<long, AcceptedEntry>(recovered.Accepted.Count);
        foreach (var (slot, entry) in recovered.Accepted)
        {
            _accepted.Add(slot, entry);
        }

        _snapshot = recovered;
    }

    /// <summary>This acceptor's node id.</summary>
    public int Id { get; }

    /// <summary>The highest ballot promised (as of the latest Step).</summary>
    public Ballot Promised => _promised;

    /// <summary>The number of accepted entries held (below the compaction point they are dropped).</summary>
    public int AcceptedCount => _accepted.Count;

    /// <summary>
    /// The durable state as it will be once the pending Ready is persisted. Built on demand (O(n) after a
    /// change), so hosts should fold Readies into their own copy with <see cref="AcceptorDurableState.Apply"/>
    /// rather than read this on every step.
    /// </summary>
    public AcceptorDurableState Durable => _snapshot ??= new AcceptorDurableState(_promised, _accepted.ToImmutableSortedDictionary())
    {
        CompactedBelow = _compactedBelow,
    };

    /// <inheritdoc />
    public bool HasReady => _ready.HasAny;

    /// <summary>The entry accepted in <paramref name="slot"/>, if any.</summary>
    public bool TryGetAccepted(long slot, out AcceptedEntry entry) => _accepted.TryGetValue(slot, out entry!);

    /// <inheritdoc />
    public void Step(PaxosMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.To != Id)
        {
            return;
        }

        if (message is CatchUpRequest { ForAcceptor: true } request && _topology.IsLearner(request.From))
        {
            OnCatchUpRequest(request);
            return;
        }

        if (!_topology.IsProposer(message.From))
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
    public Ready GetReady() => _ready.Drain();

    /// <inheritdoc />
    /// <remarks>The acceptor keeps nothing per Ready: the host's durable copy is the record of what was persisted.</remarks>
    public void Advance(Ready ready) => ArgumentNullException.ThrowIfNull(ready);

    /// <summary>
    /// Drops accepted entries below <paramref name="belowSlot"/>, which the host has confirmed chosen and
    /// captured in a snapshot. Later Promises say so (<see cref="Promise.CompactedBelow"/>) so no leader
    /// fills those slots with no-ops; the host compacts its durable copy the same way
    /// (<see cref="AcceptorDurableState.CompactBelow"/>).
    /// </summary>
    public void Compact(long belowSlot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(belowSlot);
        if (belowSlot <= _compactedBelow)
        {
            return;
        }

        _compactedBelow = belowSlot;
        int keepFrom = FirstIndexAtOrAbove(belowSlot);
        var kept = new SortedList<long, AcceptedEntry>(Math.Max(_accepted.Count - keepFrom, 0));
        for (int i = keepFrom; i < _accepted.Count; i++)
        {
            kept.Add(_accepted.Keys[i], _accepted.Values[i]);
        }

        _accepted = kept;
        _snapshot = null;
    }

    private void OnPrepare(Prepare prepare)
    {
        if (prepare.Ballot.IsZero || prepare.FromSlot < 0 || prepare.Ballot.ProposerId != prepare.From)
        {
            return; // Garbage: no proposer may use ballot zero or another proposer's ballot.
        }

        // Paxos Made Simple §2.2 (phase 1b): promise only a ballot at least the current promise. Equal means
        // the same proposer re-sending (ballots embed the proposer id), and answering again is idempotent.
        if (prepare.Ballot < _promised)
        {
            _ready.Send(new Nack(Id, prepare.From, prepare.Ballot, _promised));
            return;
        }

        RaisePromise(prepare.Ballot);
        _ready.Send(BoundedPromise(prepare));
    }

    /// <summary>
    /// The Promise for <paramref name="prepare"/>, reporting accepted entries from its FromSlot until the
    /// <see cref="AcceptorOptions"/> bound: a Promise carrying a long log would outgrow a transport frame and never
    /// arrive. Where it stopped is stated (<see cref="Promise.ReportedBelow"/>, the slot of the first entry left
    /// out) so the proposer asks again from there; the entry crossing the byte budget is still included, so every
    /// Promise covers at least one held entry and phase 1 always progresses.
    /// </summary>
    private Promise BoundedPromise(Prepare prepare)
    {
        int from = FirstIndexAtOrAbove(Math.Max(prepare.FromSlot, _compactedBelow));
        int end = (int)Math.Min(_accepted.Count, (long)from + _options.MaxPromiseEntries);
        var accepted = ImmutableArray.CreateBuilder<AcceptedEntry>(end - from);
        long bytes = 0;
        int i = from;
        while (i < end && bytes < _options.MaxPromiseBytes)
        {
            var entry = _accepted.Values[i++];
            accepted.Add(entry);
            bytes += Learner.ApproximateSize(entry.Value);
        }

        return new Promise(Id, prepare.From, prepare.Ballot, prepare.FromSlot, accepted.ToImmutable())
        {
            CompactedBelow = _compactedBelow,
            ReportedBelow = i < _accepted.Count ? _accepted.Keys[i] : long.MaxValue,
        };
    }

    private void OnAccept(Accept accept)
    {
        if (accept.Ballot.IsZero || accept.Slot < 0 || accept.Value is null || accept.Ballot.ProposerId != accept.From)
        {
            return;
        }

        // Paxos Made Simple §2.2 (phase 2b): accept unless a higher ballot was promised.
        if (accept.Ballot < _promised)
        {
            _ready.Send(new Nack(Id, accept.From, accept.Ballot, _promised));
            return;
        }

        if (accept.Slot < _compactedBelow)
        {
            // Slots below the compaction point were chosen and snapshotted (the host compacts only those), so
            // accepting is pointless and staying silent would make the leader retransmit forever with its
            // pipeline window stuck (CORE_BUGS S-4). Say so; the proposer stops driving them without assuming
            // their value. The ballot in Promised does not exceed the Accept's, so this never preempts it.
            _ready.Send(new Nack(Id, accept.From, accept.Ballot, _promised) { CompactedBelow = _compactedBelow });
            return;
        }

        RaisePromise(accept.Ballot);
        if (!_accepted.TryGetValue(accept.Slot, out var existing)
            || existing.Ballot != accept.Ballot
            || !existing.Value.Equals(accept.Value))
        {
            var entry = new AcceptedEntry(accept.Slot, accept.Ballot, accept.Value);
            _accepted[accept.Slot] = entry;
            _snapshot = null;
            _ready.Persist(entry);
        }

        // A retransmitted Accept gets the same answer again: the earlier Accepted may have been lost.
        _ready.Send(new Accepted(Id, accept.From, accept.Ballot, accept.Slot, accept.Value));
        foreach (int learner in _topology.Learners)
        {
            if (learner != accept.From)
            {
                _ready.Send(new Accepted(Id, learner, accept.Ballot, accept.Slot, accept.Value));
            }
        }
    }

    /// <summary>
    /// A learner that lost its log (CORE_BUGS S-5) asks for what this acceptor accepted. Re-sending an
    /// <see cref="Accepted"/> states a fact already durable here (entries are only held once persisted or
    /// pending in this same Ready), so the learner may count it exactly as if the original had arrived: a slot
    /// is chosen only when a phase-2 quorum reports the same ballot (Paxos Made Simple §2.4). Compacted slots
    /// cannot be reported; those need a snapshot from the host.
    /// </summary>
    private void OnCatchUpRequest(CatchUpRequest request)
    {
        if (request.FromSlot < 0)
        {
            return;
        }

        int from = FirstIndexAtOrAbove(Math.Max(request.FromSlot, _compactedBelow));
        int end = (int)Math.Min(_accepted.Count, (long)from + MaxCatchUpEntries);
        for (int i = from; i < end; i++)
        {
            var entry = _accepted.Values[i];
            _ready.Send(new Accepted(Id, request.From, entry.Ballot, entry.Slot, entry.Value));
        }
    }

    private void RaisePromise(Ballot ballot)
    {
        if (ballot > _promised)
        {
            _promised = ballot;
            _snapshot = null;
            _ready.Persist(ballot);
        }
    }

    /// <summary>Index of the first stored slot at or above <paramref name="slot"/> (binary search).</summary>
    private int FirstIndexAtOrAbove(long slot)
    {
        var keys = _accepted.Keys;
        int low = 0;
        int high = keys.Count;
        while (low < high)
        {
            int mid = low + ((high - low) / 2);
            if (keys[mid] < slot)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
