using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PaxosAkka.Remote.Handshake;
using PaxosAkka.Remote.Serialization;
using PaxosAkka.Remote.Transport;

namespace PaxosAkka.Remote.Endpoint;

/// <summary>A message that arrived from a remote node, deserialized, for the layer above to deliver.</summary>
/// <param name="Recipient">Actor path on this node, e.g. <c>/user/acceptor</c>.</param>
/// <param name="Sender">Full remote path of the sender, or empty.</param>
public sealed record InboundMessage(NodeIdentity From, string Recipient, string Sender, object Message);

/// <summary>
/// The node's remoting engine, independent of actors: listens, keeps one outbound <see cref="Association"/>
/// per remote node (so order per sender/receiver pair holds), admits inbound connections through the
/// handshake, tracks the incarnation (uid) of every peer and quarantines dead ones.
/// Delivery is at-most-once: a message in flight when a connection breaks is lost, never duplicated.
/// </summary>
public sealed partial class EndpointManager : IAsyncDisposable
{
    private readonly ConcurrentDictionary<RemoteAddress, Association> _associations = new();
    private readonly ConcurrentDictionary<NodeIdentity, ConcurrentDictionary<CancellationTokenSource, byte>> _inbound = new();
    private readonly Dictionary<RemoteAddress, long> _knownUids = [];
    private readonly HashSet<NodeIdentity> _quarantined = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Action<InboundMessage> _deliver;
    private readonly string _systemName;
    private int _inboundCount;
    private NodeIdentity? _local;

    /// <param name="deliver">Called for each inbound message, in arrival order per connection; must not block.</param>
    public EndpointManager(
        string systemName,
        RemoteSettings settings,
        ITransport transport,
        SerializerRegistry serializers,
        Action<InboundMessage> deliver,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        long? uid = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(systemName);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(serializers);
        ArgumentNullException.ThrowIfNull(deliver);
        _systemName = systemName;
        Settings = settings.Validate();
        Transport = transport;
        Serializers = serializers;
        _deliver = deliver;
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        Log = LoggerFactory.CreateLogger<EndpointManager>();
        Time = timeProvider ?? TimeProvider.System;
        Uid = uid ?? NewUid();
        Key = Handshaker.KeyFromSecret(settings.Secret);
    }

    /// <summary>Raised when an incarnation of a peer is known dead (quarantined, or replaced by a restart).</summary>
    public event Action<NodeIdentity>? IncarnationEnded;

    /// <summary>Raised when the association to a node stayed down past node-loss-timeout.</summary>
    public event Action<RemoteAddress>? NodeLost;

    /// <summary>Raised when an outbound association completes its handshake.</summary>
    public event Action<NodeIdentity>? Associated;

    public RemoteSettings Settings { get; }

    public SerializerRegistry Serializers { get; }

    // The one-entry, per-thread cache of SerializeOnce: no locking, and it only ever holds one message alive.
    [ThreadStatic]
    private static object? t_lastMessage;

    [ThreadStatic]
    private static SerializerRegistry? t_lastRegistry;

    [ThreadStatic]
    private static SerializedMessage t_lastSerialized;

    /// <summary>This incarnation's uid: random, so a restarted node is told apart from its former self.</summary>
    public long Uid { get; }

    /// <summary>This node's address and uid; set by <see cref="StartAsync"/>.</summary>
    public NodeIdentity Local => _local ?? throw new InvalidOperationException("remoting is not started");

    internal ITransport Transport { get; }

    internal TimeProvider Time { get; }

    internal ILoggerFactory LoggerFactory { get; }

    internal ILogger Log { get; }

    internal byte[] Key { get; }

    internal CancellationToken ShutdownToken => _shutdown.Token;

    /// <summary>Inbound connections open right now (handshaking or associated); tests check nothing leaks.</summary>
    internal int InboundConnectionCount => Volatile.Read(ref _inboundCount);

    /// <summary>Binds the listener; the node's address is known afterwards.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var (host, port) = await Transport.ListenAsync(Settings.Hostname, Settings.Port, OnInboundAsync, cancellationToken);
        _local = new NodeIdentity(new RemoteAddress(_systemName, host, port), Uid);
        if (Settings.Secret.Length == 0)
        {
            LogNoSecret(Log, _local.Address);
        }

