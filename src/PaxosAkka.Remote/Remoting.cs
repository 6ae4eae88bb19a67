using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using PaxosAkka.Actors;
using PaxosAkka.Actors.Internal;
using PaxosAkka.Remote.Endpoint;
using PaxosAkka.Remote.Handshake;
using PaxosAkka.Remote.Serialization;
using PaxosAkka.Remote.Transport;

namespace PaxosAkka.Remote;

/// <summary>
/// The remoting extension of an actor system (Akka's RemoteActorRefProvider, in small): gives the system a
/// network address, turns <c>paxos.tcp://system@host:port/...</c> paths into <see cref="RemoteActorRef"/>s,
/// delivers inbound messages to local actors by path with the sender as a remote ref, and carries death
/// watch across nodes. Create the system with <see cref="CreateSystemAsync"/>; find the extension with
/// <see cref="Get"/>.
/// </summary>
public sealed partial class Remoting : IAsyncDisposable
{
    private const int MaximumCachedPaths = 10_000;

    private readonly ConcurrentDictionary<string, IActorRef?> _pathCache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ActorPath> _localPaths = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<IActorRef, string> _senderPaths = [];
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _log;
    private ActorSystem? _system;
    private int _disposed;

    private Remoting(EndpointManager endpoint, ILogger log)
    {
        Endpoint = endpoint;
        _log = log;
        Watcher = new RemoteWatcher();
        Serializers.Register<RemoteWatchProtocol.WatchRemote>("paxos.remote.watch");
        Serializers.Register<RemoteWatchProtocol.UnwatchRemote>("paxos.remote.unwatch");
        Serializers.Register<RemoteWatchProtocol.DeathWatchNotice>("paxos.remote.death-watch-notice");
        endpoint.IncarnationEnded += Watcher.OnIncarnationEnded;
        endpoint.NodeLost += Watcher.NodeUnreachable;
    }

    /// <summary>The system this extension serves.</summary>
    public ActorSystem System => _system ?? throw new InvalidOperationException("remoting is still starting");

    /// <summary>The engine underneath: quarantine, incarnations, events.</summary>
    public EndpointManager Endpoint { get; }

    /// <summary>This node's address (<c>paxos.tcp://system@host:port</c>).</summary>
    public RemoteAddress Address => Endpoint.Local.Address;

    /// <summary>This incarnation's uid.</summary>
    public long Uid => Endpoint.Uid;

    /// <summary>Register every message type that crosses the network here (stable manifests).</summary>
    public SerializerRegistry Serializers => Endpoint.Serializers;

    /// <summary>Remote death watch, and the hook for the cluster's failure detector.</summary>
    public RemoteWatcher Watcher { get; }

    /// <summary>Completes when remoting has shut down (after the actor system terminated).</summary>
    public Task WhenStopped => _stopped.Task;

    /// <summary>
    /// Binds the transport first (so a port of 0 becomes a real one), then creates the actor system with that
    /// address, and installs remoting. Settings default to <c>paxos.remote</c> of the setup's config.
    /// </summary>
    /// <param name="serializers">The message types this node sends and receives; one registry per system.</param>
    /// <param name="uid">This incarnation's uid; random when null. Simulations pass one derived from their seed.</param>
    public static async Task<ActorSystem> CreateSystemAsync(
        string name,
        ActorSystemSetup? setup = null,
        RemoteSettings? settings = null,
        SerializerRegistry? serializers = null,
        ITransport? transport = null,
        long? uid = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        setup ??= new ActorSystemSetup();
        settings ??= RemoteSettings.FromConfig(setup.Config ?? Hocon.Config.Empty);
        var loggers = setup.LoggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;
        transport ??= new TcpTransport(settings.MaximumFrameSize, loggers.CreateLogger<TcpTransport>());

        serializers ??= new SerializerRegistry();
        if (serializers.Json.RefConverter.Resolve is not null)
        {
            throw new ArgumentException("this SerializerRegistry already serves another actor system; create one per system", nameof(serializers));
        }

        Remoting? remoting = null;
        var endpoint = new EndpointManager(
            name, settings, transport, serializers, m => remoting!.Deliver(m), loggers, setup.TimeProvider, uid);
        remoting = new Remoting(endpoint, loggers.CreateLogger<Remoting>());
        await endpoint.StartAsync(cancellationToken);

        ActorSystem system;
        try
        {
            system = ActorSystem.Create(name, setup with { Address = endpoint.Local.Address.ToAddress() });
        }
        catch
        {
            await endpoint.DisposeAsync();
            throw;
        }

        remoting._system = system;
        system.GetOrAddExtension(_ => remoting);
        system.RemoteRefResolver = remoting.RemoteRefFor;
        remoting.Serializers.Json.RefConverter.Resolve = remoting.ResolveAny;
        _ = system.WhenTerminated.ContinueWith(_ => remoting.DisposeAsync().AsTask(), TaskScheduler.Default).Unwrap();
        return system;
    }

