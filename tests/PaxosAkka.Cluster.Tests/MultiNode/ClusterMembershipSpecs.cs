using static PaxosAkka.Cluster.ClusterEvent;

namespace PaxosAkka.Cluster.Tests.MultiNode;

/// <summary>Real clusters of actor systems on loopback TCP.</summary>
[Collection(ClusterNodes.Collection)]
public class ClusterMembershipSpecs
{
    [Fact]
    public async Task First_seed_forms_the_cluster_when_no_other_seed_answers()
    {
        await using var nodes = new ClusterNodes();
        var first = await nodes.StartAsync();
        var silentSeed = new NodeAddress(NodeAddress.TcpProtocol, "paxos", "127.0.0.1", 1); // nothing listens there
        first.JoinSeedNodes([first.SelfAddress, silentSeed]);
        await first.WhenUp.WaitAsync(ClusterNodes.Patience);
        Assert.Equal(first.SelfAddress, first.State.Leader);
    }

    [Fact]
    public async Task Five_nodes_join_via_two_seeds_and_all_become_up()
    {
        await using var nodes = new ClusterNodes();
        var cluster = await nodes.StartManyAsync(5);
        NodeAddress[] seeds = [cluster[0].SelfAddress, cluster[1].SelfAddress];

        // Start the non-seeds first: they must keep asking until a seed answers.
        foreach (var node in cluster.Reverse())
        {
            node.JoinSeedNodes(seeds);
        }

        await ClusterNodes.AwaitMembersUpAsync(cluster, cluster);
        var lowest = cluster.Select(n => n.SelfAddress).Min();
        await ClusterNodes.AwaitAsync(() => cluster.All(n => n.State.Leader == lowest), "all to agree on the lowest address as leader");
    }

    [Fact]
    public async Task Subscriber_gets_current_members_as_events_then_changes()
    {
        await using var nodes = new ClusterNodes();
        var first = await nodes.StartAsync();
        first.Join(first.SelfAddress);
        await first.WhenUp.WaitAsync(ClusterNodes.Patience);

        var (collector, events) = EventCollector.Start(first.System, "events");
        first.Subscribe(collector, SubscriptionInitialStateMode.InitialStateAsEvents, typeof(IMemberEvent));
        var self = await EventCollector.ExpectAsync<MemberUp>(events, _ => true);
        Assert.Equal(first.SelfUniqueAddress, self.Member.UniqueAddress);

        var second = await nodes.StartAsync();
        second.Join(first.SelfAddress);
        await EventCollector.ExpectAsync<MemberJoined>(events, e => e.Member.UniqueAddress == second.SelfUniqueAddress);
        await EventCollector.ExpectAsync<MemberUp>(events, e => e.Member.UniqueAddress == second.SelfUniqueAddress);
    }

    [Fact]
    public async Task Killed_node_becomes_unreachable_then_downed_and_removed()
    {
        await using var nodes = new ClusterNodes();
        var cluster = await nodes.StartManyAsync(5);
        foreach (var node in cluster)
        {
            node.JoinSeedNodes([cluster[0].SelfAddress, cluster[1].SelfAddress]);
        }

        await ClusterNodes.AwaitMembersUpAsync(cluster, cluster);
        var (collector, events) = EventCollector.Start(cluster[0].System, "events");
        cluster[0].Subscribe(collector, SubscriptionInitialStateMode.InitialStateAsEvents, typeof(IMemberEvent), typeof(IReachabilityEvent));

        var victim = cluster[4];
        await ClusterNodes.KillAsync(victim);

        await EventCollector.ExpectAsync<UnreachableMember>(events, e => e.Member.UniqueAddress == victim.SelfUniqueAddress);
        await EventCollector.ExpectAsync<MemberDowned>(events, e => e.Member.UniqueAddress == victim.SelfUniqueAddress);
        var removed = await EventCollector.ExpectAsync<MemberRemoved>(events, e => e.Member.UniqueAddress == victim.SelfUniqueAddress);
        Assert.Equal(MemberStatus.Down, removed.PreviousStatus);
        await ClusterNodes.AwaitMembersUpAsync(cluster[..4], cluster[..4]);
    }

