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
/// <remarks>
/// The 1982 algorithm assumes announcements arrive in the order they were sent. Ours travel over one connection
/// per sender, so COORDINATOR messages from different senders overtake each other: a lower node that won while a
/// higher one was slow to answer may be heard after the higher one. Convergence (every live node follows the
/// highest live candidate) therefore rests on three rules rather than on message order:
/// <list type="number">
/// <item>A COORDINATOR from a node lower than the coordinator this node follows, while that one is not suspected,
/// is stale and ignored (the higher one is alive, so the lower one cannot have legitimately beaten it).</item>
/// <item>The coordinator re-announces itself to every live peer every re-announce interval, so a node that
/// followed a lower coordinator, missed an announcement or ignored one (rule 1) while its old coordinator was
/// dead but not yet suspected, converges within that interval.</item>
/// <item>A follower of a live higher coordinator answers a lower ELECTION without starting an election of its own
/// (the lower node asked the coordinator too, which answers it with COORDINATOR), so one candidate's
/// election does not make every node drop its coordinator.</item>
/// </list>
/// With a <see cref="CandidateProgress"/> (issue 6) a fourth rule keeps a candidate whose learner is far behind
/// from taking over: it defers — no ANSWER to a lower ELECTION, no own election, no bullying of a lower
/// coordinator — while a live candidate that is caught up could lead (<see cref="CandidateProgress.MayStand"/>),
/// and stands (bullies) once it has caught up. A candidate does not win before it has heard any peer's progress
/// (it waits in answer timeouts), so a restarted highest node learns that it is behind before it can win; a
/// candidate that hears no peer at all could not reach a quorum anyway. Rules 1–3 are untouched: a deferring
/// candidate acts exactly like a non-candidate.
/// </remarks>
public sealed partial class BullyElection
{
    private readonly ImmutableArray<int> _candidates;
    private readonly ImmutableArray<int> _peers;
    private readonly HashSet<int> _down = [];
    private readonly List<BullyOutgoing> _outbox = [];
    private readonly int _answerTimeoutTicks;
    private readonly int _coordinatorTimeoutTicks;
    private readonly int _reannounceTicks;
    private readonly CandidateProgress? _progress;
    private bool _deferred;
    private int _timer;
    private int _reannounceTimer;

