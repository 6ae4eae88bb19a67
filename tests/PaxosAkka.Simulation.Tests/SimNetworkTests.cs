using PaxosAkka.Simulation.Network;

namespace PaxosAkka.Simulation.Tests;

public class SimNetworkTests
{
    private static List<Packet<int>> DrainUpTo(SimNetwork<int> network, long lastTick)
    {
        var received = new List<Packet<int>>();
        for (long tick = 0; tick <= lastTick; tick++)
        {
            while (network.TryReceive(tick, out var packet))
            {
                Assert.True(packet.DeliverAt <= tick);
                received.Add(packet);
            }
        }

        return received;
    }

    [Fact]
    public void Perfect_network_delivers_every_message_once_after_one_tick()
    {
        var network = new SimNetwork<int>(new SimRandom(1), NetworkFaults.None);
        for (var i = 0; i < 100; i++)
        {
            network.Send(0, 1, i, now: 5);
        }

        Assert.False(network.TryReceive(5, out _));
        var received = DrainUpTo(network, 6);
        Assert.Equal(Enumerable.Range(0, 100), received.Select(p => p.Payload));
        Assert.All(received, p => Assert.Equal(6, p.DeliverAt));
        Assert.Equal(100, network.Delivered);
        Assert.Equal(0, network.Dropped);
    }

    [Fact]
    public void Drop_probability_one_loses_every_message()
    {
        var network = new SimNetwork<int>(new SimRandom(1), NetworkFaults.None with { DropProbability = 1 });
        for (var i = 0; i < 50; i++)
        {
            network.Send(0, 1, i, now: 0);
        }

        Assert.Empty(DrainUpTo(network, 10));
        Assert.Equal(50, network.Dropped);
    }

    [Fact]
    public void Duplicate_probability_one_delivers_every_message_twice()
    {
        var network = new SimNetwork<int>(new SimRandom(1), NetworkFaults.None with { DuplicateProbability = 1 });
        for (var i = 0; i < 20; i++)
        {
            network.Send(0, 1, i, now: 0);
        }

        var received = DrainUpTo(network, 10);
        Assert.Equal(40, received.Count);
        Assert.All(received.GroupBy(p => p.Payload), g => Assert.Equal(2, g.Count()));
        Assert.Equal(20, network.Duplicated);
    }

    [Fact]
    public void Random_delays_stay_within_bounds_and_reorder_messages_on_one_link()
    {
        var faults = NetworkFaults.None with { MinDelayTicks = 2, MaxDelayTicks = 9 };
        var network = new SimNetwork<int>(new SimRandom(7), faults);
        for (var i = 0; i < 200; i++)
        {
            network.Send(0, 1, i, now: 100);
        }

        var received = DrainUpTo(network, 200);
        Assert.Equal(200, received.Count);
        Assert.All(received, p => Assert.InRange(p.DeliverAt, 102, 109));
        Assert.NotEqual(Enumerable.Range(0, 200), received.Select(p => p.Payload));
    }

    [Fact]
    public void Long_delays_hold_messages_back_up_to_their_bound()
    {
        var faults = NetworkFaults.None with { MaxDelayTicks = 2, LongDelayProbability = 1, LongDelayMaxTicks = 50 };
        var network = new SimNetwork<int>(new SimRandom(3), faults);
        for (var i = 0; i < 200; i++)
        {
            network.Send(0, 1, i, now: 0);
        }

        var received = DrainUpTo(network, 100);
        Assert.Equal(200, received.Count);
        Assert.All(received, p => Assert.InRange(p.DeliverAt, 2, 50));
        Assert.Contains(received, p => p.DeliverAt > 25);
    }

    [Fact]
    public void Partition_cuts_messages_at_send_and_in_flight_and_heals()
    {
        var network = new SimNetwork<int>(new SimRandom(1), NetworkFaults.None);
        network.Send(0, 2, 1, now: 0);
        network.Partition = NetworkPartition.Isolate(3, [2]);
        network.Send(0, 2, 2, now: 0);
        network.Send(0, 1, 3, now: 0);
        network.Send(2, 2, 4, now: 0);

        var received = DrainUpTo(network, 5);
        Assert.Equal([3, 4], received.Select(p => p.Payload));
        Assert.Equal(2, network.Dropped);

        network.Partition = NetworkPartition.Healed;
        network.Send(0, 2, 5, now: 6);
        Assert.Equal([5], DrainUpTo(network, 8).Select(p => p.Payload));
    }

    [Fact]
    public void Partition_is_symmetric()
    {
        var partition = NetworkPartition.Isolate(5, [1, 3]);
        Assert.False(partition.CanCommunicate(0, 1));
        Assert.False(partition.CanCommunicate(1, 0));
        Assert.True(partition.CanCommunicate(1, 3));
        Assert.True(partition.CanCommunicate(0, 4));
        Assert.True(NetworkPartition.Healed.CanCommunicate(0, 1));
    }

    [Fact]
    public void Deferred_packet_arrives_at_its_new_tick()
    {
        var network = new SimNetwork<int>(new SimRandom(1), NetworkFaults.None);
        network.Send(0, 1, 42, now: 0);
        Assert.True(network.TryReceive(1, out var packet));
        network.Defer(packet, 10);
        Assert.Empty(DrainUpTo(network, 9));
        Assert.Equal([42], DrainUpTo(network, 10).Select(p => p.Payload));
        Assert.Equal(1, network.Delivered);
    }

    [Fact]
    public void Same_seed_gives_the_same_fault_sequence()
    {
        static List<(int, long)> Run(int seed)
        {
            var faults = new FaultOptions().ToNetworkFaults();
            var network = new SimNetwork<int>(new SimRandom(seed), faults);
            for (var i = 0; i < 500; i++)
            {
                network.Send(i % 3, (i + 1) % 3, i, now: i / 10);
            }

            return DrainUpTo(network, 200).Select(p => (p.Payload, p.DeliverAt)).ToList();
        }

        Assert.Equal(Run(11), Run(11));
        Assert.NotEqual(Run(11), Run(12));
    }
}
