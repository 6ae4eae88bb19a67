using PaxosAkka.Remote.Transport;
using static PaxosAkka.Cluster.ClusterEvent;

namespace PaxosAkka.Cluster.Tests.MultiNode;

/// <summary>Clusters on the in-memory network, which can be cut between any two nodes.</summary>
[Collection(ClusterNodes.Collection)]
public class ClusterPartitionSpecs
{
    [Fact]
    public async Task Partition_2_3_keeps_the_majority_up_and_downs_the_minority()
    {
        await using var nodes = new ClusterNodes(new InMemoryNetwork(seed: 7));
        var cluster = await nodes.StartManyAsync(5);
        foreach (var node in cluster)
        {
            node.JoinSeedNodes([cluster[0].SelfAddress, cluster[1].SelfAddress]);
        }

        await ClusterNodes.AwaitMembersUpAsync(cluster, cluster);
        var minority = cluster[..2];
        var majority = cluster[2..];
        var (collector, events) = EventCollector.Start(majority[0].System, "events");
        majority[0].Subscribe(collector, SubscriptionInitialStateMode.InitialStateAsEvents, typeof(IReachabilityEvent), typeof(IMemberEvent));

        nodes.Partition(minority, majority);

        await EventCollector.ExpectAsync<UnreachableMember>(events, e => e.Member.UniqueAddress == minority[0].SelfUniqueAddress);
        foreach (var node in minority)
        {
            await node.WhenShutdown.WaitAsync(ClusterNodes.Patience);
        }

        await ClusterNodes.AwaitMembersUpAsync(majority, majority);
        await ClusterNodes.AwaitAsync(
            () => majority.All(n => n.State.Unreachable.IsEmpty),
            "the majority to have removed the minority");

        // Heal, then restart the downed nodes: as new incarnations they are welcome again.
        nodes.Heal(minority, majority);
        var restarted = new List<Cluster>();
        foreach (var node in minority)
        {
            await node.System.WhenTerminated.WaitAsync(ClusterNodes.Patience);
            await PaxosAkka.Remote.Remoting.Get(node.System).WhenStopped;
            var again = await nodes.StartAsync(node.SelfAddress.Port);
            again.JoinSeedNodes([majority[0].SelfAddress]);
            restarted.Add(again);
        }

        Cluster[] all = [.. majority, .. restarted];
        await ClusterNodes.AwaitMembersUpAsync(all, all);
    }
}
