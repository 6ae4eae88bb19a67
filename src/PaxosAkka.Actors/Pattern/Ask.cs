using System.Collections.Concurrent;
using PaxosAkka.Actors.Internal;

namespace PaxosAkka.Actors;

/// <summary>
/// Request/response from outside (or inside) actors: <c>await actor.Ask&lt;Reply&gt;(request, timeout)</c>.
/// A temporary ref under <c>/temp</c> receives the first reply; <see cref="Status.Failure"/> rethrows its cause;
/// no reply in time throws <see cref="AskTimeoutException"/> naming the target, the message type and the timeout.
/// </summary>
public static class Futures
{
    /// <summary>Asks and expects a reply of type <typeparamref name="T"/>.</summary>
    public static Task<T> Ask<T>(this IActorRef target, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        => AskCore<T>(target, message, timeout, cancellationToken);

    /// <summary>Asks with the configured default timeout.</summary>
    public static Task<T> Ask<T>(this IActorRef target, object message, CancellationToken cancellationToken)
        => AskCore<T>(target, message, null, cancellationToken);

    /// <summary>Asks and returns the reply as it is.</summary>
    public static Task<object> Ask(this IActorRef target, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        => AskCore<object>(target, message, timeout, cancellationToken);

    private static async Task<T> AskCore<T>(IActorRef target, object message, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        var system = target switch
        {
            IInternalActorRef internalRef => internalRef.System,
            _ => throw new ArgumentException($"Cannot ask {target}: it belongs to no actor system.", nameof(target)),
        };
        var effectiveTimeout = timeout ?? system.Settings.AskTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(effectiveTimeout, TimeSpan.Zero, nameof(timeout));

        var promise = system.TempContainer.CreatePromise(system);
        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.Register(static p => ((PromiseActorRef)p!).Cancel(), promise)
            : default;
        var timer = system.Scheduler.ScheduleOnce(effectiveTimeout, () => promise.Fail(new AskTimeoutException(
            $"Ask timed out on {target} after {effectiveTimeout.TotalMilliseconds} ms. Message of type [{message.GetType().FullName}] got no reply; "
            + "the target may be dead, slow, or not replying to Sender.")
        {
            Target = target,
            Timeout = effectiveTimeout,
        }));
        try
        {
            target.Tell(message, promise);
            var reply = await promise.Task.ConfigureAwait(false);
            return reply switch
            {
                T typed => typed,
                Status.Failure failure => throw failure.Cause,
                null when default(T) is null => default!,
                _ => throw new InvalidCastException(
                    $"Ask of {target} with [{message.GetType().Name}] expected a reply of type [{typeof(T).Name}] but got [{reply?.GetType().Name ?? "null"}]."),
            };
        }
        finally
        {
            timer.Cancel();
            system.TempContainer.Remove(promise);
        }
    }
}

/// <summary>The <c>/temp</c> refs of pending asks, so replies and remote lookups can find them.</summary>
internal sealed class TempActorContainer(ActorPath path)
{
    private readonly ConcurrentDictionary<string, PromiseActorRef> _promises = new(StringComparer.Ordinal);
    private long _next;

    public ActorPath Path { get; } = path;

    public int Count => _promises.Count;

    public PromiseActorRef CreatePromise(ActorSystem system)
    {
        var name = ActorPathValidation.GeneratedName(Interlocked.Increment(ref _next));
        var promise = new PromiseActorRef(system, Path.Child(name).WithUid(system.NextUid()));
        _promises[name] = promise;
        return promise;
    }

    public IInternalActorRef? Get(string name) => _promises.TryGetValue(name, out var p) ? p : null;

    public void Remove(PromiseActorRef promise) => _promises.TryRemove(promise.Path.Name, out _);
}

/// <summary>A one-shot ref completing a task with the first message it receives.</summary>
internal sealed class PromiseActorRef(ActorSystem system, ActorPath path) : ActorRefBase, IInternalActorRef
{
    // Asynchronous continuations keep an awaiting caller from running inside the replying actor's turn,
    // except on a deterministic dispatcher, where nothing may leave the controlled thread.
    private readonly TaskCompletionSource<object> _completion = new(
        system.Dispatcher.RunsContinuationsInline ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously);

    public override ActorPath Path { get; } = path;

    public ActorSystem System { get; } = system;

    public Task<object> Task => _completion.Task;

    public bool IsTerminated => _completion.Task.IsCompleted;

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_completion.TrySetResult(message))
        {
            System.DeadLetterRef.Publish(new DeadLetter(message, sender ?? System.DeadLetters, this));
        }
    }

    public void Fail(Exception error) => _completion.TrySetException(error);

    public void Cancel() => _completion.TrySetCanceled();

    public void SendSystemMessage(SystemMessage message)
    {
        // A watch of a finished ask: answer as a dead actor would.
        if (message is Watch { Watcher: IInternalActorRef watcher } && IsTerminated)
        {
            watcher.SendSystemMessage(new DeathWatchNotification(this, ExistenceConfirmed: false, AddressTerminated: false));
        }
    }

    public IInternalActorRef? GetChild(string name) => null;
}
