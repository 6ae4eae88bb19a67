using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PaxosAkka.Actors.Dispatch;
using PaxosAkka.Actors.Event;
using PaxosAkka.Actors.Internal;
using PaxosAkka.Hocon;

namespace PaxosAkka.Actors;

/// <summary>
/// A hierarchy of actors with its own dispatcher, scheduler, event stream and dead letters
/// (<c>ActorSystem.Create("paxos")</c>). Top-level actors live under <c>/user</c>; runtime actors under
/// <c>/system</c>. <see cref="Terminate"/> runs <see cref="CoordinatedShutdown"/> and stops everything in order.
/// </summary>
public sealed partial class ActorSystem : IActorRefFactory, IAsyncDisposable
{
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<Type, object> _extensions = new();
    private readonly TheOneWhoWalksTheBubblesOfSpaceTime _bubbleWalker;
    private readonly LocalActorRef _root;
    private readonly LocalActorRef _userGuardian;
    private readonly LocalActorRef _systemGuardian;
    private long _nextUid;
    private volatile bool _terminating;

    private ActorSystem(string name, ActorSystemSetup setup)
    {
        Name = name;
        Settings = ActorSystemSettings.FromConfig(setup.Config);
        Address = setup.Address ?? new Address(Address.DefaultProtocol, name);
        LoggerFactory = setup.LoggerFactory ?? NullLoggerFactory.Instance;
        Log = LoggerFactory.CreateLogger("PaxosAkka.Actors.ActorSystem");
        TimeProvider = setup.TimeProvider ?? TimeProvider.System;
        Scheduler = new TimeProviderScheduler(TimeProvider);
        Dispatcher = setup.Dispatcher ?? new ThreadPoolDispatcher(Settings.Throughput);
        EventStream = new EventStream();
        var rootPath = ActorPath.Root(Address);
        DeadLetterRef = new DeadLetterActorRef(this, rootPath.Child("deadLetters"));
        TempContainer = new TempActorContainer(rootPath.Child("temp"));
        _bubbleWalker = new TheOneWhoWalksTheBubblesOfSpaceTime(this);

        _root = CreateGuardian(rootPath.WithUid(NextUid()), _bubbleWalker, isGuardian: false);
        _userGuardian = CreateGuardianChild("user");
        _systemGuardian = CreateGuardianChild("system");
        _userGuardian.Cell.OnTerminated = () => _systemGuardian.SendSystemMessage(new Terminate());
        _systemGuardian.Cell.OnTerminated = () => _root.SendSystemMessage(new Terminate());
        _root.Cell.OnTerminated = OnRootTerminated;
        CoordinatedShutdown = new CoordinatedShutdown(this);
    }

    /// <summary>The system's name (the first element of its paths' authority).</summary>
    public string Name { get; }

    /// <summary>Typed settings, parsed once from configuration over <c>reference.conf</c>.</summary>
    public ActorSystemSettings Settings { get; }

    /// <summary>Where this system lives (<c>paxos://name</c> or, with remoting, <c>paxos://name@host:port</c>).</summary>
    public Address Address { get; }

    /// <summary>The logger factory given at setup.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The runtime's own logger.</summary>
    public ILogger Log { get; }

    /// <summary>The injected clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The scheduler on <see cref="TimeProvider"/>.</summary>
    public IScheduler Scheduler { get; }

    /// <summary>The dispatcher all actors run on.</summary>
    public MessageDispatcher Dispatcher { get; }

    /// <summary>Publish/subscribe bus (dead letters, unhandled messages).</summary>
    public EventStream EventStream { get; }

    /// <summary>Dead letters; <see cref="DeadLetterActorRef.Count"/> counts them.</summary>
    public DeadLetterActorRef DeadLetters => DeadLetterRef;

    /// <summary>Phased, orderly shutdown; <see cref="Terminate"/> runs it.</summary>
    public CoordinatedShutdown CoordinatedShutdown { get; }

    /// <summary>Completes when every actor has stopped.</summary>
    public Task WhenTerminated => _terminated.Task;

    /// <summary>True once termination began.</summary>
    public bool IsTerminating => _terminating;

    internal DeadLetterActorRef DeadLetterRef { get; }

    internal TempActorContainer TempContainer { get; }

    internal LocalActorRef UserGuardian => _userGuardian;

    internal LocalActorRef SystemGuardian => _systemGuardian;

    internal LocalActorRef RootGuardian => _root;

    /// <summary>Creates a system configured by <c>reference.conf</c> only.</summary>
    public static ActorSystem Create(string name) => Create(name, new ActorSystemSetup());

    /// <summary>Creates a system with the given configuration (over <c>reference.conf</c>).</summary>
    public static ActorSystem Create(string name, Config config) => Create(name, new ActorSystemSetup { Config = config });

    /// <summary>Creates a system with injected logging, clock, dispatcher, address and configuration.</summary>
    public static ActorSystem Create(string name, ActorSystemSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ValidateSystemName(name);
        var system = new ActorSystem(name, setup);
        system.Start();
        return system;
    }

