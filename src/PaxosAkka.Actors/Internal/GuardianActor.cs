namespace PaxosAkka.Actors.Internal;

/// <summary>The <c>/</c>, <c>/user</c> and <c>/system</c> guardians: they only supervise.</summary>
internal sealed class GuardianActor : ActorBase
{
    protected internal override bool Receive(object message) => false;

    // A guardian's restart must not stop all top-level actors: keep them.
    protected override void PreRestart(Exception reason, object? message) { }
}
