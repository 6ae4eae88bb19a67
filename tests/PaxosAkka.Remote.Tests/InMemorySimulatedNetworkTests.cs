using System.Threading.Channels;
using PaxosAkka.Remote.Endpoint;
using PaxosAkka.Remote.Tests.Support;
using PaxosAkka.Remote.Transport;

namespace PaxosAkka.Remote.Tests;

/// <summary>
/// The simulated mode of <see cref="InMemoryNetwork"/>: frames are events on a manual clock, handed over inline while
/// the clock passes their due time (so "completed right after Advance" proves there was no thread pool hop), with
/// the conductor's fault knobs per direction.
/// </summary>
public sealed class InMemorySimulatedNetworkTests : IDisposable
{
    private const string A = "127.0.0.1:1";
    private const string B = "127.0.0.1:2";

    private readonly SynchronizationContext? _previousContext = SynchronizationContext.Current;
    private readonly ManualTimeProvider _clock = new();

    public InMemorySimulatedNetworkTests() =>
        // Inline continuations need a thread without a synchronization context, as the simulation thread has.
        SynchronizationContext.SetSynchronizationContext(null);

    public void Dispose() => SynchronizationContext.SetSynchronizationContext(_previousContext);

    private InMemoryNetwork Network(int seed = 1, double latencyMs = 10, double jitterMs = 0, ManualTimeProvider? clock = null) =>
        InMemoryNetwork.Simulated(seed, clock ?? _clock, new InMemorySimulationOptions
        {
            Latency = TimeSpan.FromMilliseconds(latencyMs),
            Jitter = TimeSpan.FromMilliseconds(jitterMs),
        });

    /// <summary>Node A connected to node B; returns both ends of the connection.</summary>
    private static async Task<(IFrameConnection AtA, IFrameConnection AtB, InMemoryTransport TransportA, InMemoryTransport TransportB)> ConnectAsync(
        InMemoryNetwork network)
    {
        var accepted = new TaskCompletionSource<IFrameConnection>();
        var a = new InMemoryTransport(network, 1024);
        var b = new InMemoryTransport(network, 1024);
        await a.ListenAsync("127.0.0.1", 1, (_, _) => Task.CompletedTask, CancellationToken.None);
        await b.ListenAsync("127.0.0.1", 2, (c, ct) => { accepted.SetResult(c); return Task.Delay(Timeout.Infinite, ct); }, CancellationToken.None);
        var atA = await a.ConnectAsync("127.0.0.1", 2, CancellationToken.None);
        Assert.True(accepted.Task.IsCompleted, "a simulated accept runs inline");
        return (atA, accepted.Task.Result, a, b);
    }

    [Fact]
    public async Task Simulated_frames_arrive_inline_in_send_order_only_once_their_latency_passed()
    {
        var network = Network(latencyMs: 10, jitterMs: 5);
        var (atA, atB, _, _) = await ConnectAsync(network);

        await atA.SendAsync([[1], [2], [3]], CancellationToken.None);
        var first = atB.ReceiveAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromMilliseconds(9));
        Assert.False(first.IsCompleted, "delivered before the base latency");