    private static void ValidateSystemName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') || name[0] is '-' or '_')
        {
            throw new ArgumentException(
                $"Invalid actor system name [{name}]: use ASCII letters, digits, '-' and '_', starting with a letter or digit.",
                nameof(name));
        }
    }

    private void Start()
    {
        _root.Cell.Start();
        _userGuardian.Cell.Start();
        _systemGuardian.Cell.Start();
        RuntimeLog.LogInfoSystemStarted(Log, Name, Address);
    }

    private LocalActorRef CreateGuardian(ActorPath path, IInternalActorRef parent, bool isGuardian)
    {
        var props = Props.Create(() => new GuardianActor());
        var actorRef = new LocalActorRef(this, path, isGuardian);
        var cell = new ActorCell(this, actorRef, props, parent, new Mailbox(Dispatcher, 0));
        actorRef.SetCell(cell);
        return actorRef;
    }

    private LocalActorRef CreateGuardianChild(string name)
    {
        var guardian = CreateGuardian(_root.Path.Child(name).WithUid(NextUid()), _root, isGuardian: true);
        _root.Cell.AdoptGuardian(name, guardian);
        return guardian;
    }

    internal long NextUid() => Interlocked.Increment(ref _nextUid);

    /// <summary>Creates a top-level actor under <c>/user</c>.</summary>
    public IActorRef ActorOf(Props props, string? name = null)
    {
        ThrowIfTerminating();
        return _userGuardian.Cell.ActorOf(props, name);
    }

    /// <summary>Creates a runtime actor under <c>/system</c> (for extensions such as remoting and cluster).</summary>
    public IActorRef SystemActorOf(Props props, string? name = null)
    {
        ThrowIfTerminating();
        return _systemGuardian.Cell.ActorOf(props, name);
    }

    /// <summary>A selection by path (<c>/user/acceptor</c> or <c>paxos://sys/user/acceptor</c>).</summary>
    public ActorSelection ActorSelection(string path) => Actors.ActorSelection.Create(this, _root, path);

    /// <summary>Stops an actor asynchronously.</summary>
    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (_terminating && actor is not IInternalActorRef) return;
        if (actor is IInternalActorRef internalRef) internalRef.SendSystemMessage(new Terminate());
    }

    /// <summary>Runs coordinated shutdown (which stops all actors); completes when the system has terminated.</summary>
    public Task Terminate() => CoordinatedShutdown.Run(CoordinatedShutdown.ActorSystemTerminateReason.Instance);

    /// <summary>Terminates and waits.</summary>
    public async ValueTask DisposeAsync() => await Terminate().ConfigureAwait(false);

    /// <summary>
    /// Finds a local actor by path (used by selections and by remoting to deliver inbound messages);
    /// null when nobody lives there.
    /// </summary>
    public IActorRef? ResolveLocal(ActorPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!path.Address.Equals(Address) && !(path.Address.HasLocalScope && path.Address.System == Name)) return null;
        return ResolveLocal(path.Elements);
    }

    internal IInternalActorRef? ResolveLocal(IReadOnlyList<string> elements)
    {
        if (elements.Count >= 1 && elements[0] == "deadLetters") return null;
        if (elements.Count == 2 && elements[0] == "temp") return TempContainer.Get(elements[1]);
        IInternalActorRef current = _root;
        foreach (var element in elements)
        {
            var next = current.GetChild(element);
            if (next is null) return null;
            current = next;
        }

        return current;
    }

    /// <summary>Remoting installs this to turn paths of other systems into refs; null means local only.</summary>
    public Func<ActorPath, IActorRef?>? RemoteRefResolver { get; set; }

    /// <summary>A per-system singleton (Akka's extensions): created once by <paramref name="factory"/>.</summary>
    public T GetOrAddExtension<T>(Func<ActorSystem, T> factory)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        return (T)_extensions.GetOrAdd(typeof(T), _ => factory(this));
    }

    /// <summary>Number of live top-level actors (under <c>/user</c>).</summary>
    public int TopLevelActorCount => _userGuardian.Cell.ChildCount;

    internal void OnGuardianEscalation(IActorRef failed, Exception cause)
    {
        RuntimeLog.LogCriticalGuardianEscalation(Log, cause, failed.Path, Name);
        _ = Terminate();
    }

    /// <summary>Last phase of shutdown: stop /user, then /system, then the root.</summary>
    internal Task StopGuardians()
    {
        _terminating = true;
        _userGuardian.SendSystemMessage(new Terminate());
        return WhenTerminated;
    }

    private void OnRootTerminated()
    {
        RuntimeLog.LogInfoSystemTerminated(Log, Name);
        _terminated.TrySetResult();
    }

    private void ThrowIfTerminating()
    {
        if (_terminating) throw new InvalidOperationException($"Actor system [{Name}] is terminating; no new actors can be created.");
    }

    /// <inheritdoc />
    public override string ToString() => Address.ToString();
}
