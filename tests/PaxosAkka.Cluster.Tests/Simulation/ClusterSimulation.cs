using System.Globalization;
using PaxosAkka.Actors;
using PaxosAkka.Hocon;
using PaxosAkka.Remote;
using PaxosAkka.Remote.Transport;
using PaxosAkka.TestKit;
using static PaxosAkka.Cluster.ClusterEvent;

namespace PaxosAkka.Cluster.Tests.Simulation;

/// <summary>
/// A whole cluster in one process as a seeded simulation (FoundationDB/TigerBeetle style): every node is a real
/// actor system with real remoting and the real cluster extension, all sharing one <see cref="DeterministicDispatcher"/>,
/// one <see cref="ManualTimeProvider"/> and one simulated <see cref="InMemoryNetwork"/>. Every random choice
/// (mailbox order, latency, incarnation uids, gossip partners) derives from <see cref="Seed"/>, and all work runs on
/// the one thread that drives the simulation, so a seed replays the same run. Timings are Akka's defaults: virtual
/// time costs nothing.
/// </summary>
internal sealed class ClusterSimulation
{
    /// <summary>Node n listens on 127.0.0.1:(BasePort + n).</summary>
    public const int BasePort = 2550;

    private const int MaximumSteps = 2_000_000;

    private readonly List<string> _trace = [];
    private readonly List<Cluster> _nodes = [];

    private ClusterSimulation(int seed)
    {
        Seed = seed;
        Clock = new ManualTimeProvider();
        Dispatcher = new DeterministicDispatcher(seed, Clock);
        Network = InMemoryNetwork.Simulated(seed, Clock);
    }

    public int Seed { get; }

    public ManualTimeProvider Clock { get; }

    public DeterministicDispatcher Dispatcher { get; }

    public InMemoryNetwork Network { get; }

    /// <summary>Node 1 is <c>Nodes[0]</c>.</summary>
    public IReadOnlyList<Cluster> Nodes => _nodes;

    /// <summary>Every cluster event every node published, stamped with virtual time, in the order they happened.</summary>
    public IReadOnlyList<string> Trace => _trace;

