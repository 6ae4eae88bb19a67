using PaxosAkka.Actors.Supervision;

namespace PaxosAkka.Actors;

/// <summary>
/// An immutable recipe for an actor: how to construct it (again, on restart), its mailbox and the supervisor
/// strategy for its children. <c>Props.Create&lt;T&gt;(args)</c> or <c>Props.Create(() =&gt; new T(...))</c>.
/// </summary>
public sealed class Props
{
    private readonly Func<ActorBase> _factory;

    private Props(Type actorType, Func<ActorBase> factory, int mailboxCapacity, SupervisorStrategy? supervisorStrategy)
    {
        ActorType = actorType;
        _factory = factory;
        MailboxCapacity = mailboxCapacity;
        SupervisorStrategy = supervisorStrategy;
    }

    /// <summary>The actor class.</summary>
    public Type ActorType { get; }

    /// <summary>0 for an unbounded mailbox (the default); otherwise the bounded capacity, overflow goes to dead letters.</summary>
    public int MailboxCapacity { get; }

    /// <summary>A strategy overriding the actor's own <c>SupervisorStrategy()</c>; null to use the actor's.</summary>
    public SupervisorStrategy? SupervisorStrategy { get; }

    /// <summary>Props that construct <typeparamref name="T"/> with the given constructor arguments.</summary>
    public static Props Create<T>(params object?[] args)
        where T : ActorBase
        => Create(typeof(T), args);

    /// <summary>Props that construct the actor by calling <paramref name="factory"/> (again on every restart).</summary>
    public static Props Create<T>(Func<T> factory)
        where T : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new Props(typeof(T), factory, 0, null);
    }

    /// <summary>Props for an actor type known only at run time.</summary>
    public static Props Create(Type actorType, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(actorType);
        if (!typeof(ActorBase).IsAssignableFrom(actorType))
        {
            throw new ArgumentException($"{actorType} does not derive from {nameof(ActorBase)}.", nameof(actorType));
        }

        var arguments = args ?? [];
        ValidateConstructor(actorType, arguments);
        const System.Reflection.BindingFlags flags =
            System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance;
        return new Props(actorType, () => (ActorBase)Activator.CreateInstance(actorType, flags, null, arguments, null)!, 0, null);
    }

    /// <summary>Fails at Props creation, not later inside the actor, when no constructor fits the arguments.</summary>
    private static void ValidateConstructor(Type actorType, object?[] arguments)
    {
        if (actorType.IsAbstract) throw new ArgumentException($"Actor type {actorType.Name} is abstract.", nameof(actorType));
        var fits = actorType.GetConstructors(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)
            .Any(c =>
            {
                var parameters = c.GetParameters();
                return parameters.Length == arguments.Length && parameters.Zip(arguments).All(p =>
                    p.Second is null ? !p.First.ParameterType.IsValueType || Nullable.GetUnderlyingType(p.First.ParameterType) is not null
                                     : p.First.ParameterType.IsInstanceOfType(p.Second));
            });
        if (!fits)
        {
            var given = string.Join(", ", arguments.Select(a => a?.GetType().Name ?? "null"));
            throw new ArgumentException($"Actor type {actorType.Name} has no constructor taking ({given}).", nameof(arguments));
        }
    }

    /// <summary>Same props with a bounded mailbox of <paramref name="capacity"/> user messages.</summary>
    public Props WithBoundedMailbox(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        return new Props(ActorType, _factory, capacity, SupervisorStrategy);
    }

    /// <summary>Same props with an unbounded mailbox.</summary>
    public Props WithUnboundedMailbox() => new(ActorType, _factory, 0, SupervisorStrategy);

    /// <summary>Same props with a supervisor strategy for the actor's children.</summary>
    public Props WithSupervisorStrategy(SupervisorStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        return new Props(ActorType, _factory, MailboxCapacity, strategy);
    }

    /// <summary>Constructs a new instance; unwraps reflection's wrapper so the real constructor error surfaces.</summary>
    internal ActorBase NewActor()
    {
        try
        {
            return _factory();
        }
        catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"Props({ActorType.Name}, mailbox={(MailboxCapacity == 0 ? "unbounded" : MailboxCapacity)})";
}
