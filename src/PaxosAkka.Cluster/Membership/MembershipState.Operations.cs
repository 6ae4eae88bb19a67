using System.Collections.Immutable;

namespace PaxosAkka.Cluster;

/// <summary>The membership operations, each a pure function from state (and input) to a new state.</summary>
public sealed partial record MembershipState
{
    /// <summary>
    /// The first seed node forms a new cluster of one: itself as Joining. The leader actions (it is its own leader and
    /// trivially converged) then move it Up.
    /// </summary>
    public MembershipState FormCluster(IEnumerable<string>? roles = null)
    {
        if (!Latest.Members.IsEmpty)
        {
            throw new InvalidOperationException($"{Self} is already part of a cluster and cannot form a new one.");
        }

        return Changed(Latest.Update([Member.Joining(Self, roles)]));
    }

    /// <summary>
    /// A node asks to join. A new incarnation at a known address first gets the old incarnation marked terminated and
    /// Down (it restarted, so the old one is dead); it is admitted on a retry once the leader removed the old one.
    /// </summary>
    public JoinResult Join(UniqueAddress node, IEnumerable<string>? roles = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (SelfMember is not { Status: MemberStatus.Joining or MemberStatus.WeaklyUp or MemberStatus.Up or MemberStatus.Leaving })
        {
            return new JoinResult(this, JoinOutcome.RefusedNotAMember);
        }

        if (Latest.Tombstones.ContainsKey(node))
        {
            return new JoinResult(this, JoinOutcome.RefusedRemovedIncarnation);
        }

        var existing = Latest.MemberAt(node.Address);
        if (existing is not null && existing.UniqueAddress == node)
        {
            return new JoinResult(this, JoinOutcome.AlreadyMember);
        }

        if (existing is not null)
        {
            if (existing.Status == MemberStatus.Down)
            {
                return new JoinResult(this, JoinOutcome.PreviousIncarnationDowned);
            }

            var terminated = Latest with { Reachability = Latest.Reachability.Terminated(Self, existing.UniqueAddress) };
            var downed = terminated.Update([existing.WithStatus(MemberStatus.Down)]);
            return new JoinResult(Changed(downed), JoinOutcome.PreviousIncarnationDowned);
        }

        return new JoinResult(Changed(Latest.Update([Member.Joining(node, roles)])), JoinOutcome.Added);
    }

    /// <summary>
    /// The joining side: adopts the gossip the contact node welcomed it with (which must contain this incarnation).
    /// </summary>
    public MembershipState Welcome(Gossip gossip)
    {
        ArgumentNullException.ThrowIfNull(gossip);
        if (!gossip.HasMember(Self))
        {
            throw new ArgumentException($"The welcome gossip does not contain {Self}.", nameof(gossip));
        }

        return this with { Latest = gossip.MarkSeen(Self) };
    }

    /// <summary>Graceful leave: a Joining, WeaklyUp or Up member at <paramref name="address"/> becomes Leaving.</summary>
    public MembershipState Leave(NodeAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var member = Latest.MemberAt(address);
        return member is { Status: MemberStatus.Joining or MemberStatus.WeaklyUp or MemberStatus.Up }
            ? Changed(Latest.Update([member.WithStatus(MemberStatus.Leaving)]))
            : this;
    }

    /// <summary>Marks the member at <paramref name="address"/> Down; it will be removed once unreachable.</summary>
    public MembershipState Down(NodeAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var member = Latest.MemberAt(address);
        return member is null || member.Status is MemberStatus.Down or MemberStatus.Removed
            ? this
            : Changed(Latest.Update([member.WithStatus(MemberStatus.Down)]) with { Seen = Latest.Seen.Remove(member.UniqueAddress) });
    }

    /// <summary>
    /// Records what this node's failure detector says now: members it newly suspects become unreachable from self,
    /// members it trusts again become reachable from self. <paramref name="isAvailable"/> must return true for
    /// members the detector does not monitor.
    /// </summary>
    public ReapResult ReapUnreachable(Func<UniqueAddress, bool> isAvailable)
    {
        ArgumentNullException.ThrowIfNull(isAvailable);
        var reachability = Latest.Reachability;
        var newlyUnreachable = ImmutableList.CreateBuilder<Member>();
        var newlyReachable = ImmutableList.CreateBuilder<Member>();
        foreach (var member in Latest.Members)
        {
            var node = member.UniqueAddress;
            if (node == Self)
            {
                continue;
            }

            var status = reachability.Status(Self, node);
            var available = isAvailable(node);
            if (status == ReachabilityStatus.Reachable && !available)
            {
                reachability = reachability.Unreachable(Self, node);
                newlyUnreachable.Add(member);
            }
            else if (status == ReachabilityStatus.Unreachable && available)
            {
                reachability = reachability.Reachable(Self, node);
                newlyReachable.Add(member);
            }
        }

        var result = newlyUnreachable.Count == 0 && newlyReachable.Count == 0
            ? this
            : Changed(Latest with { Reachability = reachability });
        return new ReapResult(result, newlyUnreachable.ToImmutable(), newlyReachable.ToImmutable());
    }

