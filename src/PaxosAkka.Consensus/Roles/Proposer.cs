using static PaxosAkka.Consensus.PaxosProtocol;

namespace PaxosAkka.Consensus;

/// <summary>
/// The Multi-Paxos proposer/leader (Paxos Made Simple §3). <see cref="Campaign"/> runs phase 1 once for every
/// slot from the first unchosen one; on a phase-1 quorum it re-proposes the highest-ballot value reported per
/// slot, fills gaps with no-ops, and then runs only phase 2 for new commands (a stable leader skips phase 1),
/// packing queued commands into batches within a bounded pipeline window. A Nack of its current ballot makes
/// it step down and report <see cref="SteppedDown"/>; it never retries by itself, which is the election's job.
/// Unanswered Prepares and Accepts are retransmitted every <see cref="ProposerOptions.RetransmitTicks"/> ticks.
/// </summary>
/// <remarks>
/// A restarted proposer must not reuse a ballot it used before the crash with another value. Hosts seed it
/// with <see cref="ObserveBallot"/> from durable state (<see cref="PaxosNode"/> uses its co-located acceptor,
/// which saw the proposer's own Prepare before any Prepare left the node).
/// </remarks>
public sealed partial class Proposer : IPaxosRole
{
    private readonly PaxosTopology _topology;
    private readonly ProposerOptions _options;
    private readonly ReadyBuilder _ready = new();
    private readonly Queue<Command> _pending = new();
    private readonly SortedSet<long> _chosenAbove = [];
    private Action<PaxosMessage> _receive;
    private Action _tick;
    private Ballot _highestSeen = Ballot.Zero;

