using System.Collections.Concurrent;
using Akka.Actor;
using PaxosAkka.Node.Configuration;
using PaxosAkka.Node.Hosting;

namespace PaxosAkka.Node.Roles;

/// <summary>
/// Routes to <c>protocol://paxos@host:remote-port/user/node/&lt;role&gt;</c> of the member list's node, with this
/// system's own protocol (<c>akka.tcp</c>, <c>akka.ssl.tcp</c> under TLS, or with test adapters: every member runs the same stack). Refs are
/// resolved once per (node, role) and cached: remote refs are paths that Akka.Remote resolves without a round trip and
/// that stay valid across the peer's restarts; local ones point at the children of the node supervisor and are
/// resolved again once one has stopped (on an <c>auto</c> node the assigned roles stop and start as the assignment
/// changes).
/// </summary>
public sealed class RemoteRoleRouter : IRoleRouter
{
    private readonly ExtendedActorSystem _system;
    private readonly Address _self;
    private readonly Dictionary<int, MemberSettings> _members;
    private readonly ConcurrentDictionary<(int, string), IActorRef> _refs = new();

    /// <summary>Creates a router for <paramref name="system"/> (created with remoting) over the member list.</summary>
    public RemoteRoleRouter(ActorSystem system, IEnumerable<MemberSettings> members)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(members);
        _system = (ExtendedActorSystem)system;
        _self = _system.Provider.DefaultAddress;
        _members = members.ToDictionary(m => m.Id);
    }

    /// <inheritdoc />
    public void Tell(int node, string role, object message, IActorRef? sender)
    {
        if (_refs.TryGetValue((node, role), out var cached))
        {
            if (!IsStoppedLocal(cached))
            {
                cached.Tell(message, sender ?? ActorRefs.NoSender);
                return;
            }

            // A local role that was stopped (an auto node lost the role) may run again under the same name as a
            // new actor: resolve the path afresh rather than write to the dead one.
            _refs.TryRemove((node, role), out _);
        }

        if (!_members.TryGetValue(node, out var member))
        {
            // A message for a node outside the static list (garbage or a misconfigured peer) goes nowhere.
            _system.DeadLetters.Tell(message, sender ?? ActorRefs.NoSender);
            return;
        }

        var target = _system.Provider.ResolveActorRef($"{AkkaSettings.AddressOf(member, _self.Protocol)}/user/{RoleNames.Node}/{role}");
        if (target is null || target.IsNobody() || target is EmptyLocalActorRef or DeadLetterActorRef)
        {
            // The local role is not created yet (start-up) or does not run here: do not cache the miss.
            _system.DeadLetters.Tell(message, sender ?? ActorRefs.NoSender);
            return;
        }

        _refs[(node, role)] = target;
        target.Tell(message, sender ?? ActorRefs.NoSender);
    }

    private bool IsStoppedLocal(IActorRef actor)
    {
        if (actor.Path.Address != _self && actor.Path.Address.HasGlobalScope)
        {
            return false;
        }

        // The router serves threads outside any actor (HTTP requests), so it cannot watch; a local ref's own flag is
        // the only way to tell that the role it points at has stopped.
#pragma warning disable CS0618
        return actor is IInternalActorRef { IsTerminated: true };
#pragma warning restore CS0618
    }
}