        _clock.Advance(TimeSpan.FromMilliseconds(7));
        Assert.True(first.IsCompleted, "not delivered inline once the latency and jitter passed");
        Assert.Equal([1], await first);
        Assert.Equal([2], await atB.ReceiveAsync(CancellationToken.None));
        Assert.Equal([3], await atB.ReceiveAsync(CancellationToken.None));
        Assert.Equal(3, network.DeliveredFrames);
    }

    [Fact]
    public async Task Blackhole_by_direction_drops_only_that_direction_until_pass_through()
    {
        var network = Network();
        var (atA, atB, _, _) = await ConnectAsync(network);
        network.Blackhole(A, B, FaultDirection.Send);

        await atA.SendAsync([1], CancellationToken.None);
        await atB.SendAsync([2], CancellationToken.None);
        var atAReceive = atA.ReceiveAsync(CancellationToken.None);
        var atBReceive = atB.ReceiveAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(atAReceive.IsCompleted, "B -> A is not blackholed");
        Assert.False(atBReceive.IsCompleted, "A -> B is blackholed");
        Assert.Equal(1, network.DroppedFrames);

        network.PassThrough(A, B);
        await atA.SendAsync([3], CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([3], await atBReceive);
    }

    [Fact]
    public async Task Throttle_sends_frames_one_after_another_at_the_link_rate()
    {
        var network = Network(latencyMs: 1);
        var (atA, atB, _, _) = await ConnectAsync(network);
        network.Throttle(A, B, FaultDirection.Send, bytesPerSecond: 1000);

        await atA.SendAsync([new byte[500], new byte[500], new byte[500]], CancellationToken.None);
        var received = 0;
        var pending = atB.ReceiveAsync(CancellationToken.None);
        var arrivals = new List<int>();
        for (var ms = 100; ms <= 2000; ms += 100)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(100));
            while (pending.IsCompleted)
            {
                await pending;
                received++;
                arrivals.Add(ms);
                pending = atB.ReceiveAsync(CancellationToken.None);
            }
        }

        // 500 bytes at 1000 B/s take 0.5 s each, plus 1 ms of latency.
        Assert.Equal([600, 1100, 1600], arrivals);
        Assert.Equal(3, received);
    }

    [Fact]
    public async Task DelayLink_slows_one_direction_only()
    {
        var network = Network(latencyMs: 1);
        var (atA, atB, _, _) = await ConnectAsync(network);
        network.DelayLink(A, B, FaultDirection.Send, TimeSpan.FromMilliseconds(500));

        await atA.SendAsync([1], CancellationToken.None);
        await atB.SendAsync([2], CancellationToken.None);
        var atAReceive = atA.ReceiveAsync(CancellationToken.None);
        var atBReceive = atB.ReceiveAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(atAReceive.IsCompleted);
        Assert.False(atBReceive.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.True(atBReceive.IsCompleted);
    }

    [Fact]
    public async Task Exit_resets_the_nodes_connections_refuses_connects_and_frees_its_endpoint()
    {
        var network = Network(latencyMs: 10);
        var (atA, atB, transportA, _) = await ConnectAsync(network);
        var atBReceive = atB.ReceiveAsync(CancellationToken.None);
        var atAReceive = atA.ReceiveAsync(CancellationToken.None);

        network.Exit(B);

        // The dead node's own end breaks at once; the survivor learns when the reset reaches it.
        Assert.True(atBReceive.IsCompleted);
        await Assert.ThrowsAsync<IOException>(async () => await atBReceive);
        Assert.False(atAReceive.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(20));
        await Assert.ThrowsAsync<IOException>(async () => await atAReceive);
        await Assert.ThrowsAsync<IOException>(() => transportA.ConnectAsync("127.0.0.1", 2, CancellationToken.None));

        // A restarted node may take the endpoint again.
        var restarted = new InMemoryTransport(network, 1024);
        Assert.Equal(("127.0.0.1", 2), await restarted.ListenAsync("127.0.0.1", 2, (_, _) => Task.CompletedTask, CancellationToken.None));
    }

    [Fact]
    public async Task Exit_on_the_real_time_network_ends_the_nodes_connections_and_refuses_connects()
    {
        var network = new InMemoryNetwork(seed: 1);
        var accepted = new TaskCompletionSource<IFrameConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        var a = new InMemoryTransport(network, 1024);
        var b = new InMemoryTransport(network, 1024);
        await a.ListenAsync("127.0.0.1", 1, (_, _) => Task.CompletedTask, CancellationToken.None);
        await b.ListenAsync("127.0.0.1", 2, (c, ct) => { accepted.SetResult(c); return Task.Delay(Timeout.Infinite, ct); }, CancellationToken.None);
        var atA = await a.ConnectAsync("127.0.0.1", 2, CancellationToken.None);
        var atB = await accepted.Task.WaitAsync(TimeSpan.FromSeconds(10));

        network.Exit(B);

        Assert.Null(await atA.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Null(await atB.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        await Assert.ThrowsAsync<IOException>(() => a.ConnectAsync("127.0.0.1", 2, CancellationToken.None));
        await Assert.ThrowsAsync<IOException>(() => b.ConnectAsync("127.0.0.1", 1, CancellationToken.None));
    }

    [Fact]
    public async Task Same_seed_gives_the_same_delivery_history_and_another_seed_another()
    {
        async Task<ulong> RunAsync(int seed)
        {
            var clock = new ManualTimeProvider(); // Every run starts at the same instant.
            var network = Network(seed, latencyMs: 1, jitterMs: 5, clock);
            var (atA, atB, _, _) = await ConnectAsync(network);
            network.DropProbability = 0.2;
            for (var i = 0; i < 50; i++)
            {
                await atA.SendAsync([(byte)i], CancellationToken.None);
                await atB.SendAsync([(byte)i], CancellationToken.None);
                clock.Advance(TimeSpan.FromMilliseconds(1));
            }

            clock.Advance(TimeSpan.FromSeconds(1));
            return network.TraceDigest;
        }

        var first = await RunAsync(7);
        Assert.Equal(first, await RunAsync(7));
        Assert.NotEqual(first, await RunAsync(8));
    }

    [Fact]
    public async Task Remoting_engines_associate_and_deliver_on_virtual_time_without_the_thread_pool()
    {
        var network = Network(latencyMs: 1, jitterMs: 1);
        var settings = new RemoteSettings { Secret = "s3cret" };
        var inbox = Channel.CreateUnbounded<InboundMessage>();
        var a = new EndpointManager("paxos", settings, new InMemoryTransport(network, settings.MaximumFrameSize), TestNode.Registry(), _ => { }, timeProvider: _clock, uid: 1);
        var b = new EndpointManager("paxos", settings, new InMemoryTransport(network, settings.MaximumFrameSize), TestNode.Registry(), m => inbox.Writer.TryWrite(m), timeProvider: _clock, uid: 2);
        await a.StartAsync(CancellationToken.None);
        await b.StartAsync(CancellationToken.None);

        Assert.True(a.Send(b.Local.Address, "/user/x", "", new Ping(1, "sim")));
        Assert.False(inbox.Reader.TryRead(out _));

        // Handshake (Hello, Hello, Proof, Accept) and the envelope: a few milliseconds of virtual time, no waiting.
        for (var i = 0; i < 20 && !inbox.Reader.TryPeek(out _); i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.True(inbox.Reader.TryRead(out var message), "not delivered inline within 20 ms of virtual time");
        Assert.Equal(new Ping(1, "sim"), message.Message);
        Assert.Equal(a.Local, message.From);
    }
}
