using static PaxosAkka.Consensus.PaxosProtocol;

namespace PaxosAkka.Consensus;

/// <summary>
/// Re-driving chosen slots for a learner that lost them (CORE_BUGS S-5). Acceptors may hold a chosen value
/// under mixed ballots (chosen at b, later re-accepted by some at b' > b), so no same-ballot quorum is left
/// for a learner to count. The leader then extends phase 1 of its OWN ballot to the learner's gap (a Prepare
/// with the same ballot; acceptors answer it again) and re-proposes, per slot, the highest-ballot value a
/// phase-1 quorum reports (Paxos Made Simple §2.2, P2c): for a chosen slot that is the chosen value, so the
/// fresh Accepteds and the leader's Chosen let learners recover. Slots nobody reports are left alone (no no-op:
/// the leader already knows them chosen, so silence means compacted).
/// </summary>
public sealed partial class Proposer
{
    /// <summary>Bound on the slots re-driven for one learner request.</summary>
    private const long MaxRedriveSlots = 256;

    /// <summary>Bound on the slots whose Accept value under the current ballot is remembered.</summary>
    private const int MaxRememberedSlots = 65_536;

    // What this proposer sent in Accepts under its current ballot, by slot. Only this proposer proposes under
    // its ballot, so for these slots its own value is the one safe value at that ballot (P2c held when it was
    // first sent). A Promise is a snapshot: one taken before those Accepts arrived (a late Promise of the
    // election, or of an earlier re-drive) would miss them and could make the leader adopt an older value
    // under the SAME ballot — two values for one (slot, ballot), which breaks Agreement. So for these slots
    // the re-drive re-sends the remembered value and never trusts the reports.
    private readonly Dictionary<long, SlotValue> _sentUnderBallot = [];
    private readonly Queue<long> _sentOrder = new();
    private long _forgottenThrough = -1;

    private readonly HashSet<int> _redrivePromisers = [];
    private readonly Dictionary<long, AcceptedEntry> _redriveAdopted = [];
    private long _redriveFrom = -1;
    private long _redriveTo;
    private int _redriveTicks;
    private long _redriveCompactedBelow;

    private void OnRedriveRequest(CatchUpRequest request)
    {
        if (!IsLeader || request.FromSlot < 0 || request.FromSlot >= FirstUnchosenSlot || _redriveFrom >= 0)
        {
            return; // Not ours to drive, nothing we know chosen is missing, or one re-drive is already running.
        }

        _redriveFrom = request.FromSlot;
        _redriveTo = Math.Min(FirstUnchosenSlot, request.FromSlot + MaxRedriveSlots);
        _redriveTicks = 0;
        _redriveCompactedBelow = 0;
        _redrivePromisers.Clear();
        _redriveAdopted.Clear();
        foreach (int acceptor in _topology.Acceptors)
        {
            _ready.Send(new Prepare(Id, acceptor, CurrentBallot, _redriveFrom));
        }
    }

    private void OnRedrivePromise(Promise promise)
    {
        // Only a report covering the whole gap counts: a late Promise of the original phase 1 (FromSlot above
        // the gap) says nothing about the gap's slots, and counting its silence could adopt a stale value.
        if (_redriveFrom < 0 || promise.FromSlot > _redriveFrom || promise.ReportedBelow <= _redriveFrom || !_redrivePromisers.Add(promise.From))
        {
            return;
        }

        // A bounded Promise (AcceptorOptions) reports nothing from ReportedBelow on: re-drive only what every
        // counted report covers, or a quorum member's silence there could let an older value win.
        _redriveTo = Math.Min(_redriveTo, promise.ReportedBelow);

        // A compacted acceptor is silent about the slots below its compaction point although they hold a
        // chosen value; those slots must never be re-proposed from the others' (possibly older) reports.
        _redriveCompactedBelow = Math.Max(_redriveCompactedBelow, promise.CompactedBelow);

        if (!promise.Accepted.IsDefault)
        {
            foreach (var entry in promise.Accepted)
            {
                if (entry?.Value is null || entry.Slot < _redriveFrom || entry.Slot >= _redriveTo)
                {
                    continue;
                }

                if (!_redriveAdopted.TryGetValue(entry.Slot, out var current) || entry.Ballot > current.Ballot)
                {
                    _redriveAdopted[entry.Slot] = entry;
                }
            }
        }

        if (!_topology.Quorum.IsPhase1Quorum(_redrivePromisers))
        {
            return;
        }

        for (long slot = Math.Max(_redriveFrom, _redriveCompactedBelow); slot < _redriveTo; slot++)
        {
            if (_inFlight.ContainsKey(slot))
            {
                continue;
            }

            // A slot never sent under this ballot holds no vote at it, so every Promise of this ballot reports
            // it as it stands (an acceptor that promised cannot accept lower any more): the highest report is
            // safe. A slot whose remembered value was evicted is left alone: its reports may be stale.
            SlotValue? value = _sentUnderBallot.TryGetValue(slot, out var sent) ? sent
                : slot > _forgottenThrough && _redriveAdopted.TryGetValue(slot, out var entry) ? entry.Value
                : null;
            if (value is not null)
            {
                var inFlight = new InFlight(value, own: false);
                _inFlight.Add(slot, inFlight);
                SendAccepts(slot, inFlight);
            }
        }

        EndRedrive();
    }

    /// <summary>Gives up a re-drive whose Promises did not arrive, so a later learner request can start anew.</summary>
    private void RedriveTick()
    {
        if (_redriveFrom >= 0 && ++_redriveTicks >= 4 * _options.RetransmitTicks)
        {
            EndRedrive();
        }
    }

    /// <summary>Records the value sent in an Accept under the current ballot (see <see cref="_sentUnderBallot"/>).</summary>
    private void RememberSent(long slot, SlotValue value)
    {
        if (!_sentUnderBallot.TryAdd(slot, value))
        {
            return;
        }

        _sentOrder.Enqueue(slot);
        while (_sentOrder.Count > MaxRememberedSlots)
        {
            long evicted = _sentOrder.Dequeue();
            _sentUnderBallot.Remove(evicted);
            _forgottenThrough = Math.Max(_forgottenThrough, evicted);
        }
    }

    /// <summary>A new ballot: nothing has been sent under it yet.</summary>
    private void ForgetSent()
    {
        _sentUnderBallot.Clear();
        _sentOrder.Clear();
        _forgottenThrough = -1;
    }

    private void EndRedrive()
    {
        _redriveFrom = -1;
        _redriveCompactedBelow = 0;
        _redrivePromisers.Clear();
        _redriveAdopted.Clear();
    }
}
