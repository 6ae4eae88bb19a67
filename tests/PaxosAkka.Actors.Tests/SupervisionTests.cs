using Microsoft.Extensions.Logging;
using PaxosAkka.Actors;
using PaxosAkka.Actors.Supervision;
using static PaxosAkka.Actors.Tests.TestProtocol;

namespace PaxosAkka.Actors.Tests;

public sealed class SupervisionTests : TestKit.TestKit
{
    private IActorRef Supervise(SupervisorStrategy strategy, Props child, string name, string supervisorName = "supervisor")
    {
        var supervisor = Sys.ActorOf(Props.Create(() => new SupervisorActor(strategy)), supervisorName);
        supervisor.Tell((child, name), TestActor);
        return ExpectMsg<IActorRef>();
    }

    [Fact]
    public void Restart_keeps_the_mailbox_but_not_the_state()
    {
        var child = Supervise(SupervisorStrategy.DefaultStrategy, Props.Create(() => new CounterActor(ActorRefs.Nobody)), "counter");
        for (var i = 0; i < 3; i++) child.Tell(new Increment());
        child.Tell(new Fail("boom"));
        for (var i = 0; i < 5; i++) child.Tell(new Increment());
        child.Tell(new GetCount(), TestActor);
        Assert.Equal(5, ExpectMsg<Count>().Value);
    }

    [Fact]
    public void Resume_keeps_the_state()
    {
        var child = Supervise(new OneForOneStrategy(_ => Directive.Resume), Props.Create(() => new CounterActor(ActorRefs.Nobody)), "counter");
        for (var i = 0; i < 3; i++) child.Tell(new Increment());
        child.Tell(new Fail("boom"));
        for (var i = 0; i < 5; i++) child.Tell(new Increment());
        child.Tell(new GetCount(), TestActor);
        Assert.Equal(8, ExpectMsg<Count>().Value);
        Assert.Contains(Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("resumed", StringComparison.Ordinal));
    }

    [Fact]
    public void Restart_runs_PreRestart_on_the_old_instance_and_PostRestart_on_the_new()
    {
        var child = Supervise(SupervisorStrategy.DefaultStrategy, Props.Create(() => new CounterActor(TestActor)), "counter");
        ExpectMsg<Lifecycle>(l => l.Hook == "PreStart");
        child.Tell(new Fail("boom"));
        Assert.Equal(["PreRestart", "PostStop", "PostRestart", "PreStart"], ReceiveN(4).Cast<Lifecycle>().Select(l => l.Hook));
        ExpectNoMsg();
    }

    [Fact]
    public void All_for_one_restarts_the_siblings_of_a_failed_child()
    {
        var supervisor = Sys.ActorOf(Props.Create(() => new SupervisorActor(new AllForOneStrategy(_ => Directive.Restart))));
        var a = CreateTestProbe();
        var b = CreateTestProbe();
        supervisor.Tell((Props.Create(() => new CounterActor(a.Ref)), "a"), TestActor);
        var childA = ExpectMsg<IActorRef>();
        supervisor.Tell((Props.Create(() => new CounterActor(b.Ref)), "b"), TestActor);
        var childB = ExpectMsg<IActorRef>();
        a.ExpectMsg<Lifecycle>(l => l.Hook == "PreStart");
        b.ExpectMsg<Lifecycle>(l => l.Hook == "PreStart");
        childB.Tell(new Increment());
        childA.Tell(new Fail("a broke"));
        a.FishForMessage<Lifecycle>(l => l.Hook == "PostRestart");
        b.FishForMessage<Lifecycle>(l => l.Hook == "PostRestart");
        childB.Tell(new GetCount(), TestActor);
        Assert.Equal(0, ExpectMsg<Count>().Value);
    }

    [Fact]
    public void One_for_one_restarts_only_the_failed_child()
    {
        var supervisor = Sys.ActorOf(Props.Create(() => new SupervisorActor(new OneForOneStrategy(_ => Directive.Restart))));
        supervisor.Tell((Props.Create(() => new CounterActor(ActorRefs.Nobody)), "a"), TestActor);
        var childA = ExpectMsg<IActorRef>();
        supervisor.Tell((Props.Create(() => new CounterActor(ActorRefs.Nobody)), "b"), TestActor);
        var childB = ExpectMsg<IActorRef>();
        childB.Tell(new Increment());
        childA.Tell(new Fail("a broke"));
        childA.Tell(new GetCount(), TestActor);
        Assert.Equal(0, ExpectMsg<Count>().Value);
        childB.Tell(new GetCount(), TestActor);
        Assert.Equal(1, ExpectMsg<Count>().Value);
    }

