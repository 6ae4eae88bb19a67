namespace PaxosAkka.Actors.Internal;

/// <summary>
/// Messages the runtime sends between cells. They jump ahead of user messages and are processed even while
/// the actor is suspended, so supervision and death watch never wait behind a full mailbox.
/// Public only so that runtime extensions (remoting) can carry them; actors never see them.
/// </summary>
public abstract record SystemMessage;

/// <summary>Construct the actor and run <c>PreStart</c>.</summary>
public sealed record Create : SystemMessage;

/// <summary>Restart the actor because of <paramref name="Cause"/>.</summary>
public sealed record Recreate(Exception Cause) : SystemMessage;

/// <summary>Stop processing user messages until <see cref="Resume"/>.</summary>
public sealed record Suspend : SystemMessage;

/// <summary>Resume after a failure (<paramref name="CausedByFailure"/>) or an external suspend.</summary>
public sealed record Resume(Exception? CausedByFailure) : SystemMessage;

/// <summary>Stop the actor: children first, then <c>PostStop</c>, then notify watchers.</summary>
public sealed record Terminate : SystemMessage;

/// <summary><paramref name="Watcher"/> wants a <see cref="Terminated"/> when <paramref name="Watchee"/> stops.</summary>
public sealed record Watch(IActorRef Watchee, IActorRef Watcher) : SystemMessage;

/// <summary>Cancels a <see cref="Watch"/>.</summary>
public sealed record Unwatch(IActorRef Watchee, IActorRef Watcher) : SystemMessage;

/// <summary><paramref name="Actor"/> has stopped; sent to its parent and watchers.</summary>
public sealed record DeathWatchNotification(IActorRef Actor, bool ExistenceConfirmed, bool AddressTerminated) : SystemMessage;

/// <summary>A child failed; the parent's supervisor strategy decides. <paramref name="IsEscalation"/> marks a failure passed up.</summary>
public sealed record Failed(IActorRef Child, Exception Cause, long Uid, bool IsEscalation) : SystemMessage;

/// <summary>Runs an async continuation of a <c>ReceiveAsync</c> handler inside the actor.</summary>
internal sealed record RunContinuation(SendOrPostCallback Callback, object? State) : SystemMessage;

/// <summary>The task of a <c>ReceiveAsync</c> handler finished; user messages may flow again.</summary>
internal sealed record AsyncTaskCompleted(Task Task) : SystemMessage;
