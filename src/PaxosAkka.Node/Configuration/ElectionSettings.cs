namespace PaxosAkka.Node.Configuration;

/// <summary>Heartbeats, failure detection and Bully timeouts (<c>paxos.node.election</c>; defaults in reference.conf).</summary>
public sealed record ElectionSettings(
    TimeSpan HeartbeatInterval,
    double PhiThreshold,
    TimeSpan AcceptableHeartbeatPause,
    TimeSpan MinStdDeviation,
    TimeSpan AnswerTimeout,
    TimeSpan CoordinatorTimeout);

/// <summary>Acceptor storage and its restart policy (<c>paxos.node.acceptor</c>).</summary>
public sealed record AcceptorSettings(string Plugin, TimeSpan RestartBackoffMin, TimeSpan RestartBackoffMax, int MaxRestarts);

/// <summary>Restart budget of the other role actors (<c>paxos.node.supervision</c>).</summary>
public sealed record SupervisionSettings(int MaxRestarts, TimeSpan RestartWindow);
