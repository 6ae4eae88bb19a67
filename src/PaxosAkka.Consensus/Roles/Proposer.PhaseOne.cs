using static PaxosAkka.Consensus.PaxosProtocol;

namespace PaxosAkka.Consensus;

/// <summary>Phase 1 of the Multi-Paxos proposer: one Prepare covering every slot from the first unchosen one.</summary>
public sealed partial class Proposer
{
    private readonly HashSet<int> _promisers = [];
    private readonly Dictionary<long, AcceptedEntry> _adopted = [];
    private long _phaseOneFrom;
    private long _compactedBelow;
    private int _phaseOneTicks;

    private void StartPhaseOne()
    {
        _promisers.Clear();
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
        if (!_promisers.Add(promise.From))
        {
            return; // A duplicate Promise adds nothing.
        }

        // Paxos Made Simple §2.2 (P2c) and §3: per slot, adopt the value accepted with the highest ballot
        // by any promiser; the leader must re-propose it rather than its own.
        if (!promise.Accepted.IsDefault)
        {
            foreach (var entry in promise.Accepted)
            {
                if (entry is null || entry.Value is null || entry.Slot < _phaseOneFrom)
                {
                    continue;
                }

                if (!_adopted.TryGetValue(entry.Slot, out var current) || entry.Ballot > current.Ballot)
                {
                    _adopted[entry.Slot] = entry;
                }
            }
        }

        _compactedBelow = Math.Max(_compactedBelow, promise.CompactedBelow);
        if (promise.CompactedBelow > 0)
        {
            // Compacted slots were chosen and snapshotted; remember it so later campaigns start above them.
            ObserveChosenBelow(promise.CompactedBelow);
        }

        if (_topology.Quorum.IsPhase1Quorum(_promisers))
        {
            BecomeLeader();
        }
    }

    private void PhaseOneTick()
    {
        if (++_phaseOneTicks >= _options.RetransmitTicks)
        {
            // Slots learned chosen meanwhile (a restarted node's learner catching up) need no report: a retransmit
            // asks only from the first unchosen slot, so a Promise shrinks instead of carrying the whole log (which
            // can outgrow a transport frame and then never arrive). Safe: every Prepare of this ballot asked from
            // at most the new start, so every Promise covers each slot phase 2 will propose in.
            _phaseOneFrom = Math.Max(_phaseOneFrom, FirstUnchosenSlot);
            SendPrepares();
        }
    }

    private void SendPrepares()
    {
        _phaseOneTicks = 0;
        foreach (int acceptor in _topology.Acceptors)
        {
            if (!_promisers.Contains(acceptor))
            {
                _ready.Send(new Prepare(Id, acceptor, CurrentBallot, _phaseOneFrom));
            }
        }
    }
}