        LogStarted(Log, _local.Address, Uid);
    }

    /// <summary>
    /// Serializes and queues a message for <paramref name="recipientPath"/> on <paramref name="to"/>.
    /// Returns false, after logging why, when it is dropped (unregistered type, quarantined node, full queue).
    /// </summary>
    public bool Send(RemoteAddress to, string recipientPath, string senderPath, object message)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(recipientPath);
        ArgumentNullException.ThrowIfNull(message);
        senderPath ??= "";
        if (to == Local.Address)
        {
            // A remote-looking path to ourselves: no wire, same delivery.
            _deliver(new InboundMessage(Local, recipientPath, senderPath, message));
            return true;
        }

        SerializedMessage serialized;
        try
        {
            serialized = SerializeOnce(message);
        }
        catch (MessageSerializationException e)
        {
            LogSerializeFailed(Log, message.GetType().Name, to, e.Message);
            return false;
        }

        var frame = EnvelopeCodec.Encode(recipientPath, senderPath, serialized.SerializerId, serialized.Manifest, serialized.Payload);
        if (frame.Length > Settings.MaximumFrameSize)
        {
            LogMessageTooLarge(Log, message.GetType().Name, frame.Length, Settings.MaximumFrameSize, to);
            return false;
        }

        return AssociationFor(to).TryEnqueue(frame);
    }

    /// <summary>
    /// Serializes <paramref name="message"/>, reusing the bytes when this thread just serialized the very same
    /// object with the same registry: a Paxos router tells one message to several roles of a node (an Accepted to
    /// its proposer and its learner), and each copy would otherwise be encoded again. Only messages of an
    /// <see cref="IImmutableMessageSerializer"/> are reused, because only for them does the same reference always
    /// encode to the same bytes (a byte[] may be refilled between two sends).
    /// </summary>
    private SerializedMessage SerializeOnce(object message)
    {
        if (ReferenceEquals(t_lastMessage, message) && ReferenceEquals(t_lastRegistry, Serializers))
        {
            return t_lastSerialized;
        }

        var serialized = Serializers.Serialize(message);
        if (Serializers.EncodesImmutableMessages(serialized.SerializerId))
        {
            (t_lastMessage, t_lastRegistry, t_lastSerialized) = (message, Serializers, serialized);
        }

        return serialized;
    }

    /// <summary>
    /// Declares an incarnation dead: its messages are dropped both ways, its connections closed, and it can
    /// never associate again (a restart brings a new uid). Remote watches on it fire.
    /// </summary>
    public void Quarantine(RemoteAddress address, long uid, string reason)
    {
        ArgumentNullException.ThrowIfNull(address);
        var identity = new NodeIdentity(address, uid);
        lock (_gate)
        {
            if (!_quarantined.Add(identity))
            {
                return;
            }
        }

        LogQuarantined(Log, identity, reason);
        if (_associations.TryGetValue(address, out var association))
        {
            association.OnQuarantined(uid);
        }

        if (_inbound.TryRemove(identity, out var connections))
        {
            foreach (var cts in connections.Keys)
            {
                cts.Cancel();
            }
        }

        IncarnationEnded?.Invoke(identity);
    }

    public bool IsQuarantined(NodeIdentity identity)
    {
        lock (_gate)
        {
            return _quarantined.Contains(identity);
        }
    }

    /// <summary>The uid of the latest incarnation seen at <paramref name="address"/>, if any.</summary>
    public long? KnownUid(RemoteAddress address)
    {
        lock (_gate)
        {
            return _knownUids.TryGetValue(address, out var uid) ? uid : null;
        }
    }

    /// <summary>True while the association to <paramref name="address"/> has been down past node-loss-timeout.</summary>
    public bool IsNodeLost(RemoteAddress address) =>
        _associations.TryGetValue(address, out var association) && association.IsLost;

    /// <summary>Reports a node as gone (the failure detector's verdict); remote watches on it fire.</summary>
    public void NodeUnreachable(RemoteAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        LogNodeLost(Log, address);
        NodeLost?.Invoke(address);
    }

    /// <summary>Notes the uid a peer presented; a different uid than before means the old incarnation is dead.</summary>
    internal void OnPeerIncarnation(NodeIdentity peer, bool outbound)
    {
        long? previous;
        lock (_gate)
        {
            previous = _knownUids.TryGetValue(peer.Address, out var known) ? known : null;
            _knownUids[peer.Address] = peer.Uid;
        }

        if (previous is { } old && old != peer.Uid)
        {
            Quarantine(peer.Address, old, $"the node restarted as a new incarnation (uid {peer.Uid})");
        }

        if (outbound)
        {
            Associated?.Invoke(peer);
        }
    }

    internal void OnAssociationLost(RemoteAddress address) => NodeUnreachable(address);

    private Association AssociationFor(RemoteAddress to)
    {
        if (_associations.TryGetValue(to, out var existing))
        {
            return existing;
        }

        var created = new Association(this, to);
        var winner = _associations.GetOrAdd(to, created);
        if (ReferenceEquals(winner, created))
        {
            created.Start();
        }

        return winner;
    }

    private string? Admit(NodeIdentity peer) =>
        IsQuarantined(peer)
            ? $"incarnation {peer} is quarantined (declared dead); restart the node to rejoin with a new uid"
            : null;

    private static long NewUid()
    {
        long uid;
        do
        {
            uid = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8));
        }
        while (uid == 0);
        return uid;
    }

    public async ValueTask DisposeAsync()
    {
        if (_shutdown.IsCancellationRequested)
        {
            return;
        }

        await _shutdown.CancelAsync();
        foreach (var association in _associations.Values)
        {
            await association.StopAsync();
        }

        await Transport.DisposeAsync();
        _shutdown.Dispose();
    }
}
