using System.Collections.Concurrent;
using PaxosAkka.Actors;

namespace PaxosAkka.TestKit.Tests;

public sealed class DeterministicDispatcherTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private sealed record Ping(int Round, string From);

    /// <summary>Bounces pings to peers (in another system too) and records every delivery in a shared trace.</summary>
    private sealed class Player : ReceiveActor, IWithTimers
    {
        private readonly List<string> _trace;
        private readonly string _name;
        private IActorRef[] _peers = [];

        public Player(string name, List<string> trace)
        {
            _name = name;
            _trace = trace;
            Receive<IActorRef[]>(peers => _peers = peers);
            Receive<string>(s => s == "tick", _ =>
            {
                _trace.Add($"{_name} tick @{Context.System.TimeProvider.GetUtcNow():HH:mm:ss.fff}");
                foreach (var peer in _peers) peer.Tell(new Ping(0, _name));
            });
            Receive<Ping>(p =>
            {
                _trace.Add($"{_name} <- {p.From} r{p.Round}");
                if (p.Round < 3) Sender.Tell(new Ping(p.Round + 1, _name));
            });
        }

        public ITimerScheduler Timers { get; set; } = null!;

        protected override void PreStart() => Timers.StartPeriodicTimer("tick", "tick", TimeSpan.FromMilliseconds(100 + (_name.Length * 7)));
    }

    private static List<string> Run(int seed)
    {
        var trace = new List<string>();
        var clock = new ManualTimeProvider();
        using var dispatcher = new DeterministicDispatcher(seed, clock);
        var setup = new ActorSystemSetup { TimeProvider = clock, Dispatcher = dispatcher };
        var nodeA = ActorSystem.Create("node-a", setup);
        var nodeB = ActorSystem.Create("node-b", setup);
        var players = new[]
        {
            nodeA.ActorOf(Props.Create(() => new Player("a1", trace)), "a1"),
            nodeA.ActorOf(Props.Create(() => new Player("a22", trace)), "a22"),
            nodeB.ActorOf(Props.Create(() => new Player("b333", trace)), "b333"),
        };
        foreach (var p in players) p.Tell(players.Where(q => !q.Equals(p)).ToArray(), ActorRefs.NoSender);
        dispatcher.RunFor(TimeSpan.FromSeconds(1));
        trace.Add($"steps {dispatcher.Steps}");
        // Snapshot first: shutdown runs its phases on the thread pool, which is outside the seeded schedule.
        var snapshot = trace.ToList();
        var terminated = Task.WhenAll(nodeA.Terminate(), nodeB.Terminate());
        Assert.True(dispatcher.RunUntil(() => terminated.IsCompleted, TimeSpan.FromSeconds(10)), "systems terminate under the deterministic dispatcher");
        return snapshot;
    }

    [Fact]
    public void Same_seed_gives_the_same_message_order_trace()
    {
        var first = Run(42);
        var second = Run(42);
        Assert.True(first.Count > 50, $"the scenario produced a real trace ({first.Count} entries)");
        // Printed so two processes can be compared: string hashing is randomized per process, the trace must not be.
        output.WriteLine($"trace sha256 {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', first))))}");
        Assert.Equal(string.Join('\n', first), string.Join('\n', second));
    }

    [Fact]
    public void Different_seeds_give_different_interleavings()
    {
        var traces = new[] { Run(1), Run(2), Run(3) };
        Assert.True(traces.Select(t => string.Join('\n', t)).Distinct().Count() > 1);
    }

    [Fact]
    public void All_actors_run_on_the_pumping_thread()
    {
        var threads = new ConcurrentDictionary<int, bool>();
        var clock = new ManualTimeProvider();
        using var dispatcher = new DeterministicDispatcher(7, clock);
        var system = ActorSystem.Create("single", new ActorSystemSetup { TimeProvider = clock, Dispatcher = dispatcher });
        var actors = Enumerable.Range(0, 10).Select(i => system.ActorOf(Props.Create(() => new ThreadRecorder(threads)))).ToList();
        foreach (var a in actors) a.Tell("go", ActorRefs.NoSender);
        dispatcher.RunUntilIdle();
        Assert.Equal([Environment.CurrentManagedThreadId], threads.Keys);
        var terminated = system.Terminate();
        Assert.True(dispatcher.RunUntil(() => terminated.IsCompleted, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void A_mailbox_turn_processes_at_most_throughput_messages()
    {
        var clock = new ManualTimeProvider();
        using var dispatcher = new DeterministicDispatcher(11, clock, throughput: 2);
        var system = ActorSystem.Create("turns", new ActorSystemSetup { TimeProvider = clock, Dispatcher = dispatcher });
        var steps = new List<(long Step, string Actor)>();
        var actors = new[] { "x", "y" }.Select(n => system.ActorOf(Props.Create(() => new StepRecorder(n, dispatcher, steps)), n)).ToList();
        foreach (var a in actors)
        {
            for (var i = 0; i < 5; i++) a.Tell(i, ActorRefs.NoSender);
        }

        dispatcher.RunUntilIdle();
        Assert.Equal(10, steps.Count);
        var perTurn = steps.GroupBy(s => s.Step).Select(g => g.Count()).ToList();
        Assert.All(perTurn, c => Assert.InRange(c, 1, 2));
        Assert.Contains(2, perTurn);
        var terminated = system.Terminate();
        Assert.True(dispatcher.RunUntil(() => terminated.IsCompleted, TimeSpan.FromSeconds(10)));
    }

    private sealed class StepRecorder : ReceiveActor
    {
        public StepRecorder(string name, DeterministicDispatcher dispatcher, List<(long, string)> steps)
            => Receive<int>(_ => steps.Add((dispatcher.Steps, name)));
    }

    private sealed class ThreadRecorder : ReceiveActor
    {
        public ThreadRecorder(ConcurrentDictionary<int, bool> threads) => ReceiveAny(_ => threads[Environment.CurrentManagedThreadId] = true);
    }
}
