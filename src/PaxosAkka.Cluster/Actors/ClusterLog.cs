using Microsoft.Extensions.Logging;

namespace PaxosAkka.Cluster;

/// <summary>Source-generated log messages of the cluster actors (event ids 5000-5099).</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(5001, LogLevel.Information, "Cluster node {Self} formed a new cluster as first seed node")]
    public static partial void LogInfoFormedCluster(ILogger logger, UniqueAddress self);

    [LoggerMessage(5002, LogLevel.Information, "Cluster node {Self} was welcomed by {From}")]
    public static partial void LogInfoWelcomed(ILogger logger, UniqueAddress self, UniqueAddress from);

    [LoggerMessage(5003, LogLevel.Information, "Cluster node {Self}: join of {Node} -> {Outcome}")]
    public static partial void LogInfoJoin(ILogger logger, UniqueAddress self, UniqueAddress node, JoinOutcome outcome);

    [LoggerMessage(5004, LogLevel.Information, "Cluster node {Self} is leader: moved up [{Up}], to exiting [{Exiting}], removed [{Removed}]")]
    public static partial void LogInfoLeaderActions(ILogger logger, UniqueAddress self, string up, string exiting, string removed);

    [LoggerMessage(5005, LogLevel.Warning, "Cluster node {Self} marked unreachable: [{Nodes}]")]
    public static partial void LogWarningUnreachable(ILogger logger, UniqueAddress self, string nodes);

    [LoggerMessage(5006, LogLevel.Information, "Cluster node {Self} marked reachable again: [{Nodes}]")]
    public static partial void LogInfoReachable(ILogger logger, UniqueAddress self, string nodes);

    [LoggerMessage(5007, LogLevel.Warning, "Cluster node {Self}: split-brain resolver ({Strategy}) downs [{Nodes}]")]
    public static partial void LogWarningSplitBrainDowning(ILogger logger, UniqueAddress self, string strategy, string nodes);

    [LoggerMessage(5008, LogLevel.Warning, "Cluster node {Self} is {Status}; shutting down")]
    public static partial void LogWarningSelfGone(ILogger logger, UniqueAddress self, MemberStatus status);

    [LoggerMessage(5009, LogLevel.Warning, "Cluster node {Self} refused a malformed gossip from {From}: {Reason}")]
    public static partial void LogWarningMalformedGossip(ILogger logger, UniqueAddress self, UniqueAddress from, string reason);

    [LoggerMessage(5010, LogLevel.Information, "Cluster node {Self}: {Address} marked Down")]
    public static partial void LogInfoDown(ILogger logger, UniqueAddress self, NodeAddress address);
}
