using System.Collections.Immutable;
using static PaxosAkka.Consensus.PaxosProtocol;

namespace PaxosAkka.Consensus;

/// <summary>
/// The Paxos learner (Paxos Made Simple §2.4). A slot is chosen once a phase-2 quorum of distinct acceptors
/// accepted the same ballot and value, or when a leader says so (<see cref="Chosen"/>, trusted because only a
/// leader that counted a quorum sends it). Chosen values are delivered as <see cref="Ready.CommittedEntries"/>
/// in slot order, each exactly once. A gap that lasts <see cref="LearnerOptions.CatchUpTicks"/> ticks without
/// progress is repaired by asking another learner (round-robin, so a dead peer is skipped next time).
/// </summary>
public sealed class Learner : IPaxosRole
{
    /// <summary>
    /// Payload bytes at most in one catch-up reply (at least one entry is always sent). A count bound alone is not
    /// enough: 256 slots of batched commands can outgrow a transport frame (remoting drops frames over 4 MiB by
    /// default), and a reply that never arrives stalls the catch-up of a restarted node for good.
    /// </summary>
    internal const long MaxCatchUpBytes = 1024 * 1024;

    private readonly PaxosTopology _topology;
    private readonly LearnerOptions _options;
    private readonly ReadyBuilder _ready = new();
    // Delivered values (kept for catch-up until compacted) are dense from _compactedBelow to FirstUnchosenSlot,
    // so a hash map serves catch-up by direct lookups; chosen-but-undeliverable slots are few and kept sorted.
    private readonly Dictionary<long, SlotValue> _delivered = [];
    private readonly SortedDictionary<long, SlotValue> _waiting = [];
    private readonly Dictionary<long, Dictionary<Ballot, Votes>> _votes = [];
    private readonly int[] _peers;
    private long _compactedBelow;
    private long _highestSeenSlot = -1;
    private int _ticksWithoutProgress;
    private int _nextPeer;
    private int _roundsWithoutProgress;

    /// <summary>Creates a learner with an empty log.</summary>
    /// <exception cref="ArgumentException"><paramref name="id"/> is not a learner of the topology.</exception>
    public Learner(int id, PaxosTopology topology, LearnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(options);
        if (!topology.IsLearner(id))
        {
            throw new ArgumentException($"Node {id} is not a learner in the topology.", nameof(id));
        }

        Id = id;
        _topology = topology;
        _options = options;
        _peers = [.. topology.Learners.Where(l => l != id)];
        _nextPeer = _peers.Length == 0 ? 0 : id % _peers.Length;
    }

    /// <summary>This learner's node id.</summary>
    public int Id { get; }

    /// <summary>The next slot to deliver: every slot below it was delivered, in order.</summary>
    public long FirstUnchosenSlot { get; private set; }

    /// <summary>The highest slot delivered and confirmed applied through <see cref="Advance"/>; -1 if none.</summary>
    public long AppliedThrough { get; private set; } = -1;

    /// <summary>
    /// A copy of the slots known chosen that are still retained (delivered, or waiting for a gap below to
    /// fill). O(n): meant for diagnostics and tests; use <see cref="TryGetChosen"/> on hot paths.
    /// </summary>
    public IReadOnlyDictionary<long, SlotValue> ChosenValues
    {
        get
        {
            var all = new SortedDictionary<long, SlotValue>(_waiting);
            foreach (var (slot, value) in _delivered)
            {
                all[slot] = value;
            }

            return all;
        }
    }

    /// <inheritdoc />
    public bool HasReady => _ready.HasAny;

