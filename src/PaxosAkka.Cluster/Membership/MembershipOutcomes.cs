using System.Collections.Immutable;

namespace PaxosAkka.Cluster;

/// <summary>What a join request led to.</summary>
public enum JoinOutcome
{
    /// <summary>The node was added as Joining.</summary>
    Added,

    /// <summary>That incarnation is already a member; the joiner only needs the gossip again.</summary>
    AlreadyMember,

    /// <summary>
    /// An older incarnation at the same address was marked terminated and Down. The new one is admitted once the
    /// leader has removed the old one, so it must retry the join.
    /// </summary>
    PreviousIncarnationDowned,

    /// <summary>The incarnation was removed before; it must restart with a new uid.</summary>
    RefusedRemovedIncarnation,

    /// <summary>This node is not an active member and cannot admit anyone.</summary>
    RefusedNotAMember,
}

/// <summary>How a received gossip related to ours.</summary>
public enum GossipOutcome
{
    /// <summary>Not for us: sender unknown or removed, or we are not in it.</summary>
    Ignored,

    /// <summary>Ours was newer; kept ours.</summary>
    Older,

    /// <summary>Theirs was newer; took theirs.</summary>
    Newer,

    /// <summary>Same version; merged the seen sets.</summary>
    Same,

    /// <summary>Concurrent changes; merged.</summary>
    Merged,
}

/// <summary>A join's new state and outcome.</summary>
public sealed record JoinResult(MembershipState State, JoinOutcome Outcome);

/// <summary>A received gossip's new state and outcome.</summary>
public sealed record GossipResult(MembershipState State, GossipOutcome Outcome);

/// <summary>Members whose reachability this node's failure detector changed its mind about.</summary>
public sealed record ReapResult(MembershipState State, ImmutableList<Member> NewlyUnreachable, ImmutableList<Member> NewlyReachable)
{
    public bool Changed => !NewlyUnreachable.IsEmpty || !NewlyReachable.IsEmpty;
}

/// <summary>What the leader did on convergence.</summary>
public sealed record LeaderActionsResult(
    MembershipState State, ImmutableList<Member> MovedUp, ImmutableList<Member> MovedToExiting, ImmutableList<Member> Removed)
{
    public bool Changed => !MovedUp.IsEmpty || !MovedToExiting.IsEmpty || !Removed.IsEmpty;
}
