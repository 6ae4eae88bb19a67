using static PaxosAkka.Consensus.PaxosProtocol;

namespace PaxosAkka.Consensus;

/// <summary>Phase 2 of the Multi-Paxos proposer: adopted values and no-ops first, then batches of commands.</summary>
public sealed partial class Proposer
{
    private readonly SortedDictionary<long, InFlight> _inFlight = [];
    private long _nextSlot;
    private long _lastAdoptedSlot;
    private ChosenEntry? _lastChosen;
    private int _idleTicks;

    private bool CanFillWindow =>
        IsLeader && _inFlight.Count < _options.PipelineWindow && (_nextSlot <= _lastAdoptedSlot || _pending.Count > 0);

    private void BecomeLeader()
    {
        // Slots below the start are chosen: known to our learner, or compacted by an acceptor (so chosen
        // and snapshotted elsewhere). Proposing a no-op there could contradict the chosen value.
        long start = Math.Max(Math.Max(_phaseOneFrom, _compactedBelow), FirstUnchosenSlot);
        _nextSlot = start;
        _lastAdoptedSlot = _adopted.Keys.Where(slot => slot >= start).DefaultIfEmpty(start - 1).Max();
        _idleTicks = 0;
        EndRedrive();
        KnownLeader = Id;
        Become(Leading, LeadingTick, leader: true, campaigning: false);
        _ready.Report(new BecameLeader(CurrentBallot));
        FillWindow();
    }

    private void Leading(PaxosMessage message)
    {
        if (message is Promise promise && promise.Ballot == CurrentBallot && _topology.Quorum.IsAcceptor(promise.From))
        {
            OnRedrivePromise(promise);
            return;
        }

        if (message is Accepted accepted
            && accepted.Ballot == CurrentBallot
            && _topology.Quorum.IsAcceptor(accepted.From)
            && _inFlight.TryGetValue(accepted.Slot, out var slot)
            && (ReferenceEquals(accepted.Value, slot.Value) || slot.Value.Equals(accepted.Value)))
        {
            // The value check is defensive: one ballot carries one value per slot, so a mismatch is garbage.
            slot.Acks.Add(accepted.From);
            if (_topology.Quorum.IsPhase2Quorum(slot.Acks))
            {
                OnChosen(accepted.Slot, slot.Value);
            }
        }
    }

    private void OnChosen(long slot, SlotValue value)
    {
        var entry = new ChosenEntry(slot, value);
        _lastChosen = entry;
        _idleTicks = 0;
        SendChosen(entry);
        MarkChosen(slot);
    }

    /// <summary>Assigns slots to adopted values, no-ops and batched commands while the window has room.</summary>
    private void FillWindow()
    {
        while (CanFillWindow)
        {
            long slot = _nextSlot++;
            if (IsKnownChosen(slot))
            {
                continue;
            }

            SlotValue value;
            bool own = false;
            if (slot <= _lastAdoptedSlot)
            {
                // Paxos Made Simple §3: gaps in the adopted range get a no-op so later slots can be delivered.
                value = _adopted.TryGetValue(slot, out var adopted) ? adopted.Value : SlotValue.NoOp;
            }
            else
            {
                value = TakeBatch();
                own = true;
            }

            var inFlight = new InFlight(value, own);
            _inFlight.Add(slot, inFlight);
            SendAccepts(slot, inFlight);
        }

        if (IsLeader && _nextSlot > _lastAdoptedSlot && _adopted.Count > 0)
        {
            _adopted.Clear();
        }
    }

    private SlotValue TakeBatch()
    {
        int limit = Math.Min(_pending.Count, _options.MaxBatchSize);
        var commands = new List<Command>(limit);
        long bytes = 0;
        while (commands.Count < limit)
        {
            long size = WireSize(_pending.Peek());
            if (commands.Count > 0 && bytes + size > _options.MaxBatchBytes)
            {
                break;
            }

            bytes += size;
            commands.Add(_pending.Dequeue());
        }

        return new SlotValue([.. commands]);
    }

    /// <summary>What a command adds to a slot value on the wire, closely enough to bound a batch: payload, id and framing.</summary>
    internal static long WireSize(Command command) => command.Payload.Length + (command.Id.ClientId.Length * 3L) + 16;

    private void LeadingTick()
    {
        RedriveTick();
        ReadRoundTick();
        foreach (var (slot, inFlight) in _inFlight)
        {
            if (++inFlight.Ticks >= _options.RetransmitTicks)
            {
                SendAccepts(slot, inFlight);
            }
        }

        // An idle leader repeats its last decision as a heartbeat: a learner that lost the Chosen (and the
        // Accepteds) for the newest slot would otherwise never notice it is missing.
        if (_inFlight.Count == 0 && ++_idleTicks >= _options.RetransmitTicks && _lastChosen is not null)
        {
            _idleTicks = 0;
            SendChosen(_lastChosen);
        }
    }

    private void SendAccepts(long slot, InFlight inFlight)
    {
        inFlight.Ticks = 0;
        RememberSent(slot, inFlight.Value);
        foreach (int acceptor in _topology.Acceptors)
        {
            if (!inFlight.Acks.Contains(acceptor))
            {
                _ready.Send(new Accept(Id, acceptor, CurrentBallot, slot, inFlight.Value));
            }
        }
    }

    private void SendChosen(ChosenEntry entry)
    {
        foreach (int learner in _topology.Learners)
        {
            _ready.Send(new Chosen(Id, learner, entry.Slot, entry.Value));
        }
    }

    /// <summary>
    /// Abandons the pipeline (on step-down or a new campaign). Commands this proposer took from its own queue
    /// may or may not end up chosen, so they are reported as <see cref="ProposalRejected"/>: the client retries
    /// with the same id and <see cref="SessionTable"/> applies it once either way. Adopted values belong to
    /// other proposers' clients, who learn their fate from them.
    /// </summary>
    private void AbandonInFlight(int? leaderHint)
    {
        foreach (var inFlight in _inFlight.Values.Where(f => f.Own))
        {
            foreach (var command in inFlight.Value.Commands)
            {
                _ready.Report(new ProposalRejected(command.Id, leaderHint));
            }
        }

        _inFlight.Clear();
    }

    private sealed class InFlight(SlotValue value, bool own)
    {
        public SlotValue Value { get; } = value;

        public bool Own { get; } = own;

        public HashSet<int> Acks { get; } = [];

        public int Ticks { get; set; }
    }
}
