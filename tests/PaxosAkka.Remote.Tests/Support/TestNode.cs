using System.Threading.Channels;
using PaxosAkka.Remote.Endpoint;
using PaxosAkka.Remote.Serialization;
using PaxosAkka.Remote.Transport;

namespace PaxosAkka.Remote.Tests.Support;

/// <summary>A message type registered in every test node.</summary>
public sealed record Ping(int Sequence, string Text);

/// <summary>One remoting engine on a real loopback socket (or an in-memory network), with an inbox to await.</summary>
public sealed class TestNode : IAsyncDisposable
{
    private readonly Channel<InboundMessage> _inbox = Channel.CreateUnbounded<InboundMessage>();

    private TestNode(EndpointManager manager, CapturingLoggerFactory logs)
    {
        Manager = manager;
        Logs = logs;
    }

    public EndpointManager Manager { get; }

    public CapturingLoggerFactory Logs { get; }

    public RemoteAddress Address => Manager.Local.Address;

    public static RemoteSettings Settings(string secret = "s3cret", int port = 0) => new()
    {
        Secret = secret,
        Port = port,
        // Generous: a loaded CI machine (2 cores, every test assembly at once) can stall a loopback handshake
        // for seconds, and a timed-out handshake that outlives node-loss-timeout fires remote watches spuriously.
        // Tests about the handshake timeout itself set a short one explicitly.
        HandshakeTimeout = TimeSpan.FromSeconds(10),
        ReconnectBackoffMin = TimeSpan.FromMilliseconds(20),
        ReconnectBackoffMax = TimeSpan.FromMilliseconds(200),
        NodeLossTimeout = TimeSpan.FromSeconds(1),
    };

    public static SerializerRegistry Registry() => new SerializerRegistry().Register<Ping>("test.ping");

    public static async Task<TestNode> StartAsync(
        string system = "paxos", RemoteSettings? settings = null, InMemoryNetwork? network = null, CapturingLoggerFactory? logs = null,
        Func<ITransport, ITransport>? wrapTransport = null)
    {
        settings ??= Settings();
        logs ??= new CapturingLoggerFactory();
        ITransport transport = network is null
            ? new TcpTransport(settings.MaximumFrameSize)
            : new InMemoryTransport(network, settings.MaximumFrameSize);
        transport = wrapTransport?.Invoke(transport) ?? transport;
        TestNode? node = null;
        var manager = new EndpointManager(system, settings, transport, Registry(), m => node!._inbox.Writer.TryWrite(m), logs);
        node = new TestNode(manager, logs);
        await manager.StartAsync(CancellationToken.None);
        return node;
    }

    public bool Send(TestNode to, object message, string recipient = "/user/echo", string sender = "") =>
        Manager.Send(to.Address, recipient, sender, message);

    /// <summary>The next inbound message, or a timeout failure.</summary>
    public async Task<InboundMessage> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await _inbox.Reader.ReadAsync(cts.Token);
    }

    public bool TryReceive(out InboundMessage? message) => _inbox.Reader.TryRead(out message);

    public ValueTask DisposeAsync() => Manager.DisposeAsync();
}
