using System.Collections.Immutable;
using PaxosAkka.Node.Configuration;

namespace PaxosAkka.Node.Assignment;

/// <summary>
/// Which assigned roles an <c>auto</c> node should run, as an immutable state the node supervisor steps through
/// (<c>_state = _state.On(...)</c>) and then reconciles its role actors with. Inputs: the newest assignment it
/// learned from the log (revisions only grow: an older one from a deposed leader is ignored) and whether the
/// election made this node coordinator.
/// </summary>
/// <remarks>
/// Rules, in order: the coordinator runs every assignable role, even before any assignment names it, because
/// only a leader can record the first assignment (and a new leader the next one) and it serves that write
/// through its own proposer and store; before any assignment is known the node keeps what it runs (a node that
/// led briefly at start-up does not drop its store for nothing); otherwise it runs exactly what the assignment
/// gives it. None of this touches safety: quorums come from the fixed acceptor group, and a role that runs
/// where it should not merely duplicates work.
/// </remarks>
/// <param name="Self">This node's id.</param>
/// <param name="Applied">The newest assignment learned (<see cref="RoleAssignment.Empty"/> at start).</param>
/// <param name="Coordinator">True while the election names this node coordinator.</param>
/// <param name="Running">The assignable roles whose actors run now.</param>
public sealed record AutoRoleState(int Self, RoleAssignment Applied, bool Coordinator, ImmutableArray<string> Running)
{
    /// <summary>Order in which roles start: the learner before the store (the store replays from it at start), the proposer last.</summary>
    public static ImmutableArray<string> StartOrder { get; } = [NodeRoles.Learner, NodeRoles.Store, NodeRoles.Proposer];

    /// <summary>The state of a node that just started: nothing learned, nothing running.</summary>
    public static AutoRoleState Initial(int self) => new(self, RoleAssignment.Empty, false, []);

    /// <summary>The roles this node should run now.</summary>
    public ImmutableArray<string> Desired =>
        Coordinator ? NodeRoles.Assignable
        : Applied.Revision == 0 ? Running
        : Applied.RolesOf(Self);

    /// <summary>Roles to start, in <see cref="StartOrder"/>.</summary>
    public ImmutableArray<string> ToStart => [.. StartOrder.Where(r => Desired.Contains(r) && !Running.Contains(r))];

    /// <summary>Roles to stop (the proposer first, so no new command is taken by a node about to drop its store).</summary>
    public ImmutableArray<string> ToStop => [.. StartOrder.Reverse().Where(r => Running.Contains(r) && !Desired.Contains(r))];

    /// <summary>After learning <paramref name="assignment"/> from the log; an older or equal revision changes nothing.</summary>
    public AutoRoleState OnAssignment(RoleAssignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        return assignment.Revision > Applied.Revision ? this with { Applied = assignment } : this;
    }

    /// <summary>After the election named a coordinator (or none).</summary>
    public AutoRoleState OnCoordinator(int? coordinator) =>
        (coordinator == Self) == Coordinator ? this : this with { Coordinator = coordinator == Self };

    /// <summary>After the supervisor started <paramref name="role"/>.</summary>
    public AutoRoleState Started(string role) =>
        Running.Contains(role) ? this : this with { Running = [.. StartOrder.Where(r => r == role || Running.Contains(r))] };

    /// <summary>After the supervisor stopped <paramref name="role"/> (asked it to stop: it no longer counts as running).</summary>
    public AutoRoleState Stopped(string role) =>
        Running.Contains(role) ? this with { Running = Running.Remove(role) } : this;
}

/// <summary>Messages of role assignment between nodes.</summary>
public static class AutoRoleProtocol
{
    /// <summary>Name of the child of <c>/user/node</c> on an auto node that takes <see cref="AssignmentInForce"/>.</summary>
    public const string ListenerName = "assignment";

    /// <summary>
    /// The leader tells every auto node the assignment in force after each round, as it read it through the log
    /// (in its log form, <see cref="RoleAssignmentCodec"/>). Sent every round, so a lost one is repaired by the next.
    /// </summary>
    /// <param name="Assignment">The encoded assignment.</param>
    public sealed record AssignmentInForce(string Assignment);
}
