using System.Threading.Channels;
using PaxosAkka.Actors;
using PaxosAkka.Hocon;
using PaxosAkka.Remote;
using PaxosAkka.Remote.Transport;

namespace PaxosAkka.Cluster.Tests.MultiNode;

/// <summary>
/// Several cluster nodes in this test process, on loopback TCP (or on an in-memory network that can be cut), with
/// timings shortened so that failure detection and the split-brain resolver act within seconds.
/// </summary>
internal sealed class ClusterNodes : IAsyncDisposable
{
    /// <summary>
    /// Multi-node specs run one at a time: several five-node clusters at once on two shared cores starve the
    /// heartbeats and turn the shortened failure-detector timings into false suspicions.
    /// </summary>
    public const string Collection = "multi-node";

    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly List<ActorSystem> _systems = [];

    public ClusterNodes(InMemoryNetwork? network = null) => Network = network;

    /// <summary>When set, nodes talk over this network instead of TCP.</summary>
    public InMemoryNetwork? Network { get; }

    public static string FastConfig(int port, string extra = "") => $$"""
        paxos.remote { hostname = "127.0.0.1", port = {{port}}, secret = "cluster-spec-secret" }
        paxos.cluster {
          seed-node-timeout = 1s
          retry-unsuccessful-join-after = 1s
          gossip-interval = 100ms
          leader-actions-interval = 100ms
          unreachable-nodes-reaper-interval = 100ms
          failure-detector { heartbeat-interval = 100ms, acceptable-heartbeat-pause = 1500ms, expected-response-after = 300ms }
          split-brain-resolver.stable-after = 1s
        }
        {{extra}}
        """;

    public async Task<Cluster> StartAsync(int port = 0, string extra = "")
    {
        var setup = new ActorSystemSetup { Config = ConfigurationFactory.ParseString(FastConfig(port, extra), "cluster-spec.conf") };
        ITransport? transport = Network is null ? null : new InMemoryTransport(Network, 4 * 1024 * 1024);
        var system = await Remoting.CreateSystemAsync("paxos", setup, transport: transport);
        _systems.Add(system);
        return Cluster.Get(system);
    }

    public async Task<Cluster[]> StartManyAsync(int count)
    {
        var nodes = new Cluster[count];
        for (var i = 0; i < count; i++)
        {
            nodes[i] = await StartAsync();
        }

        return nodes;
    }

    /// <summary>Stops a node abruptly as far as the cluster is concerned: it never leaves, it just goes silent.</summary>
    public static async Task KillAsync(Cluster node)
    {
        await node.System.Terminate();
        await Remoting.Get(node.System).WhenStopped;
    }

    /// <summary>"host:port" of a node on the in-memory network.</summary>
    public static string Endpoint(Cluster node) => $"{node.SelfAddress.Host}:{node.SelfAddress.Port}";

    /// <summary>Cuts the in-memory network between two groups of nodes, both ways.</summary>
    public void Partition(IEnumerable<Cluster> sideA, IEnumerable<Cluster> sideB)
    {
        var network = Network ?? throw new InvalidOperationException("partitions need the in-memory network");
        foreach (var a in sideA)
        {
            foreach (var b in sideB)
            {
                network.Blackhole(Endpoint(a), Endpoint(b), FaultDirection.Both);
            }
        }
    }

    /// <summary>Removes the cuts made by <see cref="Partition"/>.</summary>
    public void Heal(IEnumerable<Cluster> sideA, IEnumerable<Cluster> sideB)
    {
        var network = Network ?? throw new InvalidOperationException("partitions need the in-memory network");
        foreach (var a in sideA)
        {
            foreach (var b in sideB)
            {
                network.PassThrough(Endpoint(a), Endpoint(b));
            }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, failing with <paramref name="what"/> after the deadline.</summary>
    public static async Task AwaitAsync(Func<bool> condition, string what, TimeSpan? within = null)
    {
        using var deadline = new CancellationTokenSource(within ?? Patience);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (!condition())
        {
            try
            {
                await timer.WaitForNextTickAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Timed out after {(within ?? Patience).TotalSeconds} s waiting for: {what}");
            }
        }
    }

    /// <summary>Every listed node sees exactly <paramref name="expected"/> members, all Up.</summary>
    public static Task AwaitMembersUpAsync(IReadOnlyCollection<Cluster> nodes, IReadOnlyCollection<Cluster> expected) =>
        AwaitAsync(
            () => nodes.All(n =>
                n.State.Members.Count == expected.Count
                && n.State.Members.All(m => m.Status == MemberStatus.Up)
                && expected.All(e => n.State.Members.Any(m => m.UniqueAddress == e.SelfUniqueAddress))),
            $"{nodes.Count} nodes to see {expected.Count} members Up");

    public async ValueTask DisposeAsync()
    {
        foreach (var system in _systems)
        {
            await system.Terminate();
        }

        foreach (var system in _systems)
        {
            await Remoting.Get(system).WhenStopped;
        }
    }
}

/// <summary>Declares the sequential collection of <see cref="ClusterNodes.Collection"/>.</summary>
[CollectionDefinition(ClusterNodes.Collection, DisableParallelization = true)]
public sealed class MultiNodeCollection;

/// <summary>Collects the cluster events an actor receives, for tests to await.</summary>
internal sealed class EventCollector : ReceiveActor
{
    public EventCollector(ChannelWriter<object> events) => ReceiveAny(e => events.TryWrite(e));

    public static (IActorRef Ref, ChannelReader<object> Events) Start(ActorSystem system, string name)
    {
        var channel = Channel.CreateUnbounded<object>();
        var actor = system.ActorOf(Props.Create(() => new EventCollector(channel.Writer)), name);
        return (actor, channel.Reader);
    }

    /// <summary>Reads events until one of type <typeparamref name="T"/> matching <paramref name="match"/> arrives.</summary>
    public static async Task<T> ExpectAsync<T>(ChannelReader<object> events, Func<T, bool> match, TimeSpan? within = null)
    {
        using var deadline = new CancellationTokenSource(within ?? ClusterNodes.Patience);
        try
        {
            while (true)
            {
                if (await events.ReadAsync(deadline.Token) is T e && match(e))
                {
                    return e;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Timed out waiting for {typeof(T).Name}");
            throw;
        }
    }
}
