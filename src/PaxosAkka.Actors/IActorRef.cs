using PaxosAkka.Actors.Internal;

namespace PaxosAkka.Actors;

/// <summary>
/// A handle to an actor: the only way to talk to it. Refs are cheap, immutable and safe to share across threads.
/// </summary>
public interface IActorRef
{
    /// <summary>Where the actor lives; its <see cref="ActorPath.Uid"/> identifies this incarnation.</summary>
    ActorPath Path { get; }

    /// <summary>Fire-and-forget send. <paramref name="sender"/> is what the receiver sees as <c>Sender</c>.</summary>
    void Tell(object message, IActorRef? sender);
}

/// <summary>Well-known refs.</summary>
public static class ActorRefs
{
    /// <summary>The "no sender" value: replies to it go to dead letters.</summary>
    public static readonly IActorRef? NoSender;

    /// <summary>A ref that drops everything; use where a ref is required but nobody should be reached.</summary>
    public static readonly IActorRef Nobody = new NobodyRef();

    private sealed class NobodyRef : ActorRefBase
    {
        public override ActorPath Path { get; } = ActorPath.Root(new Address(Address.DefaultProtocol, "nobody")).Child("nobody");

        public override void Tell(object message, IActorRef? sender) { }
    }
}

/// <summary>Base for refs: equality by path and incarnation uid, readable <c>ToString</c>.</summary>
public abstract class ActorRefBase : IActorRef, IEquatable<IActorRef>
{
    /// <inheritdoc />
    public abstract ActorPath Path { get; }

    /// <inheritdoc />
    public abstract void Tell(object message, IActorRef? sender);

    /// <inheritdoc />
    public bool Equals(IActorRef? other)
        => other is not null && (ReferenceEquals(this, other) || (Path.Equals(other.Path) && Path.Uid == other.Path.Uid));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as IActorRef);

    /// <inheritdoc />
    public override int GetHashCode() => Path.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => Path.Uid == 0 ? $"[{Path}]" : $"[{Path}#{Path.Uid}]";
}

/// <summary>Akka's implicit-sender conveniences: inside an actor the sender is <c>Self</c>, outside it is no sender.</summary>
public static class ActorRefImplicitSenderExtensions
{
    /// <summary>Sends with the current actor (if any) as sender.</summary>
    public static void Tell(this IActorRef receiver, object message)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        receiver.Tell(message, ActorCell.Current?.Self);
    }

    /// <summary>Sends keeping the original sender of the message being processed, so the receiver replies past us.</summary>
    public static void Forward(this IActorRef receiver, object message)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        var cell = ActorCell.Current
            ?? throw new InvalidOperationException("Forward can only be used while an actor processes a message.");
        receiver.Tell(message, cell.Sender);
    }

    /// <summary>True for <see cref="ActorRefs.Nobody"/> and null.</summary>
    public static bool IsNobody(this IActorRef? actorRef) => actorRef is null || ReferenceEquals(actorRef, ActorRefs.Nobody);
}