    /// <summary>
    /// Runs <paramref name="scenario"/> on a fresh simulation, on a dedicated thread without synchronization context
    /// (so every continuation runs inline, deterministically). A failure names the seed that replays it.
    /// </summary>
    public static SimulationResult Run(int seed, Action<ClusterSimulation> scenario, string? extraConfig = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        SimulationResult? result = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            var simulation = new ClusterSimulation(seed);
            try
            {
                simulation.Start(5, 2, extraConfig ?? "");
                scenario(simulation);
                result = new SimulationResult(seed, [.. simulation._trace], simulation.Network.TraceDigest, simulation.Dispatcher.Steps, simulation.Clock.Elapsed);
            }
#pragma warning disable CA1031 // Any failure is reported with its seed on the test thread.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = e;
            }
            finally
            {
                if (!simulation.Shutdown())
                {
                    failure ??= new InvalidOperationException("the nodes did not shut down within 30 s of real time");
                }
            }
        })
        {
            IsBackground = true,
            Name = $"cluster-simulation-{seed}",
        };
        thread.Start();
        if (!thread.Join(TimeSpan.FromMinutes(2)))
        {
            throw new SimulationFailedException(seed, "the simulation did not finish within 2 minutes of real time", null);
        }

        if (failure is not null)
        {
            throw new SimulationFailedException(seed, failure.Message, failure);
        }

        return result!;
    }

    public static NodeAddress AddressOf(int node) => new(NodeAddress.TcpProtocol, "paxos", "127.0.0.1", BasePort + node);

    /// <summary>The network endpoint (<c>host:port</c>) of node <paramref name="node"/> (1-based).</summary>
    public static string EndpointOf(int node) => $"127.0.0.1:{BasePort + node}";

    public Cluster Node(int node) => _nodes[node - 1];

    /// <summary>Runs the simulation for <paramref name="duration"/> of virtual time.</summary>
    public void RunFor(TimeSpan duration) => Dispatcher.RunFor(duration, MaximumSteps);

    /// <summary>
    /// Runs until <paramref name="condition"/> holds, checked after every step; fails when <paramref name="within"/>
    /// of virtual time passes first or nothing is left to run.
    /// </summary>
    public void RunUntil(Func<bool> condition, TimeSpan within, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var end = Clock.GetUtcNow() + within;
        var steps = 0;
        while (!condition())
        {
            if (++steps > MaximumSteps)
            {
                throw new InvalidOperationException($"{what}: not reached within {MaximumSteps} steps");
            }

            if (Dispatcher.RunNext())
            {
                continue;
            }

            if (Clock.NextDueTime is not { } due || due > end)
            {
                throw new InvalidOperationException(
                    $"{what}: not reached within {within.TotalSeconds} s of virtual time (at {Clock.Elapsed.TotalSeconds:F3} s)\n{Describe()}");
            }

            Clock.AdvanceTo(due);
        }

        // Let what is already queued at this instant (events on their way to subscribers) arrive too.
        Dispatcher.RunUntilIdle(MaximumSteps);
    }

    /// <summary>True when every listed node sees exactly the listed nodes as members, all Up and all reachable.</summary>
    public bool SeeAllUp(IReadOnlyCollection<int> observers, IReadOnlyCollection<int> members) =>
        observers.All(o =>
        {
            var state = Node(o).State;
            return state.Members.Count == members.Count
                && state.Unreachable.IsEmpty
                && state.Members.All(m => m.Status == MemberStatus.Up)
                && members.All(n => state.Members.Any(m => m.UniqueAddress == Node(n).SelfUniqueAddress));
        });

    /// <summary>Each node's view, for failure messages.</summary>
    public string Describe() => string.Join('\n', _nodes.Select((n, i) =>
        $"  n{i + 1}: members [{string.Join(", ", n.State.Members.Select(m => $"{NameOf(m.Address)}:{m.Status}"))}]"
        + $" unreachable [{string.Join(", ", n.State.Unreachable.Select(m => NameOf(m.Address)))}]"
        + $" leader {(n.State.Leader is { } l ? NameOf(l) : "-")}"));

    /// <summary>"n3" for node 3's address.</summary>
    public static string NameOf(NodeAddress address) => $"n{address.Port - BasePort}";

    private void Start(int nodeCount, int seedCount, string extraConfig)
    {
        var seeds = string.Join(", ", Enumerable.Range(1, seedCount).Select(n => $"\"{AddressOf(n)}\""));
#pragma warning disable CA5394 // Incarnation uids of a simulation replay from its seed.
        var uids = new Random(Seed);
        for (var n = 1; n <= nodeCount; n++)
        {
            var config = ConfigurationFactory.ParseString(
                $$"""
                paxos.remote { hostname = "127.0.0.1", port = {{BasePort + n}}, secret = "simulation-secret" }
                paxos.cluster {
                  seed-nodes = [{{seeds}}]
                  # A downed node stays in the simulation (Gone) instead of terminating its actor system: termination
                  # hands remoting's shutdown to the thread pool, which would end the run's determinism.
                  run-coordinated-shutdown-when-down = off
                }
                {{extraConfig}}
                """,
                "cluster-simulation.conf");
            var setup = new ActorSystemSetup { Config = config, TimeProvider = Clock, Dispatcher = Dispatcher };
            var transport = new InMemoryTransport(Network, 4 * 1024 * 1024);
            var created = Remoting.CreateSystemAsync("paxos", setup, transport: transport, uid: uids.NextInt64(1, long.MaxValue));
#pragma warning restore CA5394
            if (!created.IsCompleted)
            {
                throw new InvalidOperationException("creating a node on the simulated network must not wait for anything");
            }

            var system = created.GetAwaiter().GetResult();
            var node = n;
            var recorder = system.ActorOf(Props.Create(() => new TraceRecorder(node, _trace)), "trace-recorder");
            var cluster = Cluster.Get(system);
            cluster.Subscribe(recorder, SubscriptionInitialStateMode.InitialStateAsEvents);
            _nodes.Add(cluster);
        }
    }

    /// <summary>
    /// Terminates every node, pumping the dispatcher until their actors have stopped and remoting has let go of the
    /// network. Past the scenario, so the thread pool may take part (remoting's shutdown runs there).
    /// </summary>
    private bool Shutdown()
    {
        var terminations = _nodes.Select(n => n.System.Terminate()).ToList();
        var stopped = Dispatcher.RunUntil(() => terminations.All(t => t.IsCompleted), TimeSpan.FromSeconds(30))
            && Task.WaitAll([.. _nodes.Select(n => Remoting.Get(n.System).WhenStopped)], TimeSpan.FromSeconds(30));

        // The dispatcher is not disposed: a late dead letter from a remoting shutdown on the thread pool may still
        // schedule on it, and its only disposable is an event the garbage collector reclaims.
        return stopped;
    }

    /// <summary>Writes each cluster event it receives into the trace, with the virtual time and the observing node.</summary>
    private sealed class TraceRecorder : ReceiveActor
    {
        public TraceRecorder(int node, List<string> trace)
        {
            var time = (ManualTimeProvider)Context.System.TimeProvider;
            ReceiveAny(e => trace.Add(string.Create(CultureInfo.InvariantCulture, $"{time.Elapsed.TotalMilliseconds,10:F3} ms n{node} {Describe(e)}")));
        }

        private static string Describe(object e) => e switch
        {
            MemberRemoved r => $"MemberRemoved {NameOf(r.Member.Address)} (was {r.PreviousStatus})",
            IMemberEvent m => $"{m.GetType().Name} {NameOf(m.Member.Address)}",
            IReachabilityEvent r => $"{r.GetType().Name} {NameOf(r.Member.Address)}",
            LeaderChanged l => $"LeaderChanged {(l.Leader is { } a ? NameOf(a) : "-")}",
            RoleLeaderChanged r => $"RoleLeaderChanged {r.Role} {(r.Leader is { } a ? NameOf(a) : "-")}",
            _ => e.GetType().Name,
        };
    }
}

/// <summary>What one simulated run produced; two runs of the same seed must produce equal results.</summary>
internal sealed record SimulationResult(int Seed, IReadOnlyList<string> Trace, ulong NetworkDigest, long Steps, TimeSpan VirtualTime);

/// <summary>A simulated run failed; the message names the seed and how to replay it.</summary>
internal sealed class SimulationFailedException(int seed, string message, Exception? inner)
    : Exception($"Cluster simulation failed with seed {seed}: {message}\nReplay: PAXOS_SIM_SEED={seed} dotnet test tests/PaxosAkka.Cluster.Tests --filter FullyQualifiedName~Simulation", inner);
