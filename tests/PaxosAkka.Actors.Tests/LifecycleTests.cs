using Microsoft.Extensions.Logging;
using PaxosAkka.Actors;
using static PaxosAkka.Actors.Tests.TestProtocol;

namespace PaxosAkka.Actors.Tests;

public sealed class LifecycleTests : TestKit.TestKit
{
    [Fact]
    public void Stop_runs_PostStop_exactly_once_even_when_stopped_twice()
    {
        var actor = Sys.ActorOf(Props.Create(() => new CounterActor(TestActor)), "once");
        ExpectMsg<Lifecycle>(l => l.Hook == "PreStart");
        Watch(actor);
        Sys.Stop(actor);
        Sys.Stop(actor);
        actor.Tell(PoisonPill.Instance);
        ExpectMsg<Lifecycle>(l => l.Hook == "PostStop");
        ExpectTerminated(actor);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Children_stop_before_their_parent_runs_PostStop()
    {
        var parent = Sys.ActorOf(Props.Create(() => new ParentOfTwo(TestActor)), "parent");
        ReceiveN(3); // three PreStarts
        Sys.Stop(parent);
        var stops = ReceiveN(3).Cast<Lifecycle>().Select(l => l.Path).ToList();
        Assert.Equal("paxos://test/user/parent", stops[2]);
        Assert.Contains("paxos://test/user/parent/a", stops);
        Assert.Contains("paxos://test/user/parent/b", stops);
    }

    [Fact]
    public void Watching_an_already_dead_actor_delivers_Terminated_at_once()
    {
        var actor = Sys.ActorOf(Props.Create<EchoActor>());
        var first = CreateTestProbe();
        first.Watch(actor);
        Sys.Stop(actor);
        first.ExpectTerminated(actor);

        Watch(actor);
        var terminated = ExpectTerminated(actor);
        Assert.False(terminated.ExistenceConfirmed);
    }

    [Fact]
    public void Unwatch_cancels_a_pending_Terminated()
    {
        var actor = Sys.ActorOf(Props.Create<EchoActor>());
        Watch(actor);
        Unwatch(actor);
        Sys.Stop(actor);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Messages_to_a_stopped_actor_become_counted_dead_letters()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));
        var actor = Sys.ActorOf(Props.Create<EchoActor>(), "gone");
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
        var before = Sys.DeadLetters.Count;
        actor.Tell("lost", TestActor);
        var letter = ExpectMsg<DeadLetter>();
        Assert.Equal("lost", letter.Message);
        Assert.Equal(actor, letter.Recipient);
        Assert.Equal(before + 1, Sys.DeadLetters.Count);
        AwaitCondition(() => Logs.Entries.Any(e => e.EventId.Id == 1001 && e.Message.Contains("/user/gone", StringComparison.Ordinal)));
    }

    [Fact]
    public void Bounded_mailbox_overflow_goes_to_dead_letters()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));
        var gate = new ManualResetEventSlim(false);
        var blocked = Sys.ActorOf(Props.Create(() => new BlockingActor(gate)).WithBoundedMailbox(5));
        blocked.Tell("first"); // taken by the actor, which then blocks on the gate
        AwaitCondition(() => BlockingActor.Entered(gate));
        for (var i = 0; i < 8; i++) blocked.Tell(i);
        var overflow = ReceiveN(3).Cast<DeadLetter>().Select(d => d.Message).ToList();
        Assert.Equal([5, 6, 7], overflow);
        gate.Set();
        gate.Dispose();
    }

    [Fact]
    public async Task Thousands_of_actors_are_created_and_stopped_without_leaks()
    {
        const int n = 5_000;
        var refs = new List<WeakReference>();
        var parent = Sys.ActorOf(Props.Create(() => new ManyChildren(n)), "many");
        var created = await parent.Ask<int>("create", TimeSpan.FromSeconds(20));
        Assert.Equal(n, created);
        var stopped = await parent.Ask<int>("stop-all", TimeSpan.FromSeconds(20));
        Assert.Equal(n, stopped);
        Assert.Equal(0, await parent.Ask<int>("count", TimeSpan.FromSeconds(10)));
        refs.AddRange(ManyChildren.Instances);
        ManyChildren.Instances.Clear();
        AwaitCondition(() =>
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            return refs.All(r => !r.IsAlive);
        }, TimeSpan.FromSeconds(10), message: "stopped actor instances were collected");
    }

    [Fact]
    public void Context_logger_writes_through_the_injected_factory()
    {
        var actor = Sys.ActorOf(Props.Create<LoggingActor>());
        actor.Tell("warn-me", TestActor);
        ExpectMsg("logged");
        var entry = Assert.Single(Logs.AtLeast(LogLevel.Warning), e => e.Category.EndsWith(nameof(LoggingActor), StringComparison.Ordinal));
        Assert.Contains("warn-me", entry.Message);
    }

    private sealed class ParentOfTwo : ReceiveActor
    {
        private readonly IActorRef _probe;

        public ParentOfTwo(IActorRef probe) => _probe = probe;

        protected override void PreStart()
        {
            _probe.Tell(new Lifecycle("PreStart", Self.Path.ToString()));
            Context.ActorOf(Props.Create(() => new CounterActor(_probe)), "a");
            Context.ActorOf(Props.Create(() => new CounterActor(_probe)), "b");
        }

        protected override void PostStop() => _probe.Tell(new Lifecycle("PostStop", Self.Path.ToString()));
    }

    internal sealed class BlockingActor : ReceiveActor
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<ManualResetEventSlim, bool> s_entered = new();

        public BlockingActor(ManualResetEventSlim gate)
        {
            ReceiveAny(_ =>
            {
                s_entered[gate] = true;
                gate.Wait(TimeSpan.FromSeconds(10));
            });
        }

        public static bool Entered(ManualResetEventSlim gate) => s_entered.ContainsKey(gate);
    }

    private sealed class ManyChildren : ReceiveActor
    {
        public static readonly System.Collections.Concurrent.ConcurrentBag<WeakReference> Instances = [];
        private int _stopped;
        private IActorRef? _stopRequester;

        public ManyChildren(int n)
        {
            Receive<string>(s => s == "create", _ =>
            {
                for (var i = 0; i < n; i++) Context.ActorOf(Props.Create(() => new Tracked()), $"c{i}");
                Sender.Tell(Context.GetChildren().Count);
            });
            Receive<string>(s => s == "stop-all", _ =>
            {
                _stopRequester = Sender;
                foreach (var child in Context.GetChildren())
                {
                    Context.Watch(child);
                    Context.Stop(child);
                }
            });
            Receive<Terminated>(_ =>
            {
                if (++_stopped == n) _stopRequester!.Tell(_stopped);
            });
            Receive<string>(s => s == "count", _ => Sender.Tell(Context.GetChildren().Count));
        }

        private sealed class Tracked : ReceiveActor
        {
            public Tracked() => Instances.Add(new WeakReference(this));
        }
    }

    private sealed class LoggingActor : ReceiveActor
    {
        public LoggingActor()
        {
            var log = Context.GetLogger();
            Receive<string>(s =>
            {
                log.LogWarning("asked to {What}", s);
                Sender.Tell("logged");
            });
        }
    }
}
