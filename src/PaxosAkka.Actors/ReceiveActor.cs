namespace PaxosAkka.Actors;

/// <summary>
/// Akka's <c>ReceiveActor</c>: register typed handlers in the constructor (or inside <see cref="Become(Action)"/>);
/// the first handler whose type and predicate match wins. Handlers registered by
/// <see cref="ReceiveAsync{T}(Func{T, Task}, Predicate{T})"/> keep one-message-at-a-time ordering: no other
/// message is processed until the returned task completes, and continuations run inside the actor.
/// </summary>
public abstract class ReceiveActor : ActorBase
{
    private readonly List<Func<object, bool>> _initial = [];
    private List<Func<object, bool>>? _building;
    private Func<object, bool>[] _current = [];

    /// <summary>Starts collecting the initial handlers.</summary>
    protected ReceiveActor()
    {
        _building = _initial;
    }

    /// <summary>Handles messages of type <typeparamref name="T"/> (that match the optional predicate).</summary>
    protected void Receive<T>(Action<T> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Add(message =>
        {
            if (message is not T typed || (shouldHandle is not null && !shouldHandle(typed))) return false;
            handler(typed);
            return true;
        });
    }

    /// <summary>Handles messages of type <typeparamref name="T"/> that match <paramref name="shouldHandle"/>.</summary>
    protected void Receive<T>(Predicate<T> shouldHandle, Action<T> handler) => Receive(handler, shouldHandle);

    /// <summary>Handles messages of type <typeparamref name="T"/>; the handler returns false to pass the message on.</summary>
    protected void Receive<T>(Func<T, bool> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Add(message => message is T typed && handler(typed));
    }

    /// <summary>
    /// Handles <typeparamref name="T"/> asynchronously. The actor is suspended for user messages until the task
    /// completes; a faulted task fails the actor like a thrown exception.
    /// </summary>
    protected void ReceiveAsync<T>(Func<T, Task> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Add(message =>
        {
            if (message is not T typed || (shouldHandle is not null && !shouldHandle(typed))) return false;
            Cell.RunTask(() => handler(typed));
            return true;
        });
    }

    /// <summary>Handles any message not handled by an earlier handler.</summary>
    protected void ReceiveAny(Action<object> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Add(message =>
        {
            handler(message);
            return true;
        });
    }

    /// <summary>Asynchronous <see cref="ReceiveAny"/>, with the same ordering guarantee as <c>ReceiveAsync</c>.</summary>
    protected void ReceiveAnyAsync(Func<object, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Add(message =>
        {
            Cell.RunTask(() => handler(message));
            return true;
        });
    }

    /// <summary>Switches to the handlers that <paramref name="configure"/> registers (Akka's <c>Become(Action)</c>).</summary>
    protected void Become(Action configure) => Become(Build(configure));

    /// <summary>Pushes the handlers that <paramref name="configure"/> registers; <c>UnbecomeStacked</c> pops them.</summary>
    protected void BecomeStacked(Action configure) => BecomeStacked(Build(configure));

    /// <inheritdoc />
    protected internal sealed override bool Receive(object message) => Dispatch(_current, message);

    /// <summary>The constructor is done: freeze the initial handlers; later registrations need Become.</summary>
    internal override void OnConstructed()
    {
        _current = [.. _initial];
        _building = null;
    }

    private static bool Dispatch(Func<object, bool>[] handlers, object message)
    {
        foreach (var handler in handlers)
        {
            if (handler(message)) return true;
        }

        return false;
    }

    private Receive Build(Action configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var handlers = new List<Func<object, bool>>();
        var previous = _building;
        _building = handlers;
        try
        {
            configure();
        }
        finally
        {
            _building = previous;
        }

        var frozen = handlers.ToArray();
        return message => Dispatch(frozen, message);
    }

    private void Add(Func<object, bool> handler)
    {
        if (_building is null)
        {
            throw new InvalidOperationException(
                "Receive handlers can only be registered in the constructor or inside Become(() => ...).");
        }

        _building.Add(handler);
    }
}
