using PaxosAkka.Actors;
using PaxosAkka.Actors.Supervision;

namespace PaxosAkka.Actors.Tests;

public sealed class StashAndAsyncTests : TestKit.TestKit
{
    [Fact]
    public void Unstashed_messages_come_back_in_order_before_newer_ones()
    {
        var actor = Sys.ActorOf(Props.Create(() => new GateActor(TestActor)));
        foreach (var i in Enumerable.Range(1, 5)) actor.Tell(i);
        actor.Tell("open");
        actor.Tell(6);
        Assert.Equal(Enumerable.Range(1, 6).Cast<object>(), ReceiveN(6));
    }

    [Fact]
    public void Stashing_the_same_message_twice_is_refused()
    {
        var actor = Sys.ActorOf(Props.Create(() => new DoubleStasher()));
        actor.Tell("x", TestActor);
        Assert.Contains("twice", ExpectMsg<string>());
    }

    [Fact]
    public void Stash_survives_a_restart_by_returning_to_the_mailbox()
    {
        var actor = Sys.ActorOf(Props.Create(() => new GateActor(TestActor)));
        actor.Tell(1);
        actor.Tell(2);
        actor.Tell("crash");
        actor.Tell("open");
        Assert.Equal(new object[] { 1, 2 }, ReceiveN(2));
    }

    [Fact]
    public void ReceiveAsync_processes_no_other_message_until_its_task_completes()
    {
        var gates = new[] { new TaskCompletionSource(), new TaskCompletionSource() };
        var actor = Sys.ActorOf(Props.Create(() => new AsyncActor(TestActor, gates)));
        actor.Tell(0, TestActor);
        actor.Tell(1, TestActor);
        ExpectMsg("start 0");
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        gates[0].SetResult();
        ExpectMsg("end 0");
        ExpectMsg("reply 0");
        ExpectMsg("start 1");
        gates[1].SetResult();
        ExpectMsg("end 1");
        ExpectMsg("reply 1");
    }

    [Fact]
    public void ReceiveAsync_continuations_keep_the_sender_of_their_message()
    {
        var gates = new[] { new TaskCompletionSource(), new TaskCompletionSource() };
        var actor = Sys.ActorOf(Props.Create(() => new AsyncActor(TestActor, gates)));
        var other = CreateTestProbe();
        actor.Tell(0, other.Ref);
        ExpectMsg("start 0");
        gates[0].SetResult();
        other.ExpectMsg("reply 0");
    }

    [Fact]
    public void A_faulted_ReceiveAsync_task_fails_the_actor_like_a_throw()
    {
        var decisions = CreateTestProbe();
        var supervisor = Sys.ActorOf(Props.Create(() => new SupervisorActor(new OneForOneStrategy(e =>
        {
            decisions.Ref.Tell(e.Message);
            return Directive.Resume;
        }))));
        supervisor.Tell((Props.Create(() => new FaultingAsync()), "async"), TestActor);
        var child = ExpectMsg<IActorRef>();
        child.Tell("go");
        decisions.ExpectMsg("async boom");
    }

    private sealed class GateActor : ReceiveActor, IWithStash
    {
        public GateActor(IActorRef probe)
        {
            Receive<string>(s => s == "open", _ =>
            {
                Stash.UnstashAll();
                Become(() => Receive<int>(i => probe.Tell(i)));
            });
            Receive<string>(s => s == "crash", _ => throw new InvalidOperationException("crash"));
            Receive<int>(_ => Stash.Stash());
        }

        public IStash Stash { get; set; } = null!;
    }

    private sealed class DoubleStasher : ReceiveActor, IWithStash
    {
        public DoubleStasher()
        {
            Receive<string>(_ =>
            {
                Stash.Stash();
                try
                {
                    Stash.Stash();
                }
                catch (IllegalActorStateException e)
                {
                    Sender.Tell(e.Message);
                }
            });
        }

        public IStash Stash { get; set; } = null!;
    }

    private sealed class AsyncActor : ReceiveActor
    {
        public AsyncActor(IActorRef probe, TaskCompletionSource[] gates)
        {
            ReceiveAsync<int>(async i =>
            {
                probe.Tell($"start {i}");
                await gates[i].Task;
                probe.Tell($"end {i}");
                Sender.Tell($"reply {i}");
            });
        }
    }

    private sealed class FaultingAsync : ReceiveActor
    {
        public FaultingAsync()
        {
            ReceiveAsync<string>(async _ =>
            {
                await Task.Yield();
                throw new InvalidOperationException("async boom");
            });
        }
    }
}
