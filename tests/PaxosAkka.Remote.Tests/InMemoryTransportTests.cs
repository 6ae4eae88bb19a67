using PaxosAkka.Remote.Tests.Support;
using PaxosAkka.Remote.Transport;

namespace PaxosAkka.Remote.Tests;

public sealed class InMemoryTransportTests
{
    [Fact]
    public async Task Nodes_associate_and_deliver_over_the_in_memory_network()
    {
        var network = new InMemoryNetwork(seed: 1);
        await using var a = await TestNode.StartAsync(network: network);
        await using var b = await TestNode.StartAsync(network: network);

        a.Send(b, new Ping(1, "mem"));

        var inbound = await b.ReceiveAsync();
        Assert.Equal(new Ping(1, "mem"), inbound.Message);
        Assert.Equal(a.Manager.Local, inbound.From);
    }

    [Fact]
    public async Task Node_loss_is_declared_on_virtual_time_and_not_before_node_loss_timeout()
    {
        var time = new ManualTimeProvider();
        var network = new InMemoryNetwork(seed: 4, timeProvider: time);
        var settings = new RemoteSettings { Secret = "s3cret" }; // the defaults: node-loss-timeout 10 s
        var a = new TestNodeOnClock(network, settings, time);
        var b = new TestNodeOnClock(network, settings, time);
        await a.Manager.StartAsync(CancellationToken.None);
        await b.Manager.StartAsync(CancellationToken.None);
        var lostAt = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        a.Manager.NodeLost += _ => lostAt.TrySetResult(time.GetUtcNow());
        a.Manager.Send(b.Manager.Local.Address, "/user/x", "", new Ping(1, "x"));
        await b.Inbox.Reader.ReadAsync(Timeout());

        await b.Manager.DisposeAsync();
        var goneAt = time.GetUtcNow();

        // Reconnect attempts back off on the virtual clock; step it until the verdict comes. The bound is real
        // time, not a step count: on a starved thread pool the association may not even have armed its timer
        // before a fixed number of steps runs out, and then virtual time would stop with the verdict pending.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!lostAt.Task.IsCompleted && !deadline.IsCancellationRequested)
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Yield();
        }

