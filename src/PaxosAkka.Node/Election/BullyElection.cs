using System.Collections.Immutable;

namespace PaxosAkka.Node.Election;

/// <summary>What a <see cref="BullyElection"/> wants sent: one of the Bully messages to one peer.</summary>
public enum BullyMessageKind
{
    /// <summary>ELECTION to a higher candidate.</summary>
    Election,

    /// <summary>ANSWER to a lower candidate.</summary>
    Answer,

    /// <summary>COORDINATOR announcement.</summary>
    Coordinator,
}

/// <summary>One outgoing Bully message.</summary>
public readonly record struct BullyOutgoing(int To, BullyMessageKind Kind);

/// <summary>
/// The Bully algorithm (Garcia-Molina, "Elections in a Distributed Computing System", 1982) as a pure state
/// machine: the highest-id candidate that is alive becomes coordinator. It has no clock (time is <see cref="Tick"/>
/// counts) and no I/O (messages to send accumulate in <see cref="Drain"/>); the host feeds it the failure
/// detector's verdicts through <see cref="PeerDown"/> / <see cref="PeerUp"/>. It only decides who should lead:
/// Paxos stays safe even when two nodes believe they lead.
/// </summary>
public sealed class BullyElection
{
    private readonly ImmutableArray<int> _candidates;
    private readonly ImmutableArray<int> _peers;
    private readonly HashSet<int> _down = [];
    private readonly List<BullyOutgoing> _outbox = [];
    private readonly int _answerTimeoutTicks;
    private readonly int _coordinatorTimeoutTicks;
    private int _timer;

    /// <summary>Creates the election of node <paramref name="self"/>.</summary>
    /// <param name="self">This node's id.</param>
    /// <param name="candidates">Ids that may lead (the proposer nodes); may or may not include <paramref name="self"/>.</param>
    /// <param name="members">Every node id (all are told who coordinates).</param>
    /// <param name="answerTimeoutTicks">Ticks to wait for an ANSWER before winning.</param>
    /// <param name="coordinatorTimeoutTicks">Ticks to wait for COORDINATOR after an ANSWER before starting over.</param>
    public BullyElection(int self, IEnumerable<int> candidates, IEnumerable<int> members, int answerTimeoutTicks, int coordinatorTimeoutTicks)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(members);
        ArgumentOutOfRangeException.ThrowIfLessThan(answerTimeoutTicks, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(coordinatorTimeoutTicks, 1);
        Self = self;
        _candidates = [.. candidates.Distinct().Order()];
        _peers = [.. members.Distinct().Where(m => m != self).Order()];
        _answerTimeoutTicks = answerTimeoutTicks;
        _coordinatorTimeoutTicks = coordinatorTimeoutTicks;
    }

    /// <summary>This node's id.</summary>
    public int Self { get; }

    /// <summary>The coordinator this node follows; null while an election runs.</summary>
    public int? Coordinator { get; private set; }

    /// <summary>The current phase.</summary>
    public BullyPhase Phase { get; private set; } = BullyPhase.Idle;

    /// <summary>True when this node may lead.</summary>
    public bool IsCandidate => _candidates.Contains(Self);

    /// <summary>Peers the failure detector holds down.</summary>
    public IReadOnlyCollection<int> Down => _down;

    /// <summary>Starts an election (at start-up, or when the coordinator is suspected).</summary>
    public void Start()
    {
        if (!IsCandidate)
        {
            return;
        }

        Coordinator = null;
        var higher = _candidates.Where(c => c > Self && !_down.Contains(c)).ToList();
        if (higher.Count == 0)
        {
            Win();
            return;
        }

        foreach (int candidate in higher)
        {
            _outbox.Add(new BullyOutgoing(candidate, BullyMessageKind.Election));
        }

        Phase = BullyPhase.Electing;
        _timer = _answerTimeoutTicks;
    }

    /// <summary>ELECTION from <paramref name="from"/>: a lower candidate is answered and bullied.</summary>
    public void OnElection(int from)
    {
        if (!IsCandidate || from >= Self)
        {
            return;
        }

        _outbox.Add(new BullyOutgoing(from, BullyMessageKind.Answer));
        if (Coordinator == Self)
        {
            _outbox.Add(new BullyOutgoing(from, BullyMessageKind.Coordinator));
        }
        else if (Phase == BullyPhase.Idle)
        {
            Start();
        }
    }

    /// <summary>ANSWER from a higher candidate: wait for its COORDINATOR.</summary>
    public void OnAnswer(int from)
    {
        if (Phase == BullyPhase.Electing && from > Self)
        {
            Phase = BullyPhase.AwaitingCoordinator;
            _timer = _coordinatorTimeoutTicks;
        }
    }

    /// <summary>COORDINATOR from <paramref name="from"/>: follow it, unless this node outranks it (then bully).</summary>
    public void OnCoordinator(int from)
    {
        if (IsCandidate && from < Self)
        {
            if (Phase == BullyPhase.Idle && Coordinator != Self)
            {
                Start();
            }
            else if (Coordinator == Self)
            {
                _outbox.Add(new BullyOutgoing(from, BullyMessageKind.Coordinator));
            }

            return;
        }

        Coordinator = from;
        Phase = BullyPhase.Idle;
    }

    /// <summary>The failure detector suspects <paramref name="peer"/>; if it was the coordinator, elect again.</summary>
    public void PeerDown(int peer)
    {
        if (!_down.Add(peer))
        {
            return;
        }

        if (Coordinator == peer)
        {
            Coordinator = null;
            if (IsCandidate)
            {
                Start();
            }
        }
    }

    /// <summary><paramref name="peer"/> is heard again; a coordinator re-announces itself to it.</summary>
    public void PeerUp(int peer)
    {
        _down.Remove(peer);
        if (Coordinator == Self && _peers.Contains(peer))
        {
            _outbox.Add(new BullyOutgoing(peer, BullyMessageKind.Coordinator));
        }
    }

    /// <summary>Counts down the phase timers.</summary>
    public void Tick()
    {
        if (Phase == BullyPhase.Idle || --_timer > 0)
        {
            return;
        }

        if (Phase == BullyPhase.Electing)
        {
            Win();
        }
        else
        {
            Start();
        }
    }

    /// <summary>Takes the messages to send.</summary>
    public IReadOnlyList<BullyOutgoing> Drain()
    {
        var drained = _outbox.ToArray();
        _outbox.Clear();
        return drained;
    }

    private void Win()
    {
        Coordinator = Self;
        Phase = BullyPhase.Idle;
        foreach (int peer in _peers)
        {
            _outbox.Add(new BullyOutgoing(peer, BullyMessageKind.Coordinator));
        }
    }
}

/// <summary>Phases of a Bully election.</summary>
public enum BullyPhase
{
    /// <summary>Following <see cref="BullyElection.Coordinator"/> (or nothing yet, as a non-candidate).</summary>
    Idle,

    /// <summary>ELECTION sent to higher candidates; waiting for an ANSWER.</summary>
    Electing,

    /// <summary>Answered by a higher candidate; waiting for its COORDINATOR.</summary>
    AwaitingCoordinator,
}
