using PaxosAkka.Actors.Dispatch;
using PaxosAkka.Actors.Supervision;

namespace PaxosAkka.Actors.Internal;

/// <summary>A ref to an actor in this process: sends go straight into its mailbox.</summary>
internal sealed class LocalActorRef : ActorRefBase, IInternalActorRef
{
    private ActorCell _cell = null!;

    public LocalActorRef(ActorSystem system, ActorPath path, bool isGuardian = false)
    {
        System = system;
        Path = path;
        IsGuardian = isGuardian;
    }

    public override ActorPath Path { get; }

    public ActorSystem System { get; }

    public ActorCell Cell => _cell;

    /// <summary>The <c>/user</c> and <c>/system</c> guardians: escalations reaching them shut the system down.</summary>
    public bool IsGuardian { get; }

    /// <summary>Restart bookkeeping kept by the parent's strategy (touched only on the parent's turn).</summary>
    public ChildRestartStats RestartStats { get; } = new();

    public bool IsTerminated => _cell.IsTerminated;

    internal void SetCell(ActorCell cell) => _cell = cell;

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        _cell.SendMessage(new Envelope(message, sender ?? System.DeadLetters));
    }

    public void SendSystemMessage(SystemMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        _cell.SendSystemMessage(message);
    }

    public IInternalActorRef? GetChild(string name) => _cell.GetChild(name);
}

/// <summary>
/// Above the root guardian: it learns that the root stopped (completing termination) or failed
/// (which can only be a bug or an escalation, so the system shuts down).
/// </summary>
internal sealed class TheOneWhoWalksTheBubblesOfSpaceTime(ActorSystem system) : ActorRefBase, IInternalActorRef
{
    public override ActorPath Path { get; } = ActorPath.Root(system.Address).Child("bubble-walker");

    public ActorSystem System => system;

    public bool IsTerminated => false;

    public override void Tell(object message, IActorRef? sender) { }

    public void SendSystemMessage(SystemMessage message)
    {
        if (message is Failed failed) system.OnGuardianEscalation(failed.Child, failed.Cause);
    }

    public IInternalActorRef? GetChild(string name) => null;
}
