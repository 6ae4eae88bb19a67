using System.Collections.Concurrent;
using PaxosAkka.Actors;
using PaxosAkka.Actors.Internal;
using PaxosAkka.Node.Configuration;
using PaxosAkka.Remote;

namespace PaxosAkka.Node.Roles;

/// <summary>
/// Routes to <c>paxos.tcp://paxos@host:remote-port/user/node/&lt;role&gt;</c> of the member list's node. Refs are
/// built once per (node, role) and cached: remote refs are paths, so they stay valid across the peer's restarts,
/// and the local ones point at the children of the node supervisor, resolved again once one has stopped (on an
/// <c>auto</c> node the assigned roles stop and start as the assignment changes).
/// </summary>
public sealed class RemoteRoleRouter : IRoleRouter
{
    private readonly ActorSystem _system;
    private readonly Dictionary<int, MemberSettings> _members;
    private readonly ConcurrentDictionary<(int, string), IActorRef> _refs = new();

    /// <summary>Creates a router for <paramref name="system"/> (created with remoting) over the member list.</summary>
    public RemoteRoleRouter(ActorSystem system, IEnumerable<MemberSettings> members)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(members);
        _system = system;
        _members = members.ToDictionary(m => m.Id);
    }

    /// <inheritdoc />
    public void Tell(int node, string role, object message, IActorRef? sender)
    {
        if (_refs.TryGetValue((node, role), out var cached))
        {
            if (cached is not IInternalActorRef { IsTerminated: true })
            {
                cached.Tell(message, sender);
                return;
            }

            // A local role that was stopped (an auto node lost the role) may run again under the same name as a
            // new actor: resolve the path afresh rather than write to the dead one.
            _refs.TryRemove((node, role), out _);
        }

        if (!_members.TryGetValue(node, out var member))
        {
            // A message for a node outside the static list (garbage or a misconfigured peer) goes nowhere.
            _system.DeadLetters.Tell(message, sender);
            return;
        }

        var path = ActorPath.Parse($"{RemoteAddress.Scheme}://{_system.Name}@{member.Host}:{member.RemotePort}/user/{RoleNames.Node}/{role}");
        var target = Remoting.Get(_system).RemoteRefFor(path);
        if (target is null)
        {
            // The local role is not created yet (start-up) or does not run here: do not cache the miss.
            _system.DeadLetters.Tell(message, sender);
            return;
        }

        _refs[(node, role)] = target;
        target.Tell(message, sender);
    }
}
