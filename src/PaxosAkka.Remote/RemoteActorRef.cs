using PaxosAkka.Actors;
using PaxosAkka.Actors.Internal;

namespace PaxosAkka.Remote;

/// <summary>
/// A ref to an actor on another node. <see cref="Tell"/> serializes the message and queues it on the
/// association with that node (at-most-once, ordered per sender/receiver pair). It takes part in death
/// watch: <c>Context.Watch(remoteRef)</c> yields <see cref="Terminated"/> when the remote actor stops or
/// its node is gone (then with <c>AddressTerminated = true</c>).
/// </summary>
public sealed class RemoteActorRef : ActorRefBase, IInternalActorRef
{
    private readonly Remoting _remoting;

    internal RemoteActorRef(Remoting remoting, ActorPath path, RemoteAddress node)
    {
        _remoting = remoting;
        Path = path;
        Node = node;
        RecipientPath = path.ToStringWithoutAddress();
    }

    /// <summary>The path on its node (<c>/user/acceptor</c>), computed once: it goes into every envelope.</summary>
    internal string RecipientPath { get; }

    public override ActorPath Path { get; }

    /// <summary>The node the actor lives on.</summary>
    public RemoteAddress Node { get; }

    public ActorSystem System => _remoting.System;

    /// <summary>Unknown from here; death watch is how to learn it.</summary>
    public bool IsTerminated => false;

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        _remoting.Send(this, message, sender);
    }

    public void SendSystemMessage(SystemMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        _remoting.SendSystemMessage(this, message);
    }

    public IInternalActorRef? GetChild(string name) => _remoting.RemoteRefFor(Path.Child(name));
}
