namespace PaxosAkka.Cluster;

/// <summary>
/// A member's life cycle (Akka's member states). The normal path is Joining → Up → Leaving → Exiting → Removed;
/// any live state may be cut short by Down, which ends in Removed too. See <see cref="Member.IsAllowedTransition"/>.
/// </summary>
public enum MemberStatus
{
    /// <summary>Asked to join; becomes Up when the leader sees convergence.</summary>
    Joining,

    /// <summary>Joined while the cluster could not converge (an unreachable member); Up once it can.</summary>
    WeaklyUp,

    /// <summary>A full member.</summary>
    Up,

    /// <summary>Asked to leave gracefully; becomes Exiting when the leader sees convergence.</summary>
    Leaving,

    /// <summary>Hand-over finished; the leader removes it.</summary>
    Exiting,

    /// <summary>Declared dead (by an operator or the split-brain resolver); it must shut down and is removed.</summary>
    Down,

    /// <summary>Gone from the membership; its incarnation may never come back (it is tombstoned).</summary>
    Removed,
}
