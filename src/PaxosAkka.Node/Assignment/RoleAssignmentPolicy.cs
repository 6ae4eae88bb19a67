using System.Collections.Immutable;
using PaxosAkka.Node.Configuration;

namespace PaxosAkka.Node.Assignment;

/// <summary>How many nodes the leader wants in each assignable role (fewer when fewer auto nodes are alive).</summary>
/// <param name="Proposers">Proposer nodes wanted; default 3 (the leader and two to take over).</param>
/// <param name="Learners">Learner nodes wanted; default 2 (one coordinates, one takes over, as in system 004).</param>
/// <param name="Stores">Store nodes wanted; default 3 (read one, write all).</param>
public sealed record AssignmentTargets(int Proposers = 3, int Learners = 2, int Stores = 3)
{
    /// <summary>The wanted count of <paramref name="role"/>.</summary>
    public int For(string role) => role switch
    {
        NodeRoles.Proposer => Proposers,
        NodeRoles.Learner => Learners,
        NodeRoles.Store => Stores,
        _ => throw new ArgumentException($"'{role}' is not an assignable role", nameof(role)),
    };
}

/// <summary>
/// The leader's assignment rule, a pure function so every case is a unit test: dead nodes lose their roles;
/// a live node keeps what it holds (no churn while nothing changes); each missing holder goes to the live auto
/// node holding the fewest roles, lowest id first; a role never goes to more nodes than wanted. The revision
/// grows by one exactly when the roles change.
/// </summary>
public static class RoleAssignmentPolicy
{
    /// <summary>The next assignment after <paramref name="previous"/> over the live <paramref name="autoNodes"/>.</summary>
    /// <param name="previous">The assignment in force (<see cref="RoleAssignment.Empty"/> at first).</param>
    /// <param name="autoNodes">Every node whose config says <c>auto</c>.</param>
    /// <param name="alive">The nodes the failure detector holds reachable.</param>
    /// <param name="targets">How many holders each role wants.</param>
    public static RoleAssignment Next(RoleAssignment previous, IEnumerable<int> autoNodes, IReadOnlySet<int> alive, AssignmentTargets targets)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(autoNodes);
        ArgumentNullException.ThrowIfNull(alive);
        ArgumentNullException.ThrowIfNull(targets);
        var live = autoNodes.Where(alive.Contains).Distinct().Order().ToList();
        var holders = NodeRoles.Assignable.ToDictionary(
            r => r,
            r => previous.Holders(r).Where(live.Contains).Take(targets.For(r)).ToList(),
            StringComparer.Ordinal);

        foreach (var role in NodeRoles.Assignable)
        {
            var held = holders[role];
            while (held.Count < targets.For(role))
            {
                // Least loaded first, so roles spread over the auto nodes before any node holds two.
                int? next = live.Where(id => !held.Contains(id))
                    .OrderBy(id => holders.Values.Count(h => h.Contains(id)))
                    .ThenBy(id => id)
                    .Select(id => (int?)id)
                    .FirstOrDefault();
                if (next is null)
                {
                    break;
                }

                held.Add(next.Value);
            }
        }

        var candidate = new RoleAssignment(
            previous.Revision,
            [.. holders[NodeRoles.Proposer].Order()],
            [.. holders[NodeRoles.Learner].Order()],
            [.. holders[NodeRoles.Store].Order()]);
        return candidate.SameRolesAs(previous) ? previous : candidate with { Revision = previous.Revision + 1 };
    }
}
