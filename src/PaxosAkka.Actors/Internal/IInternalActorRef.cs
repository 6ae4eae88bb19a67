namespace PaxosAkka.Actors.Internal;

/// <summary>
/// What the runtime needs from a ref beyond <see cref="IActorRef"/>: system messages, the owning system and
/// the tree. Local refs implement it; remoting's refs implement it to take part in death watch.
/// </summary>
public interface IInternalActorRef : IActorRef
{
    /// <summary>The system the ref belongs to (for Ask, dead letters and scheduling).</summary>
    ActorSystem System { get; }

    /// <summary>True once the actor has stopped (best effort for remote refs).</summary>
    bool IsTerminated { get; }

    /// <summary>Delivers a system message ahead of user messages.</summary>
    void SendSystemMessage(SystemMessage message);

    /// <summary>Looks up a direct child by name; null when absent.</summary>
    IInternalActorRef? GetChild(string name);
}
