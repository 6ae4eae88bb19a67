using System.Collections.Immutable;
using static PaxosAkka.Cluster.ClusterEvent;

namespace PaxosAkka.Cluster;

/// <summary>Derives cluster events from two successive membership states of the same node.</summary>
public static class ClusterEventDiff
{
    /// <summary>
    /// Every event between <paramref name="previous"/> and <paramref name="current"/>: member events first (in address
    /// order), then reachability, then leader and role-leader changes.
    /// </summary>
    public static ImmutableList<IClusterDomainEvent> Diff(MembershipState previous, MembershipState current)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        if (ReferenceEquals(previous.Latest, current.Latest))
        {
            return [];
        }

        return
        [
            .. MemberEvents(previous.Latest, current.Latest),
            .. UnreachableEvents(previous, current),
            .. ReachableEvents(previous, current),
            .. LeaderEvents(previous, current),
        ];
    }

    /// <summary>The events a subscriber with <see cref="SubscriptionInitialStateMode.InitialStateAsEvents"/> gets first.</summary>
    public static ImmutableList<IClusterDomainEvent> InitialStateAsEvents(MembershipState current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return Diff(MembershipState.Initial(current.Self), current);
    }

    /// <summary>New members and members whose status or up-number changed, plus removals.</summary>
    public static IEnumerable<IMemberEvent> MemberEvents(Gossip previous, Gossip current)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        foreach (var member in current.Members)
        {
            var before = previous.Member(member.UniqueAddress);
            if (before is not null && before.Status == member.Status && before.UpNumber == member.UpNumber)
            {
                continue;
            }

            IMemberEvent? change = member.Status switch
            {
                MemberStatus.Joining => new MemberJoined(member),
                MemberStatus.WeaklyUp => new MemberWeaklyUp(member),
                MemberStatus.Up => new MemberUp(member),
                MemberStatus.Leaving => new MemberLeft(member),
                MemberStatus.Exiting => new MemberExited(member),
                MemberStatus.Down => new MemberDowned(member),
                _ => null,
            };
            if (change is not null)
            {
                yield return change;
            }
        }

        foreach (var gone in previous.Members.Where(m => !current.HasMember(m.UniqueAddress)))
        {
            yield return new MemberRemoved(Member.Create(gone.UniqueAddress, MemberStatus.Removed, gone.Roles, gone.UpNumber), gone.Status);
        }
    }

    private static IEnumerable<IClusterDomainEvent> UnreachableEvents(MembershipState previous, MembershipState current)
    {
        var before = previous.UnreachableMembers;
        return current.UnreachableMembers.Where(m => !before.Contains(m)).Select(m => new UnreachableMember(m));
    }

    private static IEnumerable<IClusterDomainEvent> ReachableEvents(MembershipState previous, MembershipState current)
    {
        var now = current.UnreachableMembers;
        return previous.UnreachableMembers
            .Where(m => !now.Contains(m) && current.Latest.Member(m.UniqueAddress) is not null)
            .Select(m => new ReachableMember(current.Latest.Member(m.UniqueAddress)!));
    }

    private static IEnumerable<IClusterDomainEvent> LeaderEvents(MembershipState previous, MembershipState current)
    {
        var leader = current.Leader?.Address;
        if (previous.Leader?.Address != leader)
        {
            yield return new LeaderChanged(leader);
        }

        foreach (var role in previous.AllRoles.Union(current.AllRoles))
        {
            var roleLeader = current.RoleLeader(role)?.Address;
            if (previous.RoleLeader(role)?.Address != roleLeader)
            {
                yield return new RoleLeaderChanged(role, roleLeader);
            }
        }
    }
}
