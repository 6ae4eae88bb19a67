using System.Collections.Immutable;
using PaxosAkka.Actors;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Simulation;
using PaxosAkka.Node.Storage;
using PaxosAkka.TestKit;

namespace PaxosAkka.Node.Tests.Simulation;

/// <summary>The parts the cluster simulation is built from, each doing what a crash, a pause or a network does.</summary>
public sealed class SimulationSubstrateTests
{
    private static readonly Ballot Two = new(2, 1);
    private static readonly AcceptedEntry Vote = new(0, Two, SlotValue.NoOp);

    [Fact]
    public void Acceptor_disk_keeps_every_returned_write_across_a_crash()
    {
        var disk = new InMemoryAcceptorDisk();
        using (var store = disk.Open())
        {
            store.Persist(Two, [Vote]);
        }

        disk.Crash();
        using var reopened = disk.Open();
        var state = reopened.Load();
        Assert.Equal(Two, state.Promised);
        Assert.Equal(Vote, state.Accepted[0]);
    }

    [Fact]
    public void Acceptor_disk_that_skips_flushing_votes_loses_them_on_a_crash_but_not_before()
    {
        var disk = new InMemoryAcceptorDisk(AcceptorFlushPolicy.SkipVotes);
        var store = disk.Open();
        store.Persist(Two, [Vote]);
        Assert.Single(store.Load().Accepted);

        disk.Crash();
        var state = disk.Open().Load();
        Assert.Equal(Two, state.Promised);
        Assert.Empty(state.Accepted);
    }

    [Fact]
    public void Acceptor_store_opened_before_a_crash_fails_instead_of_writing_for_the_dead_process()
    {
        var disk = new InMemoryAcceptorDisk();
        var stale = disk.Open();
        disk.Crash();
        Assert.Throws<AcceptorStorageException>(() => stale.Persist(Two, []));
        Assert.Equal(Ballot.Zero, disk.Durable.Promised);
    }

    [Fact]
    public void Acceptor_disk_never_lowers_a_promise()
    {
        var disk = new InMemoryAcceptorDisk();
        var store = disk.Open();
        store.Persist(Two, ImmutableArray<AcceptedEntry>.Empty);
        store.Persist(new Ballot(1, 3), ImmutableArray<AcceptedEntry>.Empty);
        Assert.Equal(Two, disk.Durable.Promised);
    }

    [Fact]
    public void Paused_node_queues_its_messages_and_processes_them_in_order_on_resume_while_a_crashed_one_never_runs()
    {
        var clock = new ManualTimeProvider();
        using var shared = new DeterministicDispatcher(7, clock);
        var gate = new SimulatedNodeDispatcher(shared);
        var system = ActorSystem.Create("paxos", new ActorSystemSetup { TimeProvider = clock, Dispatcher = gate });
        var seen = new List<int>();
        var actor = system.ActorOf(Props.Create(() => new Recorder(seen)), "recorder");
        shared.RunUntilIdle();

        gate.Pause();
        actor.Tell(1, null);
        actor.Tell(2, null);
        shared.RunUntilIdle();
        Assert.Empty(seen);

        gate.Resume();
        shared.RunUntilIdle();
        Assert.Equal([1, 2], seen);

        gate.Crash();
        actor.Tell(3, null);
        shared.RunUntilIdle();
        Assert.Equal([1, 2], seen);
        Assert.Equal(0, gate.ForeignThreadTurns);
    }

    [Fact]
    public void Stopped_node_clock_disarms_its_timers_and_never_rearms_them()
    {
        var clock = new ManualTimeProvider();
        var node = new SimulatedNodeClock(clock);
        int fired = 0;
        var timer = node.CreateTimer(_ => fired++, null, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10));
        clock.Advance(TimeSpan.FromMilliseconds(25));
        Assert.Equal(2, fired);

        node.Stop();
        Assert.False(timer.Change(TimeSpan.Zero, TimeSpan.FromMilliseconds(10)));
        node.CreateTimer(_ => fired++, null, TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, fired);
        Assert.Equal(0, clock.ActiveTimerCount);
    }

    [Fact]
    public void Network_delivers_in_order_per_link_and_loses_messages_across_a_partition_or_to_a_restarted_node()
    {
        var clock = new ManualTimeProvider();
        using var shared = new DeterministicDispatcher(3, clock);
        using var network = new SimulatedNetwork(clock, new Random(3), new SimulatedNetworkOptions { MaxDelay = TimeSpan.FromMilliseconds(50), DropProbability = 0 });
        var seen = new List<int>();
        var receiver = ActorSystem.Create("paxos", new ActorSystemSetup { TimeProvider = clock, Dispatcher = shared });
        receiver.ActorOf(Props.Create(() => new Parent(seen)), "node");
        shared.RunUntilIdle();
        network.Attach(2, receiver);

        for (int i = 0; i < 20; i++)
        {
            network.Send(1, 2, "recorder", i, null);
        }

        shared.RunFor(TimeSpan.FromSeconds(1));
        Assert.Equal(Enumerable.Range(0, 20), seen);

        network.Partition([1], [1, 2]);
        network.Send(1, 2, "recorder", 100, null);
        network.Heal();
        network.Send(1, 2, "recorder", 101, null);
        network.Attach(2, receiver);
        shared.RunFor(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(100, seen);
        Assert.DoesNotContain(101, seen);
        Assert.Equal(2, network.Dropped);
    }

    private sealed class Recorder : ReceiveActor
    {
        public Recorder(List<int> seen) => Receive<int>(seen.Add);
    }

    /// <summary>Stands in for <c>/user/node</c>, whose children the network addresses by role name.</summary>
    private sealed class Parent : ReceiveActor
    {
        public Parent(List<int> seen) => Context.ActorOf(Props.Create(() => new Recorder(seen)), "recorder");
    }
}