    /// <summary>
    /// Takes in a gossip from <paramref name="from"/>: keeps the newer, or merges concurrent ones, and marks the result
    /// seen by self. Gossip that does not contain us, or comes from a stranger or a removed incarnation, is ignored.
    /// </summary>
    public GossipResult ReceiveGossip(Gossip remote, UniqueAddress from)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(from);
        if (!remote.HasMember(Self) || !Latest.HasMember(from) || Latest.Tombstones.ContainsKey(from) || remote.Tombstones.ContainsKey(Self))
        {
            return new GossipResult(this, GossipOutcome.Ignored);
        }

        var (winner, outcome) = remote.Version.CompareTo(Latest.Version) switch
        {
            VectorClockOrdering.Same => (remote.MergeSeen(Latest), GossipOutcome.Same),
            VectorClockOrdering.Before => (Latest, GossipOutcome.Older),
            VectorClockOrdering.After => (remote, GossipOutcome.Newer),
            _ => (PruneRemovedOnOtherSide(remote, Latest).Merge(PruneRemovedOnOtherSide(Latest, remote)), GossipOutcome.Merged),
        };
        return new GossipResult(this with { Latest = winner.MarkSeen(Self) }, outcome);
    }

    /// <summary>
    /// The leader's duties, only on convergence: Joining and WeaklyUp members become Up (numbered in address order after
    /// the youngest), Leaving members become Exiting, and Down or Exiting members that are unreachable (or whose exit
    /// was confirmed) are removed and tombstoned. <paramref name="removedAt"/> stamps the tombstones (wall-clock time,
    /// so that every node can age them out); <paramref name="mayRemoveDown"/>, when given, holds back the removal of
    /// Down members (the down-removal margin).
    /// </summary>
    public LeaderActionsResult LeaderActions(
        IReadOnlySet<UniqueAddress> exitingConfirmed, TimeSpan removedAt, Func<Member, bool>? mayRemoveDown = null)
    {
        ArgumentNullException.ThrowIfNull(exitingConfirmed);
        if (!IsLeader || !Convergence(exitingConfirmed))
        {
            return new LeaderActionsResult(this, [], [], []);
        }

        var unreachable = Latest.Reachability.AllUnreachableOrTerminated;
        var removed = Latest.Members
            .Where(m => (m.Status is MemberStatus.Down or MemberStatus.Exiting && unreachable.Contains(m.UniqueAddress)
                    && (m.Status != MemberStatus.Down || mayRemoveDown is null || mayRemoveDown(m)))
                || (m.Status == MemberStatus.Exiting && exitingConfirmed.Contains(m.UniqueAddress)))
            .ToImmutableList();

        var upNumber = YoungestUpNumber;
        var movedUp = ImmutableList.CreateBuilder<Member>();
        var movedToExiting = ImmutableList.CreateBuilder<Member>();
        foreach (var member in Latest.Members)
        {
            if (member.Status is MemberStatus.Joining or MemberStatus.WeaklyUp)
            {
                upNumber++;
                movedUp.Add(member.WithUp(upNumber));
            }
            else if (member.Status == MemberStatus.Leaving)
            {
                movedToExiting.Add(member.WithStatus(MemberStatus.Exiting));
            }
        }

        if (removed.IsEmpty && movedUp.Count == 0 && movedToExiting.Count == 0)
        {
            return new LeaderActionsResult(this, [], [], []);
        }

        var gossip = Latest.Update(movedUp).Update(movedToExiting);
        gossip = removed.Aggregate(gossip, (g, m) => g.Remove(m.UniqueAddress, removedAt));
        return new LeaderActionsResult(Changed(gossip), movedUp.ToImmutable(), movedToExiting.ToImmutable(), removed);
    }

    /// <summary>
    /// A member that is Down or Exiting here but absent there was removed there: drop its clock entry here as the
    /// remover did, so the merged clock does not keep a removed node's counter alive.
    /// </summary>
    private static Gossip PruneRemovedOnOtherSide(Gossip gossip, Gossip other) =>
        gossip.Members
            .Where(m => m.Status is MemberStatus.Down or MemberStatus.Exiting && !other.HasMember(m.UniqueAddress))
            .Aggregate(gossip, (g, m) => g with { Version = g.Version.Prune(Gossip.VectorClockNode(m.UniqueAddress)) });
}
