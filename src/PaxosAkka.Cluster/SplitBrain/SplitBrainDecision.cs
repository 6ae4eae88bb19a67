using System.Collections.Immutable;

namespace PaxosAkka.Cluster.SplitBrain;

/// <summary>What a split-brain strategy decides for this node's side of a partition.</summary>
public enum SplitBrainDecision
{
    /// <summary>Our side survives: down the members we cannot reach.</summary>
    DownUnreachable,

    /// <summary>The other side survives: down our side, self included.</summary>
    DownReachable,

    /// <summary>Nobody can safely survive: down everyone.</summary>
    DownAll,
}

/// <summary>
/// What a strategy looks at: the members, those this side cannot reach, and who is asking. Only members that
/// count (Up, Leaving; optionally with a role) take part in the arithmetic; Joining and WeaklyUp members are
/// too new, Down and Exiting ones are already on their way out.
/// </summary>
public sealed record SplitBrainView
{
    public SplitBrainView(IEnumerable<Member> members, IEnumerable<UniqueAddress> unreachable, UniqueAddress self, string? role = null)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(unreachable);
        ArgumentNullException.ThrowIfNull(self);
        Members = [.. members];
        Self = self;
        Role = string.IsNullOrEmpty(role) ? null : role;
        Unreachable = [.. unreachable.Where(n => n != self && Members.Any(m => m.UniqueAddress == n))];
    }

    /// <summary>All members, in address order.</summary>
    public ImmutableSortedSet<Member> Members { get; }

    /// <summary>Members this side cannot reach (never self).</summary>
    public ImmutableHashSet<UniqueAddress> Unreachable { get; }

    public UniqueAddress Self { get; }

    /// <summary>When set, only members with this role are counted (all members are still downed as decided).</summary>
    public string? Role { get; }

    public bool IsReachable(Member member) => !Unreachable.Contains(member.UniqueAddress);

    /// <summary>Members that count, as described on the type.</summary>
    public IEnumerable<Member> Counted(bool includingPossiblyUp = false, bool excludingPossiblyExiting = false) =>
        Members.Where(m =>
            (Role is null || m.HasRole(Role))
            && m.Status is not (MemberStatus.Down or MemberStatus.Exiting or MemberStatus.Removed)
            && (includingPossiblyUp || m.Status is not (MemberStatus.Joining or MemberStatus.WeaklyUp))
            && (!excludingPossiblyExiting || m.Status != MemberStatus.Leaving));

    /// <summary>The members a decision downs (those already Down are left alone).</summary>
    public ImmutableSortedSet<Member> NodesToDown(SplitBrainDecision decision)
    {
        var alive = Members.Where(m => m.Status is not (MemberStatus.Down or MemberStatus.Removed));
        return decision switch
        {
            SplitBrainDecision.DownUnreachable => [.. alive.Where(m => !IsReachable(m))],
            SplitBrainDecision.DownReachable => [.. alive.Where(IsReachable)],
            SplitBrainDecision.DownAll => [.. alive],
            _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, "unknown decision"),
        };
    }
}
