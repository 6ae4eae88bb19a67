namespace PaxosAkka.Actors;

/// <summary>Marker for messages the cell handles itself before the actor's behaviour sees them.</summary>
public interface IAutoReceivedMessage
{
}

/// <summary>Stops the receiving actor after the messages enqueued before it.</summary>
public sealed class PoisonPill : IAutoReceivedMessage
{
    private PoisonPill() { }

    /// <summary>The single instance.</summary>
    public static PoisonPill Instance { get; } = new();
}

/// <summary>Makes the receiving actor fail with <see cref="ActorKilledException"/>; its supervisor decides.</summary>
public sealed class Kill : IAutoReceivedMessage
{
    private Kill() { }

    /// <summary>The single instance.</summary>
    public static Kill Instance { get; } = new();
}

/// <summary>Every actor replies with <see cref="ActorIdentity"/>; used to resolve selections.</summary>
public sealed record Identify(object? MessageId) : IAutoReceivedMessage;

/// <summary>Reply to <see cref="Identify"/>; <paramref name="Subject"/> is null when nobody was there.</summary>
public sealed record ActorIdentity(object? MessageId, IActorRef? Subject);

/// <summary>
/// Delivered to watchers when a watched actor stopped. <paramref name="ExistenceConfirmed"/> is false when the
/// actor was already gone (or never existed) at watch time.
/// </summary>
public sealed record Terminated(IActorRef ActorRef, bool ExistenceConfirmed, bool AddressTerminated) : IAutoReceivedMessage;

/// <summary>Sent to an actor that set a receive timeout and got no message within it.</summary>
public sealed class ReceiveTimeout
{
    private ReceiveTimeout() { }

    /// <summary>The single instance.</summary>
    public static ReceiveTimeout Instance { get; } = new();
}

/// <summary>Akka's reply envelopes for success/failure, understood by <c>Ask</c>.</summary>
public static class Status
{
    /// <summary>Success with a value.</summary>
    public sealed record Success(object? Value);

    /// <summary>Failure: <c>Ask</c> rethrows <paramref name="Cause"/> to the asker.</summary>
    public sealed record Failure(Exception Cause);
}

/// <summary>A message that could not be delivered; published on the event stream and counted.</summary>
public sealed record DeadLetter(object Message, IActorRef Sender, IActorRef Recipient);

/// <summary>A message the actor's behaviour did not handle; published on the event stream.</summary>
public sealed record UnhandledMessage(object Message, IActorRef Sender, IActorRef Recipient);

/// <summary>Akka's "done" value for tasks that only signal completion.</summary>
public sealed class Done
{
    private Done() { }

    /// <summary>The single instance.</summary>
    public static Done Instance { get; } = new();
}
