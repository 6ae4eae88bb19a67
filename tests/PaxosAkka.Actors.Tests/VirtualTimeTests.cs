using PaxosAkka.Actors;
using PaxosAkka.TestKit;

namespace PaxosAkka.Actors.Tests;

public sealed class VirtualTimeTests() : TestKit.TestKit(new TestKitOptions { VirtualTime = true })
{
    private ManualTimeProvider Time => Clock!;

    [Fact]
    public void Single_timer_fires_once_at_its_due_time_on_virtual_time()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(new TimerActor.StartSingle("k", TimeSpan.FromSeconds(1)), TestActor);
        ExpectMsg("started");
        Time.Advance(TimeSpan.FromMilliseconds(999));
        // Advance enqueues due timer messages before it returns, so a reply to a marker sent now comes after any
        // tick: seeing the reply first proves no tick fired, however slowly the actor runs.
        actor.Tell(new TimerActor.IsActive("k"), TestActor);
        ExpectMsg(true);
        Time.Advance(TimeSpan.FromMilliseconds(1));
        ExpectMsg("tick k");
        Time.Advance(TimeSpan.FromSeconds(10));
        actor.Tell(new TimerActor.IsActive("k"), TestActor);
        ExpectMsg(false);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Periodic_timer_fires_every_interval_until_cancelled()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(new TimerActor.StartPeriodic("p", TimeSpan.FromSeconds(1)), TestActor);
        ExpectMsg("started");
        Time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(new object[] { "tick p", "tick p", "tick p" }, ReceiveN(3));
        actor.Tell(new TimerActor.IsActive("p"), TestActor);
        ExpectMsg(true);
        actor.Tell(new TimerActor.Cancel("p"), TestActor);
        ExpectMsg("cancelled");
        Time.Advance(TimeSpan.FromSeconds(5));
        // The marker's reply must come first: a tick fired by the advance would be ahead of it in the mailbox.
        actor.Tell(new TimerActor.IsActive("p"), TestActor);
        ExpectMsg(false);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Restarting_a_timer_with_the_same_key_replaces_it()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(new TimerActor.StartSingle("k", TimeSpan.FromSeconds(1)), TestActor);
        ExpectMsg("started");
        actor.Tell(new TimerActor.StartSingle("k", TimeSpan.FromSeconds(5)), TestActor);
        ExpectMsg("started");
        Time.Advance(TimeSpan.FromSeconds(2));
        // The old 1 s timer would have enqueued its tick ahead of this marker; only the 5 s one is still pending.
        actor.Tell(new TimerActor.IsActive("k"), TestActor);
        ExpectMsg(true);
        Time.Advance(TimeSpan.FromSeconds(3));
        ExpectMsg("tick k");
    }

    [Fact]
    public void Timers_are_cancelled_when_the_actor_stops()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(new TimerActor.StartPeriodic("p", TimeSpan.FromSeconds(1)), TestActor);
        ExpectMsg("started");
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
        Assert.Equal(0, Time.ActiveTimerCount);
    }

    [Fact]
    public void Receive_timeout_fires_after_inactivity_on_virtual_time()
    {
        var actor = Sys.ActorOf(Props.Create(() => new IdleActor(TestActor)));
        actor.Tell("hello", TestActor);
        ExpectMsg("hello");
        Time.Advance(TimeSpan.FromSeconds(2));
        ExpectMsg<ReceiveTimeout>();
    }

    [Fact]
    public async Task Ask_timeout_follows_the_injected_clock()
    {
        var silent = Sys.ActorOf(Props.Create(() => new TimerActor(ActorRefs.Nobody)));
        var ask = silent.Ask<string>("nothing", TimeSpan.FromSeconds(5));
        Time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(ask.IsCompleted);
        Time.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<AskTimeoutException>(() => ask);
    }

    private sealed class TimerActor : ReceiveActor, IWithTimers
    {
        public sealed record StartSingle(string Key, TimeSpan Delay);

        public sealed record StartPeriodic(string Key, TimeSpan Interval);

        public sealed record Cancel(string Key);

        public sealed record IsActive(string Key);

        public sealed record Tick(string Key);

        public TimerActor(IActorRef probe)
        {
            Receive<StartSingle>(s =>
            {
                Timers.StartSingleTimer(s.Key, new Tick(s.Key), s.Delay);
                Sender.Tell("started");
            });
            Receive<StartPeriodic>(s =>
            {
                Timers.StartPeriodicTimer(s.Key, new Tick(s.Key), s.Interval);
                Sender.Tell("started");
            });
            Receive<Cancel>(c =>
            {
                Timers.Cancel(c.Key);
                Sender.Tell("cancelled");
            });
            Receive<IsActive>(a => Sender.Tell(Timers.IsTimerActive(a.Key)));
            Receive<Tick>(t => probe.Tell($"tick {t.Key}"));
        }

        public ITimerScheduler Timers { get; set; } = null!;
    }

    private sealed class IdleActor : ReceiveActor
    {
        public IdleActor(IActorRef probe)
        {
            ReceiveAny(m => probe.Tell(m));
        }

        protected override void PreStart() => SetReceiveTimeout(TimeSpan.FromSeconds(2));
    }
}