    /// <summary>Creates a proposer that starts as a follower.</summary>
    /// <exception cref="ArgumentException"><paramref name="id"/> is not a proposer of the topology.</exception>
    public Proposer(int id, PaxosTopology topology, ProposerOptions options)
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
        _receive = Following;
        _tick = static () => { };
    }

    /// <summary>This proposer's node id.</summary>
    public int Id { get; }

    /// <summary>True after phase 1 succeeded and until preempted.</summary>
    public bool IsLeader { get; private set; }

    /// <summary>True while phase 1 is running.</summary>
    public bool IsCampaigning { get; private set; }

    /// <summary>The ballot of the current (or last) campaign; <see cref="Ballot.Zero"/> before the first.</summary>
    public Ballot CurrentBallot { get; private set; } = Ballot.Zero;

    /// <summary>The highest ballot seen anywhere; the next campaign outbids it.</summary>
    public Ballot HighestSeenBallot => _highestSeen;

    /// <summary>The lowest slot this proposer does not know to be chosen.</summary>
    public long FirstUnchosenSlot { get; private set; }

    /// <summary>The node believed to lead (this one when leading); null when unknown.</summary>
    public int? KnownLeader { get; private set; }

    /// <summary>Commands waiting for window space or for phase 1 to finish.</summary>
    public int PendingCommands => _pending.Count;

    /// <summary>Slots in phase 2 and not yet known chosen.</summary>
    public int InFlightSlots => _inFlight.Count;

    /// <inheritdoc />
    public bool HasReady => _ready.HasAny || CanFillWindow || CanStartReadRound;

    /// <summary>
    /// Runs phase 1 with a ballot above any seen, for all slots from <see cref="FirstUnchosenSlot"/> on.
    /// Queued commands stay queued and go out once phase 1 succeeds.
    /// </summary>
    public void Campaign()
    {
        AbandonReads();
        CurrentBallot = Ballot.Max(_highestSeen, CurrentBallot).Next(Id);
        _highestSeen = CurrentBallot;
        StartPhaseOne();
    }

    /// <summary>
    /// Submits a client command. A leader or a campaigning proposer queues it and packs it into a slot at
    /// the next <see cref="GetReady"/>; anyone else rejects it with a leader hint.
    /// </summary>
    public void Propose(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!IsLeader && !IsCampaigning)
        {
            _ready.Report(new ProposalRejected(command.Id, KnownLeader));
            return;
        }

        if (_pending.Count >= _options.MaxPendingCommands)
        {
            _ready.Report(new ProposalRejected(command.Id, Id));
            return;
        }

        _pending.Enqueue(command);
    }

    /// <summary>
    /// Something reports <paramref name="slot"/> chosen without its value, so the leader stops driving it.
    /// Prefer <see cref="ObserveChosen(long, SlotValue)"/>: only with the value can the proposer tell its
    /// clients that their commands lost the slot to another leader's value.
    /// </summary>
    public void ObserveChosen(long slot) => MarkChosen(slot);

    /// <summary>
    /// A co-located learner (or a Chosen message) reports <paramref name="slot"/> chosen with
    /// <paramref name="value"/>. If this proposer had its own, different value in flight there (it was a stale
    /// leader), those commands were not chosen and are reported as <see cref="ProposalRejected"/> for a retry.
    /// </summary>
    public void ObserveChosen(long slot, SlotValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (_inFlight.TryGetValue(slot, out var inFlight) && inFlight.Own && !inFlight.Value.Equals(value))
        {
            foreach (var command in inFlight.Value.Commands)
            {
                _ready.Report(new ProposalRejected(command.Id, KnownLeader == Id ? null : KnownLeader));
            }
        }

        MarkChosen(slot);
    }

    /// <summary>
    /// Every slot below <paramref name="belowSlot"/> is known chosen without knowing the values: an acceptor
    /// compacted them (<see cref="Nack.CompactedBelow"/>, <see cref="Promise.CompactedBelow"/>) or the host
    /// restored a snapshot (<see cref="PaxosNode.RestoreFrom"/>). The proposer stops driving them. Its own
    /// commands in flight there may or may not be the chosen value, so they are reported as
    /// <see cref="ProposalRejected"/>: the client retries with the same id and <see cref="SessionTable"/>
    /// applies it once either way.
    /// </summary>
    public void ObserveChosenBelow(long belowSlot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(belowSlot);
        if (belowSlot <= FirstUnchosenSlot)
        {
            return;
        }

        foreach (long slot in _inFlight.Keys.TakeWhile(s => s < belowSlot).ToList())
        {
            var inFlight = _inFlight[slot];
            if (inFlight.Own)
            {
                foreach (var command in inFlight.Value.Commands)
                {
                    _ready.Report(new ProposalRejected(command.Id, KnownLeader == Id ? null : KnownLeader));
                }
            }

            _inFlight.Remove(slot);
        }

        _chosenAbove.RemoveWhere(s => s < belowSlot);
        FirstUnchosenSlot = belowSlot;
        while (_chosenAbove.Remove(FirstUnchosenSlot))
        {
            FirstUnchosenSlot++;
        }
    }

    /// <summary>Raises the highest ballot seen (e.g. recovered from durable state) so the next campaign outbids it.</summary>
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
            case Chosen chosen when _topology.IsProposer(chosen.From):
                if (chosen.From != Id && !IsLeader)
                {
                    KnownLeader = chosen.From;
                }

                if (chosen.Value is not null)
                {
                    ObserveChosen(chosen.Slot, chosen.Value);
                }

                break;
            case Prepare prepare:
                ObserveBallot(prepare.Ballot);
                break;
            case CatchUpRequest { ForLeader: true } request when _topology.IsLearner(request.From):
                OnRedriveRequest(request);
                break;
            case Nack nack when _topology.Quorum.IsAcceptor(nack.From):
                OnNack(nack);
                break;
            case ReadIndexProtocol.LeadershipConfirmation confirmation when _topology.Quorum.IsAcceptor(confirmation.From):
                OnLeadershipConfirmation(confirmation);
                break;
            default:
                _receive(message);
                break;
        }
    }

    /// <inheritdoc />
    public void Tick() => _tick();

    /// <inheritdoc />
    public Ready GetReady()
    {
        FillWindow();
        StartReadRound();
        return _ready.Drain();
    }

    /// <inheritdoc />
    public void Advance(Ready ready) => ArgumentNullException.ThrowIfNull(ready);

    private void Become(Action<PaxosMessage> receive, Action tick, bool leader, bool campaigning)
    {
        _receive = receive;
        _tick = tick;
        IsLeader = leader;
        IsCampaigning = campaigning;
    }

    private void Following(PaxosMessage message)
    {
        // A follower has nothing in flight: late Promises and Accepteds of an abandoned ballot are stale.
    }

    private void OnNack(Nack nack)
    {
        ObserveBallot(nack.Promised);
        if (nack.CompactedBelow > 0)
        {
            // Paxos-safe: an acceptor compacts only slots that were chosen and snapshotted (CORE_BUGS S-4).
            ObserveChosenBelow(nack.CompactedBelow);
        }

        // Only a refusal of the ballot in use preempts us; a delayed Nack of an older ballot is harmless.
        if ((IsLeader || IsCampaigning) && nack.Rejected == CurrentBallot && nack.Promised > CurrentBallot)
        {
            StepDown(nack.Promised);
        }
    }

    private void StepDown(Ballot preemptedBy)
    {
        Become(Following, static () => { }, leader: false, campaigning: false);
        KnownLeader = preemptedBy.ProposerId;
        AbandonInFlight(KnownLeader);
        AbandonReads();
        _ready.Report(new SteppedDown(preemptedBy));
        while (_pending.TryDequeue(out var command))
        {
            _ready.Report(new ProposalRejected(command.Id, KnownLeader));
        }
    }

    private void MarkChosen(long slot)
    {
        // Removed first: a re-driven slot (below FirstUnchosenSlot) also leaves the window once chosen again.
        _inFlight.Remove(slot);
        if (slot < FirstUnchosenSlot)
        {
            return;
        }

        _chosenAbove.Add(slot);
        while (_chosenAbove.Remove(FirstUnchosenSlot))
        {
            FirstUnchosenSlot++;
        }
    }

    private bool IsKnownChosen(long slot) => slot < FirstUnchosenSlot || _chosenAbove.Contains(slot);
}
