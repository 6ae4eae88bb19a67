using static PaxosAkka.Consensus.PaxosProtocol;

namespace PaxosAkka.Consensus;

/// <summary>
/// Phase 1 of the Multi-Paxos proposer: one ballot covering every slot from the first unchosen one, its reports
/// gathered in chunks.
/// </summary>
/// <remarks>
/// Acceptors bound their Promises (<see cref="AcceptorOptions"/>) and say where they stopped
/// (<see cref="Promise.ReportedBelow"/>), because a Promise carrying a long log outgrows a transport frame and
/// never arrives. The promise itself covers every slot at once; only the REPORT is chunked. So the proposer keeps,
/// per acceptor, how far that acceptor's reports reach contiguously from the phase-1 start, asks it again from
/// there under the SAME ballot (the acceptor answers an equal ballot again, Paxos Made Simple §2.2) and becomes
/// leader only once a phase-1 quorum has reported everything. Phase 2 therefore proposes only in slots that a
/// quorum of promisers reported on (P2c). Starting phase 2 earlier for the covered prefix would buy nothing: new
/// commands go above the highest adopted slot, which is unknown until the reports are complete.
/// Every report of this ballot was taken after its acceptor promised it, so adopting the highest-ballot value over
/// any superset of a quorum's reports is as safe as over the quorum itself.
/// </remarks>
public sealed partial class Proposer
{
    private readonly Dictionary<int, long> _reportedBelow = [];
    private readonly Dictionary<long, AcceptedEntry> _adopted = [];
    private long _phaseOneFrom;
    private long _compactedBelow;
    private int _phaseOneTicks;

    /// <summary>
    /// The lowest slot phase 1 still needs reports for: below it every slot is known chosen (learned, or
    /// compacted by an acceptor), and no leader proposes there.
    /// </summary>
    private long PhaseOneStart => Math.Max(Math.Max(_phaseOneFrom, _compactedBelow), FirstUnchosenSlot);

    private void StartPhaseOne()
    {
        _reportedBelow.Clear();
        _adopted.Clear();
        AbandonInFlight(Id);
        _compactedBelow = 0;
        _phaseOneFrom = FirstUnchosenSlot;
        ForgetSent();
        Become(Campaigning, PhaseOneTick, leader: false, campaigning: true);
        SendPrepares();
    }

    private void Campaigning(PaxosMessage message)
    {
        if (message is Promise promise && promise.Ballot == CurrentBallot && _topology.Quorum.IsAcceptor(promise.From))
        {
            OnPromise(promise);
        }
    }

    private void OnPromise(Promise promise)
    {
        _compactedBelow = Math.Max(_compactedBelow, promise.CompactedBelow);
        if (promise.CompactedBelow > 0)
        {
            // Compacted slots were chosen and snapshotted; remember it so later campaigns start above them.
            ObserveChosenBelow(promise.CompactedBelow);
        }

        // Paxos Made Simple §2.2 (P2c) and §3: per slot, adopt the value accepted with the highest ballot
        // by any promiser; the leader must re-propose it rather than its own.
        long start = PhaseOneStart;
        if (!promise.Accepted.IsDefault)
        {
            foreach (var entry in promise.Accepted)
            {
                if (entry is null || entry.Value is null || entry.Slot < start)
                {
                    continue;
                }

                if (!_adopted.TryGetValue(entry.Slot, out var current) || entry.Ballot > current.Ballot)
                {
                    _adopted[entry.Slot] = entry;
                }
            }
        }

        if (ExtendReport(promise, start) is long next)
        {
            // A chunk arrived and more remains: ask for the next one at once rather than at the retransmit tick.
            _ready.Send(new Prepare(Id, promise.From, CurrentBallot, next));
        }

        if (_topology.Quorum.IsPhase1Quorum(_reportedBelow.Where(r => r.Value == long.MaxValue).Select(r => r.Key)))
        {
            BecomeLeader();
        }
    }

    /// <summary>
    /// Extends how far <paramref name="promise"/>'s acceptor has reported. Only a chunk that starts within what is
    /// already covered (its earlier chunks, or slots known chosen below <paramref name="start"/>) extends it: a
    /// chunk beyond a hole (a reordered or lost reply) says nothing about the hole. Returns the slot to ask from
    /// next when the report grew but is not complete yet.
    /// </summary>
    private long? ExtendReport(Promise promise, long start)
    {
        long stored = _reportedBelow.GetValueOrDefault(promise.From, _phaseOneFrom);
        long covered = Math.Max(stored, start);
        if (promise.FromSlot > covered)
        {
            return null; // Beyond a hole: says nothing about the slots in between.
        }

        long extended = Math.Max(covered, promise.ReportedBelow);
        if (extended <= stored)
        {
            return null; // A duplicate or late chunk adding nothing: asking again would only echo it.
        }

        _reportedBelow[promise.From] = extended;
        return extended == long.MaxValue ? null : extended;
    }

    private void PhaseOneTick()
    {
        if (++_phaseOneTicks >= _options.RetransmitTicks)
        {
            // Slots learned chosen meanwhile (a restarted node's learner catching up) need no report: a retransmit
            // asks only from the first unchosen slot, so a Promise shrinks instead of carrying the whole log.
            _phaseOneFrom = Math.Max(_phaseOneFrom, FirstUnchosenSlot);
            SendPrepares();
        }
    }

    /// <summary>(Re)sends a Prepare to every acceptor whose report is incomplete, from where its report stops.</summary>
    private void SendPrepares()
    {
        _phaseOneTicks = 0;
        long start = PhaseOneStart;
        foreach (int acceptor in _topology.Acceptors)
        {
            long covered = _reportedBelow.GetValueOrDefault(acceptor, _phaseOneFrom);
            if (covered != long.MaxValue)
            {
                _ready.Send(new Prepare(Id, acceptor, CurrentBallot, Math.Max(covered, start)));
            }
        }
    }
}
