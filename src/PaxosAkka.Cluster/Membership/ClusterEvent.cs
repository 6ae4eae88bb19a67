using System.Collections.Immutable;

namespace PaxosAkka.Cluster;

/// <summary>
/// Events published to cluster subscribers (Akka's <c>ClusterEvent</c>). They are derived by diffing two
/// successive membership states (<see cref="ClusterEventDiff"/>), so every subscriber sees the same story whatever
/// path the gossip took.
/// </summary>
public static class ClusterEvent
{
    /// <summary>Marker for every cluster event.</summary>
    public interface IClusterDomainEvent;

    /// <summary>A member changed status (or was removed).</summary>
    public interface IMemberEvent : IClusterDomainEvent
    {
        Member Member { get; }
    }

    /// <summary>A member became unreachable or reachable again.</summary>
    public interface IReachabilityEvent : IClusterDomainEvent
    {
        Member Member { get; }
    }

    /// <summary>How a new subscriber learns the current state.</summary>
    public enum SubscriptionInitialStateMode
    {
        /// <summary>One <see cref="CurrentClusterState"/> message.</summary>
        InitialStateAsSnapshot,

        /// <summary>The events that would lead from an empty cluster to the current state.</summary>
        InitialStateAsEvents,
    }

    public sealed record MemberJoined(Member Member) : IMemberEvent;

    public sealed record MemberWeaklyUp(Member Member) : IMemberEvent;

    public sealed record MemberUp(Member Member) : IMemberEvent;

    public sealed record MemberLeft(Member Member) : IMemberEvent;

    public sealed record MemberExited(Member Member) : IMemberEvent;

    public sealed record MemberDowned(Member Member) : IMemberEvent;

    /// <summary>The member is gone; <see cref="PreviousStatus"/> tells whether it left (Exiting) or was downed (Down).</summary>
    public sealed record MemberRemoved(Member Member, MemberStatus PreviousStatus) : IMemberEvent;

    public sealed record UnreachableMember(Member Member) : IReachabilityEvent;

    public sealed record ReachableMember(Member Member) : IReachabilityEvent;

    /// <summary>The cluster leader changed; null when there is none.</summary>
    public sealed record LeaderChanged(NodeAddress? Leader) : IClusterDomainEvent;

    /// <summary>The leader among members with <see cref="Role"/> changed; null when there is none.</summary>
    public sealed record RoleLeaderChanged(string Role, NodeAddress? Leader) : IClusterDomainEvent;

    /// <summary>A snapshot of the membership for new subscribers.</summary>
    public sealed record CurrentClusterState(
        ImmutableSortedSet<Member> Members,
        ImmutableSortedSet<Member> Unreachable,
        ImmutableSortedSet<NodeAddress> SeenBy,
        NodeAddress? Leader,
        ImmutableSortedDictionary<string, NodeAddress?> RoleLeaders) : IClusterDomainEvent
    {
        public static CurrentClusterState Of(MembershipState state)
        {
            ArgumentNullException.ThrowIfNull(state);
            return new CurrentClusterState(
                state.Members,
                state.UnreachableMembers,
                [.. state.Latest.Seen.Select(n => n.Address)],
                state.Leader?.Address,
                ImmutableSortedDictionary.CreateRange(
                    StringComparer.Ordinal, state.AllRoles.Select(r => KeyValuePair.Create(r, state.RoleLeader(r)?.Address))));
        }
    }
}
