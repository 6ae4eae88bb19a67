namespace PaxosAkka.Cluster.SplitBrain;

/// <summary>
/// A rule for which side of a partition survives. Every node of a side must reach the same decision from the same
/// view, and the two sides must never both survive: that is what keeps two Paxos clusters from forming.
/// </summary>
public abstract class SplitBrainStrategy
{
    /// <summary>Decides for the side described by <paramref name="view"/>.</summary>
    public abstract SplitBrainDecision Decide(SplitBrainView view);

    /// <summary>Builds the strategy named in configuration (<c>split-brain-resolver.active-strategy</c>).</summary>
    public static SplitBrainStrategy Create(SplitBrainResolverSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.ActiveStrategy switch
        {
            SplitBrainResolverSettings.KeepMajorityName => new KeepMajority(settings.Role),
            SplitBrainResolverSettings.StaticQuorumName => settings.QuorumSize > 0
                ? new StaticQuorum(settings.QuorumSize, settings.Role)
                : throw new ArgumentOutOfRangeException(
                    nameof(settings), settings.QuorumSize, "static-quorum needs static-quorum.quorum-size set to a positive number."),
            SplitBrainResolverSettings.KeepOldestName => new KeepOldest(settings.DownIfAlone, settings.Role),
            SplitBrainResolverSettings.DownAllName => new DownAll(),
            _ => throw new ArgumentException(
                $"Unknown split-brain strategy '{settings.ActiveStrategy}'; use keep-majority, static-quorum, keep-oldest or down-all.",
                nameof(settings)),
        };
    }
}

/// <summary>
/// Keep majority (the default): the side with more members survives; on an even split the side with the lowest
/// address survives. Joining members the other side might have moved Up unbeknown to us, and our Leaving members
/// that might have exited, could tip the count: if they would change the outcome, everybody is downed.
/// </summary>
public sealed class KeepMajority(string? role = null) : SplitBrainStrategy
{
    public string? Role { get; } = role;

    public override SplitBrainDecision Decide(SplitBrainView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var decision = MajorityDecision(Scoped(view), includingPossiblyUp: false, excludingPossiblyExiting: false);
        if (decision != SplitBrainDecision.DownUnreachable)
        {
            return decision;
        }

        // We think we win: check that we would also win if the uncertain members went against us.
        var pessimistic = MajorityDecision(Scoped(view), includingPossiblyUp: true, excludingPossiblyExiting: true);
        return pessimistic == SplitBrainDecision.DownUnreachable ? decision : SplitBrainDecision.DownAll;
    }

    private SplitBrainView Scoped(SplitBrainView view) =>
        Role is null ? view : new SplitBrainView(view.Members, view.Unreachable, view.Self, Role);

    private static SplitBrainDecision MajorityDecision(SplitBrainView view, bool includingPossiblyUp, bool excludingPossiblyExiting)
    {
        // Our side counts pessimistically (our Leaving members may already be gone), theirs generously (their
        // Joining members may already be Up).
        var reachable = view.Counted(includingPossiblyUp: false, excludingPossiblyExiting).Count(view.IsReachable);
        var unreachableMembers = view.Counted(includingPossiblyUp, excludingPossiblyExiting: false).Where(m => !view.IsReachable(m)).ToList();
        var unreachable = unreachableMembers.Count;
        if (reachable == 0 && unreachable == 0)
        {
            return SplitBrainDecision.DownAll;
        }

        if (reachable == unreachable)
        {
            // Even split: both sides compute the same lowest address among the counted members of both sides.
            var lowest = view.Counted(includingPossiblyUp: false, excludingPossiblyExiting: false)
                .Concat(unreachableMembers)
                .Min();
            return lowest is not null && view.IsReachable(lowest) ? SplitBrainDecision.DownUnreachable : SplitBrainDecision.DownReachable;
        }

        return reachable > unreachable ? SplitBrainDecision.DownUnreachable : SplitBrainDecision.DownReachable;
    }
}

/// <summary>
/// Static quorum: the side with at least <see cref="QuorumSize"/> members survives. Safe only while the cluster has
/// at most 2 × quorum-size − 1 members (otherwise both sides could reach quorum), so beyond that everyone is downed.
/// </summary>
public sealed class StaticQuorum : SplitBrainStrategy
{
    public StaticQuorum(int quorumSize, string? role = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quorumSize);
        QuorumSize = quorumSize;
        Role = role;
    }

    public int QuorumSize { get; }

    public string? Role { get; }

    public override SplitBrainDecision Decide(SplitBrainView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var counted = new SplitBrainView(view.Members, view.Unreachable, view.Self, Role ?? view.Role).Counted().ToList();
        if (counted.Count > (QuorumSize * 2) - 1)
        {
            return SplitBrainDecision.DownAll;
        }

        return counted.Count(view.IsReachable) >= QuorumSize ? SplitBrainDecision.DownUnreachable : SplitBrainDecision.DownReachable;
    }
}

/// <summary>
/// Keep oldest: the side with the oldest member survives. With down-if-alone, an oldest member that is alone on its
/// side is downed instead and the other side survives, so one crashed oldest node cannot take the cluster down.
/// </summary>
public sealed class KeepOldest(bool downIfAlone = true, string? role = null) : SplitBrainStrategy
{
    public bool DownIfAlone { get; } = downIfAlone;

    public string? Role { get; } = role;

    public override SplitBrainDecision Decide(SplitBrainView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var counted = new SplitBrainView(view.Members, view.Unreachable, view.Self, Role ?? view.Role).Counted().ToList();
        if (counted.Count == 0)
        {
            return SplitBrainDecision.DownAll;
        }

        var oldest = counted.Aggregate((a, b) => b.IsOlderThan(a) ? b : a);
        var others = counted.Where(m => m != oldest).ToList();
        var oldestReachable = view.IsReachable(oldest);

        // Alone: nobody else on the oldest's side, while the other side is not empty.
        var alone = oldestReachable
            ? others.Count > 0 && others.All(m => !view.IsReachable(m))
            : others.Count > 0 && others.All(view.IsReachable);

        if (oldestReachable)
        {
            return DownIfAlone && alone ? SplitBrainDecision.DownReachable : SplitBrainDecision.DownUnreachable;
        }

        return DownIfAlone && alone ? SplitBrainDecision.DownUnreachable : SplitBrainDecision.DownReachable;
    }
}

/// <summary>Down all: any partition stops the whole cluster (for when availability matters less than certainty).</summary>
public sealed class DownAll : SplitBrainStrategy
{
    public override SplitBrainDecision Decide(SplitBrainView view) => SplitBrainDecision.DownAll;
}
