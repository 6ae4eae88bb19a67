using System.Collections.Immutable;

namespace PaxosAkka.Cluster.SplitBrain;

/// <summary>
/// Decides when to act: only after the membership and the unreachable set have stayed unchanged for
/// <see cref="StableAfter"/>, so a flapping failure detector or a partition still forming does not trigger
/// downing, and only on the leader of this side. Time is passed in; nothing reads a clock.
/// </summary>
public sealed record SplitBrainResolverState
{
    public SplitBrainResolverState(SplitBrainStrategy strategy, TimeSpan stableAfter)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentOutOfRangeException.ThrowIfLessThan(stableAfter, TimeSpan.Zero);
        Strategy = strategy;
        StableAfter = stableAfter;
    }

    public SplitBrainStrategy Strategy { get; }

    public TimeSpan StableAfter { get; }

    /// <summary>Members (by incarnation) at the last change.</summary>
    public ImmutableHashSet<UniqueAddress> Members { get; private init; } = [];

    /// <summary>Unreachable members at the last change.</summary>
    public ImmutableHashSet<UniqueAddress> Unreachable { get; private init; } = [];

    /// <summary>When the view last changed; null before the first observation.</summary>
    public TimeSpan? ChangedAt { get; private init; }

    /// <summary>Records the current membership; any change in members or reachability restarts the stable period.</summary>
    public SplitBrainResolverState Observe(MembershipState state, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(state);
        var members = state.Members.Select(m => m.UniqueAddress).ToImmutableHashSet();
        var unreachable = state.UnreachableMembers.Select(m => m.UniqueAddress).ToImmutableHashSet();
        if (ChangedAt is not null && members.SetEquals(Members) && unreachable.SetEquals(Unreachable))
        {
            return this;
        }

        return this with { Members = members, Unreachable = unreachable, ChangedAt = now };
    }

    public bool IsStable(TimeSpan now) => ChangedAt is { } changed && now - changed >= StableAfter;

    /// <summary>
    /// The members to down now, or empty: nothing is unreachable, the view has not been stable long enough, or this
    /// node is not the leader of its side.
    /// </summary>
    public ImmutableSortedSet<Member> MembersToDown(MembershipState state, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(state);
        var unreachable = state.UnreachableMembers;
        if (unreachable.IsEmpty || !IsStable(now) || !state.IsLeader)
        {
            return [];
        }

        var view = new SplitBrainView(state.Members, unreachable.Select(m => m.UniqueAddress), state.Self);
        return view.NodesToDown(Strategy.Decide(view));
    }
}
