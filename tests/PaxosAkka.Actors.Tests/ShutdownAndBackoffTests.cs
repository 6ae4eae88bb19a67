using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using PaxosAkka.Actors;
using PaxosAkka.TestKit;
using static PaxosAkka.Actors.Tests.TestProtocol;

namespace PaxosAkka.Actors.Tests;

public sealed class CoordinatedShutdownTests() : TestKit.TestKit(new TestKitOptions
{
    // before-actor-system-terminate gets room for its 10 s Ask: on loaded CI the default 5 s could cut it off.
    Config = """
        paxos.coordinated-shutdown.phases.service-stop.timeout = 200ms
        paxos.coordinated-shutdown.phases.before-actor-system-terminate.timeout = 20s
        """,
})
{
    [Fact]
    public async Task Phases_run_in_order_and_actors_stop_last()
    {
        var ran = new ConcurrentQueue<string>();
        var shutdown = CoordinatedShutdown.Get(Sys);
        var actor = Sys.ActorOf(Props.Create(() => new CounterActor(TestActor)), "worker");
        ExpectMsg<Lifecycle>();
        foreach (var phase in CoordinatedShutdown.PhaseOrder.Reverse())
        {
            shutdown.AddTask(phase, $"record-{phase}", _ =>
            {
                ran.Enqueue(phase);
                return Task.CompletedTask;
            });
        }

        shutdown.AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "actor-still-alive", async ct =>
        {
            var count = await actor.Ask<Count>(new GetCount(), TimeSpan.FromSeconds(10), ct);
            ran.Enqueue($"alive {count.Value}");
        });
        await Sys.Terminate();
        Assert.Equal([.. CoordinatedShutdown.PhaseOrder.Take(11), "alive 0", CoordinatedShutdown.PhaseActorSystemTerminate], ran.ToArray());
        Assert.True(Sys.WhenTerminated.IsCompleted);
        ExpectMsg<Lifecycle>(l => l.Hook == "PostStop");
        Assert.Same(CoordinatedShutdown.ActorSystemTerminateReason.Instance, shutdown.ShutdownReason);
    }

    [Fact]
    public async Task A_task_overrunning_its_phase_timeout_is_logged_and_skipped()
    {
        var never = new TaskCompletionSource();
        CoordinatedShutdown.Get(Sys).AddTask(CoordinatedShutdown.PhaseServiceStop, "stuck", _ => never.Task);
        await Sys.Terminate().WaitAsync(Dilated(TimeSpan.FromSeconds(10)));
        Assert.Contains(Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("stuck", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Terminate_is_idempotent_and_late_tasks_are_refused()
    {
        var first = Sys.Terminate();
        Assert.Same(first, Sys.Terminate());
        await first;
        Assert.Throws<InvalidOperationException>(() =>
            CoordinatedShutdown.Get(Sys).AddTask(CoordinatedShutdown.PhaseServiceStop, "late", _ => Task.CompletedTask));
        Assert.Throws<InvalidOperationException>(() => Sys.ActorOf(Props.Create<EchoActor>()));
    }

    [Fact]
    public void Unknown_phase_names_are_rejected_with_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            CoordinatedShutdown.Get(Sys).AddTask("no-such-phase", "x", _ => Task.CompletedTask));
        Assert.Contains("cluster-leave", error.Message);
    }
}

public sealed class BackoffSupervisorTests() : TestKit.TestKit(new TestKitOptions { VirtualTime = true })
{
    private ManualTimeProvider Time => Clock!;

    private void AwaitRestartCount(IActorRef supervisor, int expected)
        => AwaitAssert(() =>
        {
            supervisor.Tell(new BackoffSupervisor.GetRestartCount(), TestActor);
            Assert.Equal(expected, ExpectMsg<BackoffSupervisor.RestartCount>().Count);
        });

