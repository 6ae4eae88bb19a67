using Microsoft.Extensions.Logging;
using Akka.Actor;
using PaxosAkka.Node.Assignment;
using PaxosAkka.Node.Configuration;

namespace PaxosAkka.Node.Roles;

/// <summary>
/// Role assignment on an <c>auto</c> node (system 000): the supervisor starts and stops the learner, store and
/// proposer the leader assigned to this node, as <see cref="AutoRoleState"/> decides from the assignment learned
/// from the log and from the election. A role asked to stop is unwatched as a failure (its end is expected) and
/// may start again only once it has terminated, so a role name is never taken twice.
/// </summary>
public sealed partial class NodeSupervisor
{
    private readonly Dictionary<string, IActorRef> _assigned = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, string> _stopping = [];
    private AutoRoleState? _auto;

    private void ReceiveAutoRoles()
    {
        Receive<AutoRoleProtocol.AssignmentInForce>(OnAssignmentInForce);
        // The election (a child) tells this supervisor every change of coordinator; it never reads the election's state.
        Receive<ElectionProtocol.CoordinatorChanged>(changed => Step(_auto?.OnCoordinator(changed.Leader)));
    }

    private void StartAutoRoles()
    {
        var s = _context.Settings;
        _auto = AutoRoleState.Initial(s.Id);
        Context.ActorOf(Akka.Actor.Props.Create(() => new AssignmentListener()), AutoRoleProtocol.ListenerName);

        // A coordinator named before this point was told to nobody: ask once, every later change is told.
        Context.Child(RoleNames.Election).Tell(ElectionProtocol.GetCoordinator.Instance, Self);
    }

    private void OnAssignmentInForce(AutoRoleProtocol.AssignmentInForce message)
    {
        if (_auto is null)
        {
            return;
        }

        if (RoleAssignmentCodec.TryDecode(System.Text.Encoding.ASCII.GetBytes(message.Assignment)) is not { } assignment)
        {
            LogWarningBadAssignment(_log, _context.Settings.Id, message.Assignment.Length > 200 ? message.Assignment[..200] : message.Assignment);
            return;
        }

        Step(_auto.OnAssignment(assignment));
    }

    private void Step(AutoRoleState? next)
    {
        if (next is null || _leaving)
        {
            return;
        }

        if (!ReferenceEquals(next.Applied, _auto?.Applied) && _log.IsEnabled(LogLevel.Information))
        {
            string roles = string.Join(",", next.Applied.RolesOf(next.Self));
            LogInformationAssignment(_log, _context.Settings.Id, next.Applied.Revision, roles);
        }

        _auto = next;
        Reconcile();
    }

    /// <summary>Brings the running role actors in line with <see cref="AutoRoleState.Desired"/>.</summary>
    private void Reconcile()
    {
        var state = _auto!;
        foreach (var role in state.ToStop)
        {
            state = state.Stopped(role);

            // First the client service stops counting on the role, then the actor stops.
            _context.Settings.Assigned.Set(state.Running);
            var actor = _assigned[role];
            _assigned.Remove(role);
            _stopping[actor] = role;
            Context.Stop(actor);
            LogInformationRoleStopped(_log, _context.Settings.Id, role);
        }

        // Start only once every stop finished: the learner must see its new store (and a name must be free).
        if (_stopping.Count == 0 && !state.ToStart.IsEmpty)
        {
            var starting = state.ToStart;
            _context.Settings.Assigned.Set(state.Running.Concat(starting));
            foreach (var role in starting)
            {
                var actor = StartRole(role);
                Context.Watch(actor);
                _assigned[role] = actor;
                state = state.Started(role);
                LogInformationRoleStarted(_log, _context.Settings.Id, role, state.Coordinator);
            }
        }

        _auto = state;
    }

    /// <summary>True when <paramref name="actor"/> is an assigned role this supervisor stopped on purpose.</summary>
    private bool OnAssignedRoleStopped(IActorRef actor)
    {
        if (!_stopping.Remove(actor, out var role))
        {
            return false;
        }

        // Its last published view must not outlive it: a stopped proposer that led would still claim the lead.
        switch (role)
        {
            case NodeRoles.Proposer: _context.Board.Proposer = null; break;
            case NodeRoles.Learner: _context.Board.Learner = null; break;
            case NodeRoles.Store: _context.Board.Store = null; break;
        }

        Reconcile();
        return true;
    }

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Node {Id} learned role assignment revision {Revision}: its roles [{Roles}]")]
    private static partial void LogInformationAssignment(ILogger logger, int id, long revision, string roles);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Node {Id} started assigned role {Role} (coordinator: {Coordinator})")]
    private static partial void LogInformationRoleStarted(ILogger logger, int id, string role, bool coordinator);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "Node {Id} stopped role {Role}: no longer assigned to it")]
    private static partial void LogInformationRoleStopped(ILogger logger, int id, string role);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "Node {Id} ignored an assignment it cannot decode: {Text}")]
    private static partial void LogWarningBadAssignment(ILogger logger, int id, string text);

    /// <summary>
    /// <c>/user/node/assignment</c>: where the leader's <see cref="AutoRoleProtocol.AssignmentInForce"/> arrives
    /// (the role router addresses children of <c>/user/node</c>); it hands it to the supervisor.
    /// </summary>
    private sealed class AssignmentListener : ReceiveActor
    {
        public AssignmentListener() => Receive<AutoRoleProtocol.AssignmentInForce>(m => Context.Parent.Tell(m, Sender));
    }
}
