using Microsoft.Extensions.Logging;
using PaxosAkka.Actors.Internal;
using PaxosAkka.Actors.Supervision;

namespace PaxosAkka.Actors;

/// <summary>
/// Base of every actor. Construct only through <see cref="Props"/>; the runtime calls the hooks:
/// <c>PreStart</c> after construction, <c>PreRestart</c>/<c>PostRestart</c> around a restart (the new instance
/// gets <c>PostRestart</c>, which calls <c>PreStart</c> by default), and <c>PostStop</c> exactly once when stopped.
/// </summary>
public abstract class ActorBase
{
    private readonly ActorCell _cell;

    /// <summary>Binds the instance to the cell that is constructing it.</summary>
    protected ActorBase()
    {
        var cell = ActorCell.Current;
        if (cell is null || !cell.IsConstructingActor)
        {
            throw new ActorInitializationException(
                $"Do not construct actor {GetType().Name} with 'new': create it with ActorOf(Props.Create<{GetType().Name}>(...)).");
        }

        _cell = cell;
    }

    internal ActorCell Cell => _cell;

    /// <summary>The actor's context (self, sender, children, watch, become).</summary>
    protected IActorContext Context => _cell;

    /// <summary>This actor.</summary>
    protected IActorRef Self => _cell.Self;

    /// <summary>Sender of the message being processed.</summary>
    protected IActorRef Sender => _cell.Sender;

    /// <summary>The behaviour that handles messages until <see cref="Become"/> changes it.</summary>
    protected internal abstract bool Receive(object message);

    /// <summary>Runs once the actor is constructed, before its first message.</summary>
    protected virtual void PreStart() { }

    /// <summary>Runs exactly once when the actor stops, after its children stopped.</summary>
    protected virtual void PostStop() { }

    /// <summary>On the failed instance before a restart. By default stops all children and runs <see cref="PostStop"/>.</summary>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in Context.GetChildren()) Context.Stop(child);
        PostStop();
    }

    /// <summary>On the fresh instance after a restart. By default runs <see cref="PreStart"/>.</summary>
    protected virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>
    /// Called for messages no behaviour handled: an unhandled <see cref="Terminated"/> kills the actor with
    /// <see cref="DeathPactException"/> (as in Akka); anything else is published as <see cref="UnhandledMessage"/>.
    /// </summary>
    protected virtual void Unhandled(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message is Terminated terminated)
        {
            throw new DeathPactException($"Monitored actor {terminated.ActorRef} terminated and {Self} did not handle it.")
            {
                DeadActor = terminated.ActorRef,
            };
        }

        _cell.PublishUnhandled(message);
    }

    /// <summary>How this actor supervises its children; Akka's default restarts on any exception.</summary>
    protected virtual SupervisorStrategy SupervisorStrategy() => Supervision.SupervisorStrategy.DefaultStrategy;

    /// <summary>Replaces the behaviour.</summary>
    protected void Become(Receive receive) => _cell.Become(receive);

    /// <summary>Pushes a behaviour.</summary>
    protected void BecomeStacked(Receive receive) => _cell.BecomeStacked(receive);

    /// <summary>Pops back to the previous behaviour.</summary>
    protected void UnbecomeStacked() => _cell.UnbecomeStacked();

    /// <summary>Sets or clears the receive timeout.</summary>
    protected void SetReceiveTimeout(TimeSpan? timeout) => _cell.SetReceiveTimeout(timeout);

    internal virtual void OnConstructed() { }

    internal void InvokePreStart() => PreStart();

    internal void InvokePostStop() => PostStop();

    internal void InvokePreRestart(Exception reason, object? message) => PreRestart(reason, message);

    internal void InvokePostRestart(Exception reason) => PostRestart(reason);

    internal void InvokeUnhandled(object message) => Unhandled(message);

    internal SupervisorStrategy InvokeSupervisorStrategy() => SupervisorStrategy();
}

/// <summary>Akka's untyped actor: override <see cref="OnReceive"/> and call <c>Unhandled</c> for what you ignore.</summary>
public abstract class UntypedActor : ActorBase
{
    /// <summary>Handles one message.</summary>
    protected abstract void OnReceive(object message);

    /// <inheritdoc />
    protected internal sealed override bool Receive(object message)
    {
        OnReceive(message);
        return true;
    }
}

/// <summary>Logging from inside actors: <c>Context.GetLogger()</c>.</summary>
public static class ActorContextLoggingExtensions
{
    /// <summary>A logger whose category is the actor's class.</summary>
    public static ILogger GetLogger(this IActorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.System.LoggerFactory.CreateLogger(context.Props.ActorType.FullName ?? context.Props.ActorType.Name);
    }
}
