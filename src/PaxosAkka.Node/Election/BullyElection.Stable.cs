namespace PaxosAkka.Node.Election;

/// <summary>
/// Stable-leader mode (on by default in the node): classic Bully makes the highest live candidate lead, so a node
/// that returns (a restart, or the leader resuming after a pause) deposes the coordinator that took over, costing a
/// second leader change. Here every win carries an epoch one above the highest seen, announcements carry it, and a
/// node follows the announcement with the highest (epoch, id): a returning node adopts the sitting coordinator, and a
/// resumed old coordinator yields to the newer one. A coordinator is replaced only when it is suspected down.
/// </summary>
public sealed partial class BullyElection
{
    private readonly bool _stable;
    private long _epoch;
    private bool _listened;

    /// <summary>The epoch of the current coordinator's win (announced with every COORDINATOR); 0 before any.</summary>
    public long CoordinatorEpoch { get; private set; }

    /// <summary>True when stable-leader mode is on.</summary>
    public bool IsStable => _stable;

    private bool FollowsLiveCoordinator => Coordinator is int current && current != Self && !_down.Contains(current);

    /// <summary>
    /// In stable mode a node that has just started listens for one answer timeout before it may win, so that the
    /// sitting coordinator (which re-announces itself to a peer it hears again) reaches it first.
    /// </summary>
    private bool ListenFirst()
    {
        if (!_stable || _listened)
        {
            return false;
        }

        _listened = true;
        Phase = BullyPhase.Electing;
        _timer = _answerTimeoutTicks;
        return true;
    }

    private void OnStableCoordinator(int from, long epoch)
    {
        _epoch = Math.Max(_epoch, epoch);
        _listened = true;
        bool newer = Coordinator is not int current || (current != Self && _down.Contains(current))
            || epoch > CoordinatorEpoch || (epoch == CoordinatorEpoch && from > current);
        if (!newer)
        {
            if (Coordinator == Self && from != Self)
            {
                // A stale coordinator (it resumed after a pause, or the partition healed): tell it who leads now.
                _outbox.Add(new BullyOutgoing(from, BullyMessageKind.Coordinator));
            }

            return;
        }

        if (IsCandidate && from < Self && !MayStand)
        {
            // Rule 4 still holds: a candidate far behind keeps deferring while it follows.
            _deferred = true;
        }

        Coordinator = from;
        CoordinatorEpoch = epoch;
        Phase = BullyPhase.Idle;
    }
}
