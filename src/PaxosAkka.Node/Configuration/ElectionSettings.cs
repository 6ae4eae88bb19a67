namespace PaxosAkka.Node.Configuration;

/// <summary>Heartbeats, failure detection and Bully timeouts (<c>paxos.node.election</c>; defaults in reference.conf).</summary>
/// <param name="MaxCandidateLagSlots">
/// How many slots a candidate's learner may trail the furthest live node and still stand for leader (default 256,
/// about a few heartbeats of writes at full load): a restarted node further behind defers to a caught-up candidate
/// instead of winning at once and running phase 1 over the log it missed (Election.CandidateProgress).
/// </param>
public sealed record ElectionSettings(
    TimeSpan HeartbeatInterval,
    double PhiThreshold,
    TimeSpan AcceptableHeartbeatPause,
    TimeSpan MinStdDeviation,
    TimeSpan AnswerTimeout,
    TimeSpan CoordinatorTimeout,
    long MaxCandidateLagSlots = 256,
    bool StableLeader = true);

/// <summary>Acceptor storage and its restart policy (<c>paxos.node.acceptor</c>).</summary>
public sealed record AcceptorSettings(string Plugin, TimeSpan RestartBackoffMin, TimeSpan RestartBackoffMax, int MaxRestarts);

/// <summary>Restart budget of the other role actors (<c>paxos.node.supervision</c>).</summary>
public sealed record SupervisionSettings(int MaxRestarts, TimeSpan RestartWindow);
