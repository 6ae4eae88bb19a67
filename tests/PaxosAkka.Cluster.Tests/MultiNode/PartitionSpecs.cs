using PaxosAkka.Remote.Transport;
using PaxosAkka.TestKit.MultiNode;
using Xunit.Abstractions;
using static PaxosAkka.Cluster.Tests.MultiNode.Specs;

namespace PaxosAkka.Cluster.Tests.MultiNode;

/// <summary>Network partitions made by the test conductor's blackholes on real TCP connections.</summary>
[Collection(MultiNodeCollection.Name)]
public class PartitionSpecs(ITestOutputHelper output)
{
    [Fact]
    public async Task Partition_2_3_keeps_the_majority_up_and_downs_the_minority_then_the_healed_nodes_rejoin()
    {
        await using var spec = Create(output);
        await spec.StartAllAsync(Five);
        await spec.JoinAsync([First, Second]);
        await spec.AwaitMembersUpAsync(5);
        RoleName[] minority = [First, Second]; // both seeds and the leader
        RoleName[] majority = [Third, Fourth, Fifth];
        var ports = minority.ToDictionary(r => r, r => spec.Node(r).Port);

        await spec.Conductor.PartitionAsync(minority, majority);

        // keep-majority: the minority downs itself and stops; the majority downs and removes the minority.
        foreach (var role in minority)
        {
            await spec.AwaitStoppedAsync(role);
        }

        await spec.AwaitMembersUpAsync(3, on: majority);
        await spec.AwaitAllReachableAsync(on: majority);
        await spec.AssertLeaderAsync(majority);

        // Heal, then restart the downed nodes: as new incarnations they are welcome again.
        await spec.Conductor.HealAsync(minority, majority);
        foreach (var role in minority)
        {
            var again = await spec.StartAsync(role, port: ports[role]);
            await again.JoinSeedNodesAsync([spec.Node(Third)]);
        }

        await spec.AwaitMembersUpAsync(5);
        await spec.AssertLeaderAsync(Five);
    }

    [Fact]
    public async Task Blackholed_node_becomes_unreachable_and_PassThrough_makes_it_reachable_again()
    {
        // No automatic downing, so the cut node stays a member and can come back.
        await using var spec = Create(output, new MultiNodeSpecOptions
        {
            Config = MultiNodeSpecOptions.FastClusterConfig + "\npaxos.cluster.split-brain-resolver.active-strategy = off",
        });
        RoleName[] three = [First, Second, Third];
        await spec.StartAllAsync(three);
        await spec.JoinAsync([First]);
        await spec.AwaitMembersUpAsync(3);
        var cut = spec.Node(Third);

        await spec.Conductor.BlackholeAsync(First, Third, FaultDirection.Both);
        await spec.Conductor.BlackholeAsync(Second, Third, FaultDirection.Both);
        await spec.AwaitViewsAsync([First, Second], v => v.Unreachable.Any(m => m.Address == cut), "third unreachable");
        await spec.AwaitViewsAsync([Third], v => v.Unreachable.Count == 2, "first and second unreachable");

        await spec.Conductor.PassThroughAsync(First, Third);
        await spec.Conductor.PassThroughAsync(Second, Third);
        await spec.AwaitAllReachableAsync();
        await spec.AwaitMembersUpAsync(3);
    }
}
