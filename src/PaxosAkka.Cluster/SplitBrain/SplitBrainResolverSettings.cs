namespace PaxosAkka.Cluster.SplitBrain;

/// <summary>
/// <c>paxos.cluster.split-brain-resolver</c>: which strategy, how long the view must be stable, and the strategies'
/// options. Defaults match Akka's.
/// </summary>
public sealed record SplitBrainResolverSettings
{
    public const string KeepMajorityName = "keep-majority";
    public const string StaticQuorumName = "static-quorum";
    public const string KeepOldestName = "keep-oldest";
    public const string DownAllName = "down-all";

    /// <summary>keep-majority (default), static-quorum, keep-oldest or down-all; "off" disables automatic downing.</summary>
    public string ActiveStrategy { get; init; } = KeepMajorityName;

    /// <summary>How long membership and reachability must be unchanged before acting. Default 20 s.</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>static-quorum.quorum-size: members needed for a side to survive. No default; required for static-quorum.</summary>
    public int QuorumSize { get; init; }

    /// <summary>keep-oldest.down-if-alone: down an oldest member that is alone on its side. Default on.</summary>
    public bool DownIfAlone { get; init; } = true;

    /// <summary>Only members with this role are counted; null (default) counts all.</summary>
    public string? Role { get; init; }

    /// <summary>True when a strategy is configured ("off" disables the resolver).</summary>
    public bool IsEnabled => !string.Equals(ActiveStrategy, "off", StringComparison.Ordinal);
}