    [Fact]
    public void Escalate_fails_the_supervisor_whose_own_supervisor_then_decides()
    {
        var decisions = CreateTestProbe();
        var top = Sys.ActorOf(Props.Create(() => new SupervisorActor(new OneForOneStrategy(e =>
        {
            decisions.Ref.Tell(e.Message);
            return Directive.Restart;
        }))), "top");
        top.Tell((Props.Create(() => new SupervisorActor(new OneForOneStrategy(_ => Directive.Escalate))), "middle"), TestActor);
        var middle = ExpectMsg<IActorRef>();
        middle.Tell((Props.Create(() => new CounterActor(TestActor)), "leaf"), TestActor);
        var leaf = ExpectMsg<IActorRef>();
        ExpectMsg<Lifecycle>(l => l.Hook == "PreStart");
        Watch(leaf);
        leaf.Tell(new Fail("leaf broke"));
        decisions.ExpectMsg("leaf broke");
        // The middle supervisor restarted: by default that stops its children.
        FishForMessage<Terminated>(t => t.ActorRef.Equals(leaf));
        Assert.False(Sys.WhenTerminated.IsCompleted);
    }

    [Fact]
    public void Exceeding_max_retries_within_the_window_stops_the_child()
    {
        var child = Supervise(new OneForOneStrategy(2, TimeSpan.FromMinutes(1), _ => Directive.Restart),
            Props.Create(() => new CounterActor(ActorRefs.Nobody)), "fragile");
        Watch(child);
        child.Tell(new Fail("1"));
        child.Tell(new Fail("2"));
        child.Tell(new GetCount(), TestActor);
        Assert.Equal(0, ExpectMsg<Count>().Value);
        child.Tell(new Fail("3"));
        ExpectTerminated(child);
    }

    [Fact]
    public void All_for_one_stops_all_children_once_retries_are_exhausted()
    {
        var supervisor = Sys.ActorOf(Props.Create(() => new SupervisorActor(new AllForOneStrategy(1, TimeSpan.FromMinutes(1), _ => Directive.Restart))));
        supervisor.Tell((Props.Create(() => new CounterActor(ActorRefs.Nobody)), "a"), TestActor);
        var childA = ExpectMsg<IActorRef>();
        supervisor.Tell((Props.Create(() => new CounterActor(ActorRefs.Nobody)), "b"), TestActor);
        var childB = ExpectMsg<IActorRef>();
        Watch(childA);
        Watch(childB);
        childA.Tell(new Fail("1"));
        childA.Tell(new GetCount(), TestActor);
        ExpectMsg<Count>();
        childA.Tell(new Fail("2"));
        var stopped = new[] { ExpectMsg<Terminated>().ActorRef, ExpectMsg<Terminated>().ActorRef };
        Assert.Equal(new HashSet<IActorRef> { childA, childB }, stopped.ToHashSet());
    }

    [Fact]
    public void Constructor_failure_stops_the_actor_by_default()
    {
        var actor = Sys.ActorOf(Props.Create(() => new ThrowingConstructor()));
        Watch(actor);
        ExpectTerminated(actor);
        Assert.Contains(Logs.Entries, e => e.Exception is ActorInitializationException && e.Message.Contains("Stop", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Escalation_to_the_guardian_terminates_the_system_in_order()
    {
        var top = Sys.ActorOf(Props.Create(() => new SupervisorActor(new OneForOneStrategy(_ => Directive.Escalate))), "top");
        top.Tell((Props.Create(() => new CounterActor(TestActor)), "leaf"), TestActor);
        var leaf = ExpectMsg<IActorRef>();
        ExpectMsg<Lifecycle>(l => l.Hook == "PreStart");
        leaf.Tell(new Fail("fatal"));
        await Sys.WhenTerminated.WaitAsync(Dilated(TimeSpan.FromSeconds(10)));
        Assert.Contains(Logs.Entries, e => e.Level == LogLevel.Critical && e.Message.Contains("/user/top", StringComparison.Ordinal));
        Assert.Equal(0, Sys.TopLevelActorCount);
    }

    [Fact]
    public void Unhandled_Terminated_kills_the_watcher_with_a_death_pact()
    {
        var watched = Sys.ActorOf(Props.Create<EchoActor>());
        var watcher = Sys.ActorOf(Props.Create(() => new PactActor(watched)));
        Watch(watcher);
        Sys.Stop(watched);
        ExpectTerminated(watcher);
    }

    private sealed class ThrowingConstructor : ReceiveActor
    {
        public ThrowingConstructor() => throw new InvalidOperationException("cannot start");
    }

    private sealed class PactActor : ReceiveActor
    {
        public PactActor(IActorRef other)
        {
            Context.Watch(other);
            Receive<string>(_ => { });
        }
    }
}
