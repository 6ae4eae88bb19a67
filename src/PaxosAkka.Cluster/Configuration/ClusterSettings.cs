using System.Collections.Immutable;
using PaxosAkka.Cluster.FailureDetection;
using PaxosAkka.Cluster.SplitBrain;
using PaxosAkka.Hocon;

namespace PaxosAkka.Cluster;

/// <summary>
/// <c>paxos.cluster</c>, parsed once. Every default lives in the module's embedded reference.conf, which
/// documents it; this class only reads and validates.
/// </summary>
public sealed class ClusterSettings
{
    /// <summary>The section this class reads.</summary>
    public const string Section = "paxos.cluster";

    /// <summary>The module's embedded reference.conf.</summary>
    public static readonly Config Reference = ConfigurationFactory.FromResource(typeof(ClusterSettings).Assembly, "reference.conf");

    private ClusterSettings(Config c)
    {
        SeedNodes = [.. c.GetStringList("seed-nodes").Select(ParseSeed)];
        SeedNodeTimeout = Positive(c, "seed-node-timeout");
        RetryUnsuccessfulJoinAfter = Positive(c, "retry-unsuccessful-join-after");
        Roles = [.. c.GetStringList("roles")];
        GossipInterval = Positive(c, "gossip-interval");
        LeaderActionsInterval = Positive(c, "leader-actions-interval");
        UnreachableNodesReaperInterval = Positive(c, "unreachable-nodes-reaper-interval");
        DownRemovalMargin = NotNegative(c, "down-removal-margin");
        PruneGossipTombstonesAfter = Positive(c, "prune-gossip-tombstones-after");
        RunCoordinatedShutdownWhenDown = c.GetBoolean("run-coordinated-shutdown-when-down");

        var fd = c.GetConfig("failure-detector");
        HeartbeatInterval = Positive(fd, "heartbeat-interval", "failure-detector.");
        MonitoredByNrOfMembers = fd.GetInt("monitored-by-nr-of-members");
        ExpectedResponseAfter = Positive(fd, "expected-response-after", "failure-detector.");
        FailureDetector = Checked(() => new PhiAccrualFailureDetectorSettings
        {
            Threshold = fd.GetDouble("threshold"),
            MaxSampleSize = fd.GetInt("max-sample-size"),
            MinStdDeviation = fd.GetTimeSpan("min-std-deviation"),
            AcceptableHeartbeatPause = fd.GetTimeSpan("acceptable-heartbeat-pause"),
            FirstHeartbeatEstimate = HeartbeatInterval,
        }.Validate(), "failure-detector");
        if (MonitoredByNrOfMembers < 1)
        {
            throw new ConfigException($"{Section}.failure-detector.monitored-by-nr-of-members must be at least 1, not {MonitoredByNrOfMembers}.");
        }

        var sbr = c.GetConfig("split-brain-resolver");
        var role = sbr.GetString("role");
        SplitBrainResolver = new SplitBrainResolverSettings
        {
            ActiveStrategy = sbr.GetString("active-strategy"),
            StableAfter = NotNegative(sbr, "stable-after", "split-brain-resolver."),
            QuorumSize = sbr.GetInt("static-quorum.quorum-size"),
            DownIfAlone = sbr.GetBoolean("keep-oldest.down-if-alone"),
            Role = string.IsNullOrEmpty(role) ? null : role,
        };
        if (SplitBrainResolver.IsEnabled)
        {
            // Fail at start-up, not at the first partition.
            Checked(() => SplitBrainStrategy.Create(SplitBrainResolver), "split-brain-resolver");
        }
    }

    /// <summary>seed-nodes: contact points in order; the first one may form the cluster.</summary>
    public ImmutableList<NodeAddress> SeedNodes { get; }

    public TimeSpan SeedNodeTimeout { get; }

    public TimeSpan RetryUnsuccessfulJoinAfter { get; }

    public ImmutableList<string> Roles { get; }

    public TimeSpan GossipInterval { get; }

    public TimeSpan LeaderActionsInterval { get; }

    public TimeSpan UnreachableNodesReaperInterval { get; }

    public TimeSpan DownRemovalMargin { get; }

    public TimeSpan PruneGossipTombstonesAfter { get; }

    /// <summary>Terminate the actor system when this node is downed, removed or has exited.</summary>
    public bool RunCoordinatedShutdownWhenDown { get; }

    public TimeSpan HeartbeatInterval { get; }

    public int MonitoredByNrOfMembers { get; }

    public TimeSpan ExpectedResponseAfter { get; }

    /// <summary>The phi accrual detector's tuning (its first-heartbeat estimate is the heartbeat interval).</summary>
    public PhiAccrualFailureDetectorSettings FailureDetector { get; }

    public SplitBrainResolverSettings SplitBrainResolver { get; }

    /// <summary>Reads <c>paxos.cluster</c> from <paramref name="config"/> with reference.conf as fallback.</summary>
    public static ClusterSettings Create(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var section = config.WithFallback(Reference).GetConfig(Section);
        if (section.IsEmpty)
        {
            throw new ConfigException($"Missing section '{Section}' in {config.Origin}; is the cluster reference.conf embedded?");
        }

        return new ClusterSettings(section);
    }

    /// <summary>The defaults alone.</summary>
    public static ClusterSettings Default() => Create(ConfigurationFactory.Empty);

    private static NodeAddress ParseSeed(string text) =>
        NodeAddress.TryParse(text, out var address)
            ? address
            : throw new ConfigException(
                $"{Section}.seed-nodes: '{text}' is not a node address; expected protocol://system@host:port, e.g. paxos.tcp://paxos@127.0.0.1:2552");

    private static TimeSpan Positive(Config c, string path, string scope = "")
    {
        var value = c.GetTimeSpan(path);
        return value > TimeSpan.Zero ? value : throw new ConfigException($"{Section}.{scope}{path} must be positive, not {value}.");
    }

    private static TimeSpan NotNegative(Config c, string path, string scope = "")
    {
        var value = c.GetTimeSpan(path);
        return value >= TimeSpan.Zero ? value : throw new ConfigException($"{Section}.{scope}{path} must not be negative, not {value}.");
    }

    private static T Checked<T>(Func<T> build, string section)
    {
        try
        {
            return build();
        }
        catch (ArgumentException e)
        {
            throw new ConfigException($"{Section}.{section}: {e.Message}", e);
        }
    }
}
