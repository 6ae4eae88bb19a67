using System.Collections.Immutable;

namespace PaxosAkka.Cluster;

/// <summary>
/// The latest gossip as seen from one node (Akka's <c>MembershipState</c>): the queries that depend on who is
/// asking — convergence, the leader, role leaders, gossip targets — and, in the partial files next to it, the
/// membership operations (join, leave, down, gossip exchange, leader actions). Immutable: the cluster daemon
/// holds one and replaces it with the result of each operation.
/// </summary>
public sealed partial record MembershipState
{
    public MembershipState(Gossip latest, UniqueAddress self)
    {
        ArgumentNullException.ThrowIfNull(latest);
        ArgumentNullException.ThrowIfNull(self);
        Latest = latest;
        Self = self;
    }

    public Gossip Latest { get; init; }

    public UniqueAddress Self { get; }

    /// <summary>A node that has not joined any cluster yet.</summary>
    public static MembershipState Initial(UniqueAddress self) => new(Gossip.Empty, self);

    public Member? SelfMember => Latest.Member(Self);

    public ImmutableSortedSet<Member> Members => Latest.Members;

    /// <summary>Observations with the opinions of Down members left out: they are leaving for good.</summary>
    public Reachability ReachabilityExcludingDownedObservers =>
        Latest.Reachability.RemoveObservers(Latest.Members.Where(m => m.Status == MemberStatus.Down).Select(m => m.UniqueAddress));

    /// <summary>Members some non-Down observer sees as unreachable or terminated, self excluded.</summary>
    public ImmutableSortedSet<Member> UnreachableMembers =>
        [.. ReachabilityExcludingDownedObservers.AllUnreachableOrTerminated
            .Where(n => n != Self)
            .Select(Latest.Member)
            .OfType<Member>()];

    /// <summary>
    /// Convergence: every Up or Leaving member has seen this version, and every unreachable member (as judged by
    /// non-Down observers) is already Down or Exiting. Only then may the leader change member states, because only
    /// then is every live member guaranteed to act on the same membership.
    /// </summary>
    public bool Convergence(IReadOnlySet<UniqueAddress> exitingConfirmed)
    {
        ArgumentNullException.ThrowIfNull(exitingConfirmed);
        var blockedByUnreachable = ReachabilityExcludingDownedObservers.AllUnreachableOrTerminated
            .Where(n => n != Self && !exitingConfirmed.Contains(n))
            .Select(Latest.Member)
            .Any(m => m is not null && m.Status is not (MemberStatus.Down or MemberStatus.Exiting));
        if (blockedByUnreachable)
        {
            return false;
        }

        return Latest.Members
            .Where(m => m.Status is MemberStatus.Up or MemberStatus.Leaving)
            .All(m => Latest.SeenByNode(m.UniqueAddress) || exitingConfirmed.Contains(m.UniqueAddress));
    }

    /// <summary>Convergence with no pending exit confirmations.</summary>
    public bool HasConvergence => Convergence(ImmutableHashSet<UniqueAddress>.Empty);

    /// <summary>
    /// The cluster leader from this node's point of view: the first reachable Up or Leaving member in address order
    /// (self counts as reachable); if there is none, the first reachable member preferring live states.
    /// Both sides of a partition thus have a leader of their own, which the split-brain resolver relies on.
    /// </summary>
    public UniqueAddress? Leader => LeaderOf(Latest.Members);

    public bool IsLeader => Leader == Self;

    /// <summary>The leader among members with <paramref name="role"/>, chosen the same way.</summary>
    public UniqueAddress? RoleLeader(string role)
    {
        ArgumentNullException.ThrowIfNull(role);
        return LeaderOf(Latest.Members.Where(m => m.HasRole(role)));
    }

    /// <summary>All roles of all members.</summary>
    public ImmutableSortedSet<string> AllRoles => [.. Latest.Members.SelectMany(m => m.Roles)];

    /// <summary>The member that became Up last (or 0 up-number when nobody is Up yet).</summary>
    public int YoungestUpNumber => Latest.Members.Select(m => m.UpNumber == Member.NotUp ? 0 : m.UpNumber).DefaultIfEmpty(0).Max();

    /// <summary>Members this node may gossip to: everyone else it can reach.</summary>
    public ImmutableList<UniqueAddress> GossipCandidates =>
        [.. Latest.Members
            .Select(m => m.UniqueAddress)
            .Where(n => n != Self && Latest.Reachability.IsReachable(Self, n))];

    /// <summary>
    /// Picks the next gossip partner: with probability <paramref name="preferUnseenProbability"/> one that has not seen
    /// the latest version (speeds up convergence), otherwise any candidate. Null when there is nobody to talk to.
    /// </summary>
    public UniqueAddress? SelectGossipTarget(Random random, double preferUnseenProbability = 0.8)
    {
        ArgumentNullException.ThrowIfNull(random);
        var candidates = GossipCandidates;
        if (candidates.IsEmpty)
        {
            return null;
        }

        var unseen = candidates.Where(n => !Latest.SeenByNode(n)).ToList();
        var pool = unseen.Count > 0 && random.NextDouble() < preferUnseenProbability ? unseen : [.. candidates];
        return pool[random.Next(pool.Count)];
    }

    private UniqueAddress? LeaderOf(IEnumerable<Member> members)
    {
        var reachability = ReachabilityExcludingDownedObservers;
        var reachable = members.Where(m => m.UniqueAddress == Self || reachability.IsReachable(m.UniqueAddress)).ToList();
        if (reachable.Count == 0)
        {
            return null;
        }

        // Members are in address order, so the first Up/Leaving one is the lowest address.
        var leader = reachable.FirstOrDefault(m => m.Status is MemberStatus.Up or MemberStatus.Leaving)
            ?? reachable.OrderBy(m => LeaderStatusRank(m.Status)).ThenBy(m => m).First();
        return leader.UniqueAddress;
    }

    /// <summary>When nobody is Up, prefer members that will be Up soon over those on their way out.</summary>
    private static int LeaderStatusRank(MemberStatus status) => status switch
    {
        MemberStatus.WeaklyUp => 1,
        MemberStatus.Joining => 2,
        MemberStatus.Exiting => 3,
        MemberStatus.Down => 4,
        _ => 0,
    };

    /// <summary>Replaces the gossip with a change made by this node: stamped with its clock entry, seen by it only.</summary>
    private MembershipState Changed(Gossip gossip) => this with { Latest = gossip.Increment(Self).OnlySeen(Self) };
}
