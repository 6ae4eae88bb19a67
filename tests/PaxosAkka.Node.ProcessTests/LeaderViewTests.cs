using PaxosAkka.Node.Launcher;
using PaxosAkka.Node.ProcessTests.Support;
using Xunit.Abstractions;

namespace PaxosAkka.Node.ProcessTests;

/// <summary>GET /paxos "leader" is what operators and the launcher read: every live node must name the real leader.</summary>
public sealed class LeaderViewTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task After_the_leader_is_SIGKILLed_every_live_node_names_the_new_leader_in_paxos_status()
    {
        await using var cluster = await NodeCluster.StartAsync(5, output);
        int leader = await cluster.WaitForLeaderAsync(Patience);
        await cluster.KillAsync(leader);
        var survivors = cluster.Ids.Where(id => id != leader).ToList();
        int next = await cluster.WaitForLeaderAsync(Patience, survivors, not: leader);
        await Eventually.True(
            async () =>
            {
                var views = await Task.WhenAll(survivors.Select(id => LeaderProbe.LeaderSeenBy(cluster.Http, cluster.Node(id), CancellationToken.None)));
                return views.All(v => v == next);
            },
            Patience,
            $"every survivor's /paxos to name node-{next}");
    }
}