    [Fact]
    public void Failed_child_restarts_after_exponential_backoff_on_virtual_time()
    {
        var child = Props.Create(() => new CounterActor(TestActor));
        var supervisor = Sys.ActorOf(BackoffSupervisor.Props(
            BackoffOptions.CreateOnFailure(child, "worker", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), 0.0)), "backoff");
        ExpectMsg<Lifecycle>(l => l.Hook == "PreStart");

        var expectedDelays = new[] { 1, 2, 3, 3 };
        for (var n = 0; n < expectedDelays.Length; n++)
        {
            supervisor.Tell(new Fail("crash"));
            ExpectMsg<Lifecycle>(l => l.Hook == "PostStop");
            AwaitRestartCount(supervisor, n + 1);
            Time.Advance(TimeSpan.FromSeconds(expectedDelays[n]) - TimeSpan.FromMilliseconds(1));
            // Advance enqueues a due StartChild before it returns, so the supervisor handles it before this
            // marker: no child yet proves the backoff has not elapsed, however slowly the actors run.
            supervisor.Tell(new BackoffSupervisor.GetCurrentChild(), TestActor);
            ExpectMsg<BackoffSupervisor.CurrentChild>(c => c.Ref is null);
            ExpectNoMsg(TimeSpan.FromMilliseconds(50));
            Time.Advance(TimeSpan.FromMilliseconds(1));
            ExpectMsg<Lifecycle>(l => l.Hook == "PreStart");
        }
    }

    [Fact]
    public void Messages_are_forwarded_to_the_child_and_the_count_resets_after_stable_running()
    {
        var child = Props.Create(() => new CounterActor(TestActor));
        var supervisor = Sys.ActorOf(BackoffSupervisor.Props(
            BackoffOptions.CreateOnFailure(child, "worker", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 0.0)
                .WithAutoReset(TimeSpan.FromSeconds(5))), "backoff");
        ExpectMsg<Lifecycle>(l => l.Hook == "PreStart");
        supervisor.Tell(new Fail("crash"));
        ExpectMsg<Lifecycle>(l => l.Hook == "PostStop");
        AwaitRestartCount(supervisor, 1);
        Time.Advance(TimeSpan.FromSeconds(1));
        ExpectMsg<Lifecycle>(l => l.Hook == "PreStart");
        supervisor.Tell("via supervisor", TestActor);
        ExpectMsg("via supervisor");
        Time.Advance(TimeSpan.FromSeconds(5));
        AwaitRestartCount(supervisor, 0);
    }

    [Fact]
    public void Backoff_delay_grows_exponentially_is_capped_and_jittered_within_the_random_factor()
    {
        var min = TimeSpan.FromMilliseconds(100);
        var max = TimeSpan.FromSeconds(1);
        Assert.Equal(min, BackoffSupervisor.CalculateDelay(0, min, max, 0.2, 0.0));
        Assert.Equal(TimeSpan.FromMilliseconds(400), BackoffSupervisor.CalculateDelay(2, min, max, 0.2, 0.0));
        Assert.Equal(max, BackoffSupervisor.CalculateDelay(10, min, max, 0.2, 0.0));
        Assert.Equal(max * 1.2, BackoffSupervisor.CalculateDelay(40, min, max, 0.2, 1.0));
    }

    [Fact]
    public void Max_retries_stops_the_backoff_supervisor()
    {
        var child = Props.Create(() => new CounterActor(ActorRefs.Nobody));
        var supervisor = Sys.ActorOf(BackoffSupervisor.Props(
            BackoffOptions.CreateOnFailure(child, "worker", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 0.0).WithMaxNrOfRetries(1)));
        Watch(supervisor);
        supervisor.Tell(new Fail("1"));
        AwaitRestartCount(supervisor, 1);
        Time.Advance(TimeSpan.FromSeconds(1));
        AwaitAssert(() =>
        {
            supervisor.Tell(new BackoffSupervisor.GetCurrentChild(), TestActor);
            Assert.NotNull(ExpectMsg<BackoffSupervisor.CurrentChild>().Ref);
        });
        supervisor.Tell(new Fail("2"));
        ExpectTerminated(supervisor);
    }
}