    /// <summary>Creates the election of node <paramref name="self"/>.</summary>
    /// <param name="self">This node's id.</param>
    /// <param name="candidates">Ids that may lead (the proposer nodes); may or may not include <paramref name="self"/>.</param>
    /// <param name="members">Every node id (all are told who coordinates).</param>
    /// <param name="answerTimeoutTicks">Ticks to wait for an ANSWER before winning.</param>
    /// <param name="coordinatorTimeoutTicks">Ticks to wait for COORDINATOR after an ANSWER before starting over.</param>
    /// <param name="reannounceTicks">
    /// Ticks between a coordinator's repeated announcements; null = <paramref name="answerTimeoutTicks"/>, so a
    /// misled follower converges within about one answer timeout.
    /// </param>
    /// <param name="progress">Learner watermarks for the catch-up rule (remarks); null = plain Bully.</param>
    public BullyElection(
        int self,
        IEnumerable<int> candidates,
        IEnumerable<int> members,
        int answerTimeoutTicks,
        int coordinatorTimeoutTicks,
        int? reannounceTicks = null,
        CandidateProgress? progress = null,
        bool stableLeader = false)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(members);
        ArgumentOutOfRangeException.ThrowIfLessThan(answerTimeoutTicks, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(coordinatorTimeoutTicks, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(reannounceTicks ?? answerTimeoutTicks, 1, nameof(reannounceTicks));
        Self = self;
        _candidates = [.. candidates.Distinct().Order()];
        _peers = [.. members.Distinct().Where(m => m != self).Order()];
        _answerTimeoutTicks = answerTimeoutTicks;
        _coordinatorTimeoutTicks = coordinatorTimeoutTicks;
        _reannounceTicks = reannounceTicks ?? answerTimeoutTicks;
        _progress = progress;
        _stable = stableLeader;
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

    /// <summary>The learner watermarks the host feeds (own and from peers' heartbeats); null for plain Bully.</summary>
    public CandidateProgress? Progress => _progress;

    /// <summary>True while this candidate holds back because its learner is far behind (remarks, rule 4).</summary>
    public bool IsDeferring => _deferred && Coordinator != Self;

    private bool MayStand => _progress is null || _progress.MayStand(Self, _candidates, _down);

    /// <summary>False while rule 4 is on and no peer has reported its progress yet (a node alone knows no peers).</summary>
    private bool KnowsPeerProgress => _progress is null || _progress.HeardFromPeers || _peers.Length == 0;

    /// <summary>Starts an election (at start-up, or when the coordinator is suspected).</summary>
    public void Start()
    {
        if (!IsCandidate)
        {
            return;
        }

        if (_stable && FollowsLiveCoordinator)
        {
            // Stable leader: a live, serving coordinator is not deposed, whatever its id.
            return;
        }

        Coordinator = null;
        if (!MayStand)
        {
            Defer();
            return;
        }

        var higher = _candidates.Where(c => c > Self && !_down.Contains(c)).ToList();
        if (higher.Count == 0 && !KnowsPeerProgress)
        {
            // Nobody has told us their progress yet (we just started): wait before winning.
            Phase = BullyPhase.Electing;
            _timer = _answerTimeoutTicks;
            return;
        }

        if (higher.Count == 0 && ListenFirst())
        {
            return;
        }

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

    /// <summary>
    /// ELECTION from <paramref name="from"/>: a lower candidate is answered and bullied. A coordinator tells it
    /// so at once; a follower of a live higher coordinator leaves that to the coordinator (remarks, rule 3);
    /// anyone else takes over the election.
    /// </summary>
    public void OnElection(int from)
    {
        if (!IsCandidate || from >= Self)
        {
            return;
        }

        if (Coordinator != Self && !MayStand)
        {
            // Rule 4: no ANSWER, so the lower candidate wins after its answer timeout.
            _deferred = true;
            return;
        }

        _outbox.Add(new BullyOutgoing(from, BullyMessageKind.Answer));
        if (Coordinator == Self)
        {
            _outbox.Add(new BullyOutgoing(from, BullyMessageKind.Coordinator));
        }
        else if (Phase == BullyPhase.Idle && !FollowsLiveHigherThan(Self) && !(_stable && FollowsLiveCoordinator))
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
    public void OnCoordinator(int from, long epoch = 0)
    {
        if (_down.Contains(from))
        {
            // A late word from a peer held down: following it would pin a dead coordinator that no PeerDown will
            // clear again. If it is alive after all, it is heard again (PeerUp) and re-announces itself.
            return;
        }

        if (_stable)
        {
            OnStableCoordinator(from, epoch);
            return;
        }

        if (IsCandidate && from < Self && Coordinator != Self && !MayStand)
        {
            // Rule 4: a candidate far behind follows the lower coordinator until it has caught up.
            _deferred = true;
        }
        else if (IsCandidate && from < Self)
        {
            // A follower of a live higher coordinator leaves the bullying to that coordinator, which was told too.
            if (Phase == BullyPhase.Idle && Coordinator != Self && !FollowsLiveHigherThan(Self))
            {
                Start();
            }
            else if (Coordinator == Self)
            {
                _outbox.Add(new BullyOutgoing(from, BullyMessageKind.Coordinator));
            }

            return;
        }

        if (FollowsLiveHigherThan(from))
        {
            // A stale announcement that overtook, or was overtaken by, the live coordinator's (remarks, rule 1).
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

        _progress?.Forget(peer);

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

    /// <summary>Counts down the phase timers; a coordinator re-announces itself when its interval ran out (remarks, rule 2).</summary>
    public void Tick()
    {
        if (Coordinator == Self && --_reannounceTimer <= 0)
        {
            Announce();
        }

        if (_deferred && Phase == BullyPhase.Idle && Coordinator != Self && !FollowsLiveHigherThan(Self) && !(_stable && FollowsLiveCoordinator) && MayStand)
        {
            // Rule 4: caught up now, so stand (and bully a lower coordinator) as Bully would have at once.
            _deferred = false;
            Start();
            return;
        }

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
        if (!KnowsPeerProgress)
        {
            // Rule 4: whether we are far behind is unknown until a peer reports; ask again after another timeout.
            Phase = BullyPhase.Electing;
            _timer = _answerTimeoutTicks;
            return;
        }

        if (!MayStand)
        {
            Defer();
            return;
        }

        _deferred = false;
        Coordinator = Self;
        CoordinatorEpoch = ++_epoch;
        Phase = BullyPhase.Idle;
        Announce();
    }

    /// <summary>COORDINATOR to every peer not suspected down; a suspected one is told when it is heard again (<see cref="PeerUp"/>).</summary>
    private void Announce()
    {
        _reannounceTimer = _reannounceTicks;
        foreach (int peer in _peers)
        {
            if (!_down.Contains(peer))
            {
                _outbox.Add(new BullyOutgoing(peer, BullyMessageKind.Coordinator));
            }
        }
    }

    /// <summary>Rule 4: hold back like a non-candidate until <see cref="CandidateProgress.MayStand"/> holds (checked every tick).</summary>
    private void Defer()
    {
        _deferred = true;
        Phase = BullyPhase.Idle;
    }

    /// <summary>True while this node follows another coordinator above <paramref name="id"/> that is not suspected down.</summary>
    private bool FollowsLiveHigherThan(int id) =>
        Coordinator is int current && current != Self && current > id && !_down.Contains(current);
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