    /// <summary>The chosen value of <paramref name="slot"/>, if known and not compacted.</summary>
    public bool TryGetChosen(long slot, out SlotValue value) =>
        _delivered.TryGetValue(slot, out value!) || _waiting.TryGetValue(slot, out value!);

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
            case Accepted accepted:
                OnAccepted(accepted);
                break;
            case Chosen chosen when _topology.IsProposer(chosen.From):
                Learn(chosen.Slot, chosen.Value);
                break;
            case CatchUpRequest { ForAcceptor: false, ForLeader: false } request when _topology.IsLearner(request.From):
                OnCatchUpRequest(request);
                break;
            case CatchUpReply reply when _topology.IsLearner(reply.From) && !reply.Entries.IsDefault:
                foreach (var entry in reply.Entries)
                {
                    if (entry is not null)
                    {
                        Learn(entry.Slot, entry.Value);
                    }
                }

                break;
            default:
                break;
        }
    }

    /// <inheritdoc />
    public void Tick()
    {
        // A known gap is repaired quickly; without one, an idle learner still probes now and then.
        bool gap = _highestSeenSlot >= FirstUnchosenSlot;
        int patience = gap ? _options.CatchUpTicks : _options.IdleProbeTicks;
        if (++_ticksWithoutProgress < patience)
        {
            return;
        }

        _ticksWithoutProgress = 0;

        // Peers are cheaper (one reply of chosen entries), but a lone learner, or learners that all restarted,
        // can only recover from the acceptors (CORE_BUGS S-5). So once every peer was tried without progress
        // the next round asks the acceptors to re-send what they accepted.
        // If even the acceptors cannot show a same-ballot quorum (the chosen value is held under mixed
        // ballots), the round after asks the proposers; the leader re-drives the gap under its own ballot.
        int round = _roundsWithoutProgress++;
        int cycle = _peers.Length + 2;
        if (round % cycle == _peers.Length + 1)
        {
            foreach (int proposer in _topology.Proposers)
            {
                _ready.Send(new CatchUpRequest(Id, proposer, FirstUnchosenSlot) { ForLeader = true });
            }

            return;
        }

        if (round % cycle == _peers.Length)
        {
            foreach (int acceptor in _topology.Acceptors)
            {
                _ready.Send(new CatchUpRequest(Id, acceptor, FirstUnchosenSlot) { ForAcceptor = true });
            }

            return;
        }

        int peer = _peers[_nextPeer];
        _nextPeer = (_nextPeer + 1) % _peers.Length;
        _ready.Send(new CatchUpRequest(Id, peer, FirstUnchosenSlot));
    }

    /// <inheritdoc />
    public Ready GetReady() => _ready.Drain();

    /// <inheritdoc />
    public void Advance(Ready ready)
    {
        ArgumentNullException.ThrowIfNull(ready);
        if (!ready.CommittedEntries.IsDefaultOrEmpty)
        {
            AppliedThrough = Math.Max(AppliedThrough, ready.CommittedEntries[^1].Slot);
        }
    }

    /// <summary>
    /// Forgets delivered values below <paramref name="belowSlot"/> once the host snapshotted them; catch-up
    /// requests below it then go unanswered by this learner.
    /// </summary>
    public void Compact(long belowSlot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(belowSlot);
        long limit = Math.Min(belowSlot, FirstUnchosenSlot);
        for (long slot = _compactedBelow; slot < limit; slot++)
        {
            _delivered.Remove(slot);
        }

        _compactedBelow = Math.Max(_compactedBelow, limit);
    }

    /// <summary>
    /// Starts delivering from <paramref name="slot"/> because the host restored a snapshot covering every
    /// slot below it; nothing below is delivered again.
    /// </summary>
    public void RestoreFrom(long slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        if (slot <= FirstUnchosenSlot)
        {
            return;
        }

        _delivered.Clear();
        foreach (long stale in _waiting.Keys.Where(s => s < slot).ToList())
        {
            _waiting.Remove(stale);
        }

        foreach (long stale in _votes.Keys.Where(s => s < slot).ToList())
        {
            _votes.Remove(stale);
        }

        FirstUnchosenSlot = slot;
        _compactedBelow = slot;
        AppliedThrough = Math.Max(AppliedThrough, slot - 1);
        Deliver();
    }

    private void OnAccepted(Accepted accepted)
    {
        if (accepted.Slot < 0 || accepted.Value is null || !_topology.Quorum.IsAcceptor(accepted.From) || accepted.Ballot.IsZero)
        {
            return;
        }

        _highestSeenSlot = Math.Max(_highestSeenSlot, accepted.Slot);
        if (accepted.Slot < FirstUnchosenSlot || _waiting.ContainsKey(accepted.Slot))
        {
            return;
        }

        if (!_votes.TryGetValue(accepted.Slot, out var byBallot))
        {
            byBallot = [];
            _votes.Add(accepted.Slot, byBallot);
        }

        if (!byBallot.TryGetValue(accepted.Ballot, out var votes))
        {
            votes = new Votes(accepted.Value);
            byBallot.Add(accepted.Ballot, votes);
        }

        // One ballot carries one value; a different value under the same ballot is garbage and not counted.
        if (!votes.Value.Equals(accepted.Value))
        {
            return;
        }

        votes.Acceptors.Add(accepted.From);
        if (_topology.Quorum.IsPhase2Quorum(votes.Acceptors))
        {
            Learn(accepted.Slot, votes.Value);
        }
    }

    private void OnCatchUpRequest(CatchUpRequest request)
    {
        if (request.FromSlot < 0)
        {
            return;
        }

        var entries = ImmutableArray.CreateBuilder<ChosenEntry>();
        long bytes = 0;
        bool Full() => entries.Count >= _options.MaxCatchUpEntries || bytes >= MaxCatchUpBytes;
        void Add(long slot, SlotValue value)
        {
            entries.Add(new ChosenEntry(slot, value));
            bytes += ApproximateSize(value);
        }

        for (long slot = Math.Max(request.FromSlot, _compactedBelow); slot < FirstUnchosenSlot && !Full(); slot++)
        {
            if (_delivered.TryGetValue(slot, out var value))
            {
                Add(slot, value);
            }
        }

        foreach (var (slot, value) in _waiting)
        {
            if (Full())
            {
                break;
            }

            if (slot >= request.FromSlot)
            {
                Add(slot, value);
            }
        }

        if (entries.Count > 0)
        {
            _ready.Send(new CatchUpReply(Id, request.From, entries.ToImmutable()));
        }
    }

    /// <summary>Roughly the encoded size of <paramref name="value"/>: payloads plus per-command id overhead.</summary>
    internal static long ApproximateSize(SlotValue value)
    {
        long size = 8;
        if (!value.Commands.IsDefault)
        {
            foreach (var command in value.Commands)
            {
                size += (command.Payload?.Length ?? 0) + (command.Id.ClientId?.Length ?? 0) + 16;
            }
        }

        return size;
    }

    private void Learn(long slot, SlotValue? value)
    {
        if (slot < 0 || value is null)
        {
            return;
        }

        _highestSeenSlot = Math.Max(_highestSeenSlot, slot);
        if (slot < FirstUnchosenSlot || slot < _compactedBelow || !_waiting.TryAdd(slot, value))
        {
            return; // Already known: a slot's chosen value never changes, so the first report stands.
        }

        _votes.Remove(slot);
        Deliver();
    }

    private void Deliver()
    {
        bool progressed = false;
        while (_waiting.TryGetValue(FirstUnchosenSlot, out var value))
        {
            _waiting.Remove(FirstUnchosenSlot);
            _delivered[FirstUnchosenSlot] = value;
            _ready.Commit(new ChosenEntry(FirstUnchosenSlot, value));
            FirstUnchosenSlot++;
            progressed = true;
        }

        if (progressed)
        {
            _ticksWithoutProgress = 0;
            _roundsWithoutProgress = 0;
        }
    }

    private sealed class Votes(SlotValue value)
    {
        public SlotValue Value { get; } = value;

        public HashSet<int> Acceptors { get; } = [];
    }
}
