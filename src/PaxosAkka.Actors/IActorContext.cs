namespace PaxosAkka.Actors;

/// <summary>An actor's behaviour: returns true when it handled the message.</summary>
public delegate bool Receive(object message);

/// <summary>Creates actors: the system (top-level actors) and every actor's context (children).</summary>
public interface IActorRefFactory
{
    /// <summary>Creates and starts an actor. Construction runs asynchronously on the actor's own turn.</summary>
    IActorRef ActorOf(Props props, string? name = null);

    /// <summary>A selection by path, absolute (<c>/user/a</c>, <c>paxos://sys/user/a</c>) or relative (<c>../b</c>).</summary>
    ActorSelection ActorSelection(string path);
}

/// <summary>
/// The actor's view of the runtime while it processes a message (Akka's <c>IActorContext</c>). Only valid on
/// the actor's own turn: never capture it into another thread.
/// </summary>
public interface IActorContext : IActorRefFactory
{
    /// <summary>This actor.</summary>
    IActorRef Self { get; }

    /// <summary>Sender of the message being processed (dead letters when there was none).</summary>
    IActorRef Sender { get; }

    /// <summary>The supervisor.</summary>
    IActorRef Parent { get; }

    /// <summary>The system the actor lives in.</summary>
    ActorSystem System { get; }

    /// <summary>The props the actor was created from.</summary>
    Props Props { get; }

    /// <summary>A direct child by name, or <see cref="ActorRefs.Nobody"/>.</summary>
    IActorRef Child(string name);

    /// <summary>The live children (a snapshot).</summary>
    IReadOnlyCollection<IActorRef> GetChildren();

    /// <summary>Stops a child (or this actor) asynchronously: its current message finishes first.</summary>
    void Stop(IActorRef actor);

    /// <summary>Delivers <see cref="Terminated"/> when <paramref name="subject"/> stops (at once if it already has).</summary>
    IActorRef Watch(IActorRef subject);

    /// <summary>Like <see cref="Watch"/> but delivers <paramref name="message"/> instead of <see cref="Terminated"/>.</summary>
    IActorRef WatchWith(IActorRef subject, object message);

    /// <summary>Cancels a watch; no <see cref="Terminated"/> for it arrives afterwards.</summary>
    IActorRef Unwatch(IActorRef subject);

    /// <summary>Replaces the current behaviour.</summary>
    void Become(Receive receive);

    /// <summary>Pushes a behaviour; <see cref="UnbecomeStacked"/> pops it.</summary>
    void BecomeStacked(Receive receive);

    /// <summary>Returns to the previous behaviour.</summary>
    void UnbecomeStacked();

    /// <summary>Sends <see cref="ReceiveTimeout"/> after this much inactivity; null turns it off.</summary>
    void SetReceiveTimeout(TimeSpan? timeout);
}