        Assert.True(lostAt.Task.IsCompleted, "node loss was not declared within 30 s of stepping virtual time");
        var declared = await lostAt.Task;
        Assert.True(declared - goneAt >= settings.NodeLossTimeout, $"declared after {declared - goneAt}");
        await a.Manager.DisposeAsync();
    }

    /// <summary>An engine on the in-memory network and a manual clock.</summary>
    private sealed class TestNodeOnClock
    {
        public TestNodeOnClock(InMemoryNetwork network, RemoteSettings settings, TimeProvider time)
        {
            Manager = new Endpoint.EndpointManager(
                "paxos", settings, new InMemoryTransport(network, settings.MaximumFrameSize), TestNode.Registry(),
                m => Inbox.Writer.TryWrite(m), timeProvider: time);
        }

        public Endpoint.EndpointManager Manager { get; }

        public System.Threading.Channels.Channel<Endpoint.InboundMessage> Inbox { get; } =
            System.Threading.Channels.Channel.CreateUnbounded<Endpoint.InboundMessage>();
    }

    [Fact]
    public async Task Wrong_secret_is_refused_over_the_in_memory_network_too()
    {
        var network = new InMemoryNetwork();
        await using var a = await TestNode.StartAsync(network: network, settings: TestNode.Settings(secret: "a"));
        await using var b = await TestNode.StartAsync(network: network, settings: TestNode.Settings(secret: "b"));

        a.Send(b, new Ping(1, "x"));

        await b.Logs.WaitForAsync(l => l.EventId == 4012 && l.Message.Contains("authentication failed", StringComparison.Ordinal));
        Assert.False(b.TryReceive(out _));
    }

    [Fact]
    public async Task Association_across_a_partition_times_out_its_handshake_and_delivers_after_the_heal()
    {
        var network = new InMemoryNetwork(seed: 2);
        // Short enough to see the timeout quickly, long enough that a handshake after the heal still fits on a loaded machine.
        var settings = TestNode.Settings() with { HandshakeTimeout = TimeSpan.FromSeconds(1) };
        await using var a = await TestNode.StartAsync(network: network, settings: settings);
        await using var b = await TestNode.StartAsync(network: network, settings: settings);
        var ea = $"127.0.0.1:{a.Address.Port}";
        var eb = $"127.0.0.1:{b.Address.Port}";
        network.Blackhole(ea, eb, FaultDirection.Both);

        a.Send(b, new Ping(1, "across the partition"));
        await a.Logs.WaitForAsync(l => l.EventId == 4046);
        Assert.False(b.TryReceive(out _));

        network.PassThrough(ea, eb);
        Assert.Equal(new Ping(1, "across the partition"), (await b.ReceiveAsync(TimeSpan.FromSeconds(30))).Message);
    }

    [Fact]
    public async Task Blackhole_drops_one_direction_until_pass_through()
    {
        var network = new InMemoryNetwork();
        var (client, server) = await ConnectedPairAsync(network);
        network.Blackhole(client.Local, "127.0.0.1:" + server.Port, FaultDirection.Send);

        await client.Connection.SendAsync([1], CancellationToken.None);
        await server.Connection.SendAsync([2], CancellationToken.None);
        Assert.Equal(new byte[] { 2 }, await client.Connection.ReceiveAsync(CancellationToken.None));

        network.PassThrough(client.Local, "127.0.0.1:" + server.Port);
        await client.Connection.SendAsync([3], CancellationToken.None);
        Assert.Equal(new byte[] { 3 }, await server.Received.Reader.ReadAsync(Timeout()));
        Assert.False(server.Received.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Drop_probability_is_reproducible_from_the_seed()
    {
        static async Task<List<byte>> DeliveredAsync(int seed)
        {
            var network = new InMemoryNetwork(seed) { DropProbability = 0.5 };
            var (client, server) = await ConnectedPairAsync(network);
            for (var i = 0; i < 200; i++)
            {
                await client.Connection.SendAsync([(byte)i], CancellationToken.None);
            }

            await client.Connection.DisposeAsync();
            var delivered = new List<byte>();
            await foreach (var frame in server.Received.Reader.ReadAllAsync(Timeout()))
            {
                delivered.Add(frame[0]);
            }

            return delivered;
        }

        var first = await DeliveredAsync(7);
        Assert.Equal(first, await DeliveredAsync(7));
        Assert.InRange(first.Count, 60, 140);
        Assert.Equal(first.Order().ToList(), first); // what survives keeps its order
    }

    [Fact]
    public async Task Delay_holds_frames_until_virtual_time_passes()
    {
        var time = new ManualTimeProvider();
        var network = new InMemoryNetwork(timeProvider: time) { Delay = TimeSpan.FromSeconds(1) };
        var (client, server) = await ConnectedPairAsync(network);

        await client.Connection.SendAsync([42], CancellationToken.None);
        var pending = server.Received.Reader.ReadAsync(Timeout()).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(pending.IsCompleted);

        // The receiver may not have started its delay yet; keep nudging virtual time until the frame lands.
        while (!pending.IsCompleted)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
            await Task.Yield();
        }

        Assert.Equal(new byte[] { 42 }, await pending);
    }

    [Fact]
    public async Task Oversized_frame_is_refused_like_tcp()
    {
        var network = new InMemoryNetwork();
        var (client, _) = await ConnectedPairAsync(network, maximumFrameSize: 16);
        await Assert.ThrowsAsync<RemoteProtocolException>(async () => await client.Connection.SendAsync(new byte[17], CancellationToken.None));
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token;

    private sealed record Client(IFrameConnection Connection, string Local);

    private sealed record Server(int Port, System.Threading.Channels.Channel<byte[]> Received, IFrameConnection Connection);

    private static async Task<(Client, Server)> ConnectedPairAsync(InMemoryNetwork network, int maximumFrameSize = 1024)
    {
        var received = System.Threading.Channels.Channel.CreateUnbounded<byte[]>();
        var serverSide = new TaskCompletionSource<IFrameConnection>();
        var serverTransport = new InMemoryTransport(network, maximumFrameSize);
        var (_, port) = await serverTransport.ListenAsync("127.0.0.1", 0, async (connection, ct) =>
        {
            serverSide.TrySetResult(connection);
            while (await connection.ReceiveAsync(ct) is { } frame)
            {
                received.Writer.TryWrite(frame);
            }

            received.Writer.TryComplete();
        }, CancellationToken.None);
        var clientTransport = new InMemoryTransport(network, maximumFrameSize);
        var (_, clientPort) = await clientTransport.ListenAsync("127.0.0.1", 0, (_, _) => Task.CompletedTask, CancellationToken.None);
        var connection = await clientTransport.ConnectAsync("127.0.0.1", port, CancellationToken.None);
        var server = await serverSide.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return (new Client(connection, "127.0.0.1:" + clientPort), new Server(port, received, server));
    }
}