    /// <summary>The remoting extension of <paramref name="system"/>; throws when it was created without remoting.</summary>
    public static Remoting Get(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.GetOrAddExtension<Remoting>(s => throw new InvalidOperationException(
            $"actor system [{s.Name}] has no remoting; create it with Remoting.CreateSystemAsync"));
    }

    /// <summary>A ref for a full path: a <see cref="RemoteActorRef"/> for another node, the local actor (or null) for this one.</summary>
    public IInternalActorRef? RemoteRefFor(ActorPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Address.Equals(System.Address))
        {
            return System.ResolveLocal(path) as IInternalActorRef;
        }

        if (path.Address.Protocol != RemoteAddress.Scheme || path.Address.Host is null || path.Address.Port is null)
        {
            return null;
        }

        return new RemoteActorRef(this, path, RemoteAddress.FromAddress(path.Address));
    }

    /// <summary>Declares an incarnation of a node dead (see <see cref="EndpointManager.Quarantine"/>).</summary>
    public void Quarantine(Address node, long uid, string reason) =>
        Endpoint.Quarantine(RemoteAddress.FromAddress(node), uid, reason);

    internal void Send(RemoteActorRef to, object message, IActorRef? sender)
    {
        if (!Endpoint.Send(to.Node, to.RecipientPath, SenderPath(sender), message))
        {
            System.DeadLetters.Tell(message, sender);
        }
    }

    internal void SendSystemMessage(RemoteActorRef to, SystemMessage message)
    {
        switch (message)
        {
            case Watch watch when watch.Watcher is IInternalActorRef watcher:
                Watcher.Add(to, watcher);
                if (Endpoint.IsNodeLost(to.Node))
                {
                    Watcher.NodeUnreachable(to.Node);
                    return;
                }

                Endpoint.Send(to.Node, RemoteWatchProtocol.RecipientPath, "",
                    new RemoteWatchProtocol.WatchRemote(to.Path.ToStringWithoutAddress(), watch.Watcher.Path.ToString()));
                break;
            case Unwatch unwatch:
                Watcher.Remove(to, unwatch.Watcher);
                Endpoint.Send(to.Node, RemoteWatchProtocol.RecipientPath, "",
                    new RemoteWatchProtocol.UnwatchRemote(to.Path.ToStringWithoutAddress(), unwatch.Watcher.Path.ToString()));
                break;
            case DeathWatchNotification notification:
                // A local actor that `to` (a remote watcher) watched has stopped.
                Endpoint.Send(to.Node, to.Path.ToStringWithoutAddress(), "",
                    new RemoteWatchProtocol.DeathWatchNotice(notification.Actor.Path.ToString(), notification.ExistenceConfirmed));
                break;
            default:
                LogUnsupportedSystemMessage(_log, message.GetType().Name, to.Path);
                break;
        }
    }

    /// <summary>Hands an inbound message to the local recipient, or runs the death-watch protocol.</summary>
    private void Deliver(InboundMessage inbound)
    {
        if (_system is null)
        {
            return; // Nobody can know our address before the system exists; nothing legitimate is lost.
        }

        switch (inbound.Message)
        {
            case RemoteWatchProtocol.WatchRemote watch:
                OnWatchRemote(watch);
                return;
            case RemoteWatchProtocol.UnwatchRemote unwatch:
                if (ResolveLocalPath(unwatch.Watchee) is IInternalActorRef watchee && Resolve(unwatch.Watcher) is { } w)
                {
                    watchee.SendSystemMessage(new Unwatch(watchee, w));
                }

                return;
            case RemoteWatchProtocol.DeathWatchNotice notice:
                OnDeathWatchNotice(inbound.Recipient, notice);
                return;
        }

        var sender = inbound.Sender.Length == 0 ? null : Resolve(inbound.Sender);
        var recipient = ResolveLocalPath(inbound.Recipient);
        if (recipient is null)
        {
            System.DeadLetters.Tell(inbound.Message, sender);
            return;
        }

        recipient.Tell(inbound.Message, sender);
    }

    private void OnWatchRemote(RemoteWatchProtocol.WatchRemote watch)
    {
        if (Resolve(watch.Watcher) is not RemoteActorRef watcher)
        {
            return;
        }

        if (ResolveLocalPath(watch.Watchee) is IInternalActorRef watchee && !watchee.IsTerminated)
        {
            watchee.SendSystemMessage(new Watch(watchee, watcher));
        }
        else
        {
            Endpoint.Send(watcher.Node, watcher.Path.ToStringWithoutAddress(), "",
                new RemoteWatchProtocol.DeathWatchNotice(Address.PathOf(watch.Watchee), ExistenceConfirmed: false));
        }
    }

    private void OnDeathWatchNotice(string watcherPath, RemoteWatchProtocol.DeathWatchNotice notice)
    {
        if (ResolveLocalPath(watcherPath) is not IInternalActorRef watcher || Resolve(notice.Actor) is not RemoteActorRef actor)
        {
            return;
        }

        Watcher.Remove(actor, watcher);
        watcher.SendSystemMessage(new DeathWatchNotification(actor, notice.ExistenceConfirmed, AddressTerminated: false));
    }

    /// <summary>Any full path to a ref: local actors by lookup, other nodes as remote refs.</summary>
    private IActorRef? ResolveAny(string fullPath) =>
        ActorPath.TryParse(fullPath, out var path) ? RemoteRefFor(path) : null;

    /// <summary>
    /// The local actor at <paramref name="path"/> now. Parsed paths are cached (parsing per message was the
    /// hot spot); refs are not, since an actor stopped and recreated under the same name is a new ref.
    /// </summary>
    private IActorRef? ResolveLocalPath(string path)
    {
        if (!_localPaths.TryGetValue(path, out var parsed))
        {
            if (!ActorPath.TryParse(System.Address + path, out parsed))
            {
                return null;
            }

            if (_localPaths.Count >= MaximumCachedPaths)
            {
                _localPaths.Clear();
            }

            _localPaths[path] = parsed;
        }

        return System.ResolveLocal(parsed);
    }

    /// <summary>A ref for a full path string, cached: remote refs are immutable and cheap to share.</summary>
    private IActorRef? Resolve(string fullPath)
    {
        if (_pathCache.TryGetValue(fullPath, out var cached) && cached is RemoteActorRef)
        {
            return cached;
        }

        var resolved = ActorPath.TryParse(fullPath, out var path) ? RemoteRefFor(path) : null;
        if (resolved is RemoteActorRef)
        {
            if (_pathCache.Count >= MaximumCachedPaths)
            {
                _pathCache.Clear();
            }

            _pathCache[fullPath] = resolved;
        }

        return resolved;
    }

    /// <summary>The sender's full path for the envelope, computed once per ref (it rides on every message).</summary>
    private string SenderPath(IActorRef? sender) =>
        sender is null || sender.IsNobody() || ReferenceEquals(sender, _system?.DeadLetters)
            ? ""
            : _senderPaths.GetValue(sender, static s => s.Path.ToString());

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            await _stopped.Task;
            return;
        }

        try
        {
            await Endpoint.DisposeAsync();
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    [LoggerMessage(EventId = 4060, Level = LogLevel.Warning, Message = "System message {Type} to remote actor {Path} is not supported by remoting; dropped")]
    private static partial void LogUnsupportedSystemMessage(ILogger logger, string type, ActorPath path);
}
