namespace PaxosAkka.Actors;

/// <summary>Base of the runtime's own exceptions.</summary>
public class AkkaException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AkkaException() { }

    /// <summary>Creates the exception with a message.</summary>
    public AkkaException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and cause.</summary>
    public AkkaException(string message, Exception? innerException) : base(message, innerException) { }
}

/// <summary>An actor name is empty, contains reserved characters, or is already taken by a sibling.</summary>
public sealed class InvalidActorNameException : AkkaException
{
    /// <summary>Creates the exception.</summary>
    public InvalidActorNameException() { }

    /// <summary>Creates the exception with a message.</summary>
    public InvalidActorNameException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and cause.</summary>
    public InvalidActorNameException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>
/// The actor's constructor or <c>PreStart</c> threw. The default supervisor strategy stops such an actor
/// instead of restarting it, since a restart would most likely fail the same way.
/// </summary>
public sealed class ActorInitializationException : AkkaException
{
    /// <summary>Creates the exception.</summary>
    public ActorInitializationException() { }

    /// <summary>Creates the exception with a message.</summary>
    public ActorInitializationException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and cause.</summary>
    public ActorInitializationException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>The actor that failed to start, when known.</summary>
    public IActorRef? Actor { get; init; }
}

/// <summary>Thrown inside an actor that received <see cref="Kill"/>; the default strategy stops it.</summary>
public sealed class ActorKilledException : AkkaException
{
    /// <summary>Creates the exception.</summary>
    public ActorKilledException() : base("Kill") { }

    /// <summary>Creates the exception with a message.</summary>
    public ActorKilledException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and cause.</summary>
    public ActorKilledException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>An actor did not handle the <see cref="Terminated"/> of an actor it watched: it dies with it.</summary>
public sealed class DeathPactException : AkkaException
{
    /// <summary>Creates the exception.</summary>
    public DeathPactException() { }

    /// <summary>Creates the exception with a message.</summary>
    public DeathPactException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and cause.</summary>
    public DeathPactException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The watched actor that died.</summary>
    public IActorRef? DeadActor { get; init; }
}

/// <summary>An <c>Ask</c> got no reply in time. The message names the target and the timeout.</summary>
public sealed class AskTimeoutException : AkkaException
{
    /// <summary>Creates the exception.</summary>
    public AskTimeoutException() { }

    /// <summary>Creates the exception with a message.</summary>
    public AskTimeoutException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and cause.</summary>
    public AskTimeoutException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The actor that was asked.</summary>
    public IActorRef? Target { get; init; }

    /// <summary>How long the ask waited.</summary>
    public TimeSpan Timeout { get; init; }
}

/// <summary>An <see cref="ActorSelection"/> resolved to no actor.</summary>
public sealed class ActorNotFoundException : AkkaException
{
    /// <summary>Creates the exception.</summary>
    public ActorNotFoundException() { }

    /// <summary>Creates the exception with a message.</summary>
    public ActorNotFoundException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and cause.</summary>
    public ActorNotFoundException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>A stash operation broke a rule (stashing the same message twice, or stashing outside a message).</summary>
public sealed class IllegalActorStateException : AkkaException
{
    /// <summary>Creates the exception.</summary>
    public IllegalActorStateException() { }

    /// <summary>Creates the exception with a message.</summary>
    public IllegalActorStateException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and cause.</summary>
    public IllegalActorStateException(string message, Exception innerException) : base(message, innerException) { }
}
