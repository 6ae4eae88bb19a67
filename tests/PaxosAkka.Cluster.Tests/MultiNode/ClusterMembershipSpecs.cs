using PaxosAkka.TestKit.MultiNode;
using Xunit.Abstractions;
using static PaxosAkka.Cluster.ClusterEvent;
using static PaxosAkka.Cluster.Tests.MultiNode.Specs;

namespace PaxosAkka.Cluster.Tests.MultiNode;

/// <summary>Joining, leaving and membership events on real clusters over loopback TCP.</summary>
[Collection(MultiNodeCollection.Name)]
public class ClusterMembershipSpecs(ITestOutputHelper output)
{
    [Fact]
    public async Task First_seed_forms_the_cluster_when_no_other_seed_answers()
    {
        await using var spec = Create(output);
        var first = await spec.StartAsync(First);
        var silentSeed = new NodeAddress(NodeAddress.TcpProtocol, "paxos", "127.0.0.1", 1); // nothing listens there
        await first.JoinSeedNodesAsync([first.Address, silentSeed]);

        await spec.AwaitMembersUpAsync(1);
        await spec.AssertLeaderAsync(First);
    }

    [Fact]
    public async Task Five_nodes_join_via_two_seeds_and_all_become_up()
    {
        await using var spec = Create(output);
        await spec.StartAllAsync(Five);
        NodeAddress[] seeds = [spec.Node(First), spec.Node(Second)];

        // Akka style: the same body on every node, kept in step by barriers. The non-seeds ask first and must keep
        // asking until a seed answers.
        await spec.RunOnEachNodeAsync(async node =>
        {
            await spec.EnterBarrierAsync(node, "started");
            await MultiNodeSpec.RunOnAsync(node, [Third, Fourth, Fifth], () => node.JoinSeedNodesAsync(seeds));
            await spec.EnterBarrierAsync(node, "non-seeds-asked");
            await MultiNodeSpec.RunOnAsync(node, [First, Second], () => node.JoinSeedNodesAsync(seeds));
            await spec.EnterBarrierAsync(node, "seeds-joined");
        });

        await spec.AwaitMembersUpAsync(5);
        await spec.AwaitAllReachableAsync();
        await spec.AssertLeaderAsync(Five);
    }

    [Fact]
    public async Task Subscriber_gets_current_members_as_events_then_changes()
    {
        await using var spec = Create(output);
        var first = (InProcessNode)await spec.StartAsync(First);
        await first.JoinSeedNodesAsync([first.Address]);
        await spec.AwaitMembersUpAsync(1);

        var events = EventCollector.Subscribe(first, typeof(IMemberEvent));
        var self = await EventCollector.ExpectAsync<MemberUp>(events, _ => true);
        Assert.Equal(first.Cluster.SelfUniqueAddress, self.Member.UniqueAddress);

        var second = await spec.StartAsync(Second);
        await second.JoinSeedNodesAsync([first.Address]);
        await EventCollector.ExpectAsync<MemberJoined>(events, e => e.Member.Address == second.Address && e.Member.UniqueAddress.Uid == second.Uid);
        await EventCollector.ExpectAsync<MemberUp>(events, e => e.Member.Address == second.Address && e.Member.UniqueAddress.Uid == second.Uid);
    }

    [Fact]
    public async Task Graceful_leave_of_the_leader_ends_with_it_removed_and_its_node_stopped()
    {
        await using var spec = Create(output);
        RoleName[] three = [First, Second, Third];
        await spec.StartAllAsync(three);
        await spec.JoinAsync([First]);
        await spec.AwaitMembersUpAsync(3);

        // The leader leaves: it moves itself to Exiting, so the others must still learn of that and remove it.
        var leaving = three.MinBy(spec.Node)!;
        var stay = three.Where(r => r != leaving).ToArray();
        var events = EventCollector.Subscribe(spec.InProcess(stay[0]), typeof(IMemberEvent));
        var gone = spec.Handle(leaving);

        await spec.Conductor.ShutdownAsync(leaving);

        Assert.True(gone.HasStopped);
        await EventCollector.ExpectAsync<MemberLeft>(events, e => e.Member.Address == gone.Address);
        await EventCollector.ExpectAsync<MemberExited>(events, e => e.Member.Address == gone.Address);
        var removed = await EventCollector.ExpectAsync<MemberRemoved>(events, e => e.Member.Address == gone.Address);
        Assert.Equal(MemberStatus.Exiting, removed.PreviousStatus);
        await spec.AwaitMembersUpAsync(2, on: stay);
        await spec.AssertLeaderAsync(stay);
    }

    [Fact]
    public async Task Malformed_gossip_from_the_network_is_refused_and_the_node_keeps_working()
    {
        await using var spec = Create(output);
        await spec.StartAllAsync([First, Second]);
        await spec.JoinAsync([First]);
        await spec.AwaitMembersUpAsync(2);

        // The second node sends the first gossip with missing sections and a member without an address.
        var first = spec.InProcess(First).Cluster;
        var second = spec.InProcess(Second).Cluster;
        var daemon = second.DaemonOf(first.SelfAddress)!;
        daemon.Tell(new ClusterProtocol.GossipEnvelope(second.SelfUniqueAddress, first.SelfUniqueAddress, new GossipData(null!, [], [], [], [], [])), null);
        daemon.Tell(new ClusterProtocol.GossipEnvelope(
            second.SelfUniqueAddress,
            first.SelfUniqueAddress,
            new GossipData([new MemberData(null!, MemberStatus.Up, [], 1)], [], [], [], [], [])),
            null);

        // The first node still admits a newcomer.
        var third = await spec.StartAsync(Third);
        await third.JoinSeedNodesAsync([spec.Node(First)]);
        await spec.AwaitMembersUpAsync(3);
    }
}