    [Fact]
    public async Task Graceful_leave_of_the_leader_ends_with_it_removed_and_its_system_stopped()
    {
        await using var nodes = new ClusterNodes();
        var cluster = await nodes.StartManyAsync(3);
        foreach (var node in cluster)
        {
            node.JoinSeedNodes([cluster[0].SelfAddress]);
        }

        await ClusterNodes.AwaitMembersUpAsync(cluster, cluster);

        // The leader leaves: it moves itself to Exiting, so the others must still learn of that and remove it.
        var leaving = cluster.MinBy(n => n.SelfAddress)!;
        var stay = cluster.Where(n => n != leaving).ToArray();
        var (collector, events) = EventCollector.Start(stay[0].System, "events");
        stay[0].Subscribe(collector, SubscriptionInitialStateMode.InitialStateAsEvents, typeof(IMemberEvent));

        stay[0].Leave(leaving.SelfAddress);
        await EventCollector.ExpectAsync<MemberLeft>(events, e => e.Member.UniqueAddress == leaving.SelfUniqueAddress);
        await EventCollector.ExpectAsync<MemberExited>(events, e => e.Member.UniqueAddress == leaving.SelfUniqueAddress);
        var removed = await EventCollector.ExpectAsync<MemberRemoved>(events, e => e.Member.UniqueAddress == leaving.SelfUniqueAddress);
        Assert.Equal(MemberStatus.Exiting, removed.PreviousStatus);
        await leaving.WhenShutdown.WaitAsync(ClusterNodes.Patience);
        await leaving.System.WhenTerminated.WaitAsync(ClusterNodes.Patience);
        await ClusterNodes.AwaitMembersUpAsync(stay, stay);
    }

    [Fact]
    public async Task Restarted_node_rejoins_with_a_new_incarnation()
    {
        await using var nodes = new ClusterNodes();
        var cluster = await nodes.StartManyAsync(3);
        foreach (var node in cluster)
        {
            node.JoinSeedNodes([cluster[0].SelfAddress]);
        }

        await ClusterNodes.AwaitMembersUpAsync(cluster, cluster);
        var old = cluster[2];
        await ClusterNodes.KillAsync(old);

        // Same host and port, new uid: the old incarnation is replaced, not merged with.
        var restarted = await nodes.StartAsync(old.SelfAddress.Port);
        Assert.Equal(old.SelfAddress, restarted.SelfAddress);
        Assert.NotEqual(old.SelfUniqueAddress, restarted.SelfUniqueAddress);
        restarted.JoinSeedNodes([cluster[0].SelfAddress]);

        Cluster[] now = [cluster[0], cluster[1], restarted];
        await ClusterNodes.AwaitMembersUpAsync(now, now);
        Assert.All(now, n => Assert.DoesNotContain(n.State.Members, m => m.UniqueAddress == old.SelfUniqueAddress));
    }

    [Fact]
    public async Task Malformed_gossip_from_the_network_is_refused_and_the_node_keeps_working()
    {
        await using var nodes = new ClusterNodes();
        var cluster = await nodes.StartManyAsync(2);
        foreach (var node in cluster)
        {
            node.JoinSeedNodes([cluster[0].SelfAddress]);
        }

        await ClusterNodes.AwaitMembersUpAsync(cluster, cluster);

        // Node 1 sends node 0 gossip with missing sections and a member without an address.
        var daemon = cluster[1].DaemonOf(cluster[0].SelfAddress)!;
        var garbage = new GossipData(null!, [], [], [], [], []);
        daemon.Tell(new ClusterProtocol.GossipEnvelope(cluster[1].SelfUniqueAddress, cluster[0].SelfUniqueAddress, garbage), null);
        daemon.Tell(new ClusterProtocol.GossipEnvelope(
            cluster[1].SelfUniqueAddress,
            cluster[0].SelfUniqueAddress,
            new GossipData([new MemberData(null!, MemberStatus.Up, [], 1)], [], [], [], [], [])),
            null);

        // Node 0 still admits a newcomer.
        var third = await nodes.StartAsync();
        third.JoinSeedNodes([cluster[0].SelfAddress]);
        Cluster[] all = [.. cluster, third];
        await ClusterNodes.AwaitMembersUpAsync(all, all);
    }
}
