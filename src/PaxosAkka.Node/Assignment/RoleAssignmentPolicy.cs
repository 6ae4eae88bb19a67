using System.Collections.Immutable;

namespace PaxosAkka.Node.Assignment;

/// <summary>How many serving replicas the leader wants among the auto nodes (fewer when fewer are alive).</summary>
/// <param name="Replicas">
/// Auto nodes that hold proposer, learner and store together; default 3 (the leader and two more, so a store
/// survives two failures and a proposer is warm when the leader dies).
/// </param>
public sealed record AssignmentTargets(int Replicas = 3)
{
    /// <summary>The targets of a cluster: at least one replica (the leader).</summary>
    public int Wanted => Math.Max(1, Replicas);
}

/// <summary>
/// The leader's assignment rule (system 000), a pure function so every case is a unit test. An auto node is
/// assigned proposer, learner and store together, a "serving replica": its store is fed by the learner beside it
/// and its clients are served through the proposer beside it (local replication; stores split from learners
/// would need two-phase commit over a changing store set). The rule: the leader is always a replica (it serves
/// the reads and the compare-and-set that record the assignment); dead nodes lose their roles; a live holder
/// keeps them (no churn while nothing changes); each missing replica goes to the live auto node with the lowest
/// id. The revision grows by one exactly when the roles change.
/// </summary>
public static class RoleAssignmentPolicy
{
    /// <summary>The next assignment after <paramref name="previous"/> over the live <paramref name="autoNodes"/>.</summary>
    /// <param name="previous">The assignment in force (<see cref="RoleAssignment.Empty"/> at first).</param>
    /// <param name="autoNodes">Every node whose config says <c>auto</c>.</param>
    /// <param name="alive">The nodes the failure detector holds reachable.</param>
    /// <param name="targets">How many replicas are wanted.</param>
    /// <param name="leader">The node computing it, when it is an auto node (it must hold the roles it leads with).</param>
    public static RoleAssignment Next(RoleAssignment previous, IEnumerable<int> autoNodes, IReadOnlySet<int> alive, AssignmentTargets targets, int? leader = null)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(autoNodes);
        ArgumentNullException.ThrowIfNull(alive);
        ArgumentNullException.ThrowIfNull(targets);
        var live = autoNodes.Where(alive.Contains).Distinct().Order().ToList();
        var replicas = new List<int>(targets.Wanted);
        if (leader is int self && live.Contains(self))
        {
            replicas.Add(self);
        }

        // Holders keep their roles first, then the lowest free ids fill up. An assignment written by an older rule
        // may hold the roles apart; any role held counts as holding.
        var held = previous.Proposers.Concat(previous.Learners).Concat(previous.Stores).Distinct().Order();
        foreach (int id in held.Where(live.Contains).Concat(live))
        {
            if (replicas.Count == targets.Wanted)
            {
                break;
            }

            if (!replicas.Contains(id))
            {
                replicas.Add(id);
            }
        }

        ImmutableArray<int> set = [.. replicas.Order()];
        var candidate = new RoleAssignment(previous.Revision, set, set, set);
        return candidate.SameRolesAs(previous) ? previous : candidate with { Revision = previous.Revision + 1 };
    }
}
