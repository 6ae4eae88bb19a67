using System.Text.Json;
using PaxosAkka.Node.ProcessTests.Support;
using Xunit.Abstractions;

namespace PaxosAkka.Node.ProcessTests;

/// <summary>
/// Linearizable reads by read index on real node processes: answered through every node without taking a log slot
/// (the leader confirms its ballot with a quorum instead), and never older than a write acknowledged before them.
/// </summary>
public sealed class ReadIndexTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Reads_through_every_node_see_the_latest_acknowledged_write_without_taking_a_log_slot()
    {
        await using var cluster = await NodeCluster.StartAsync(3, output);
        await cluster.WaitForLeaderAsync(Patience);
        int[] ids = [.. cluster.Ids];

        // Read-your-writes across nodes: a write acknowledged by one node is seen by a read started afterwards at
        // any other, whose store may not have applied it yet (the read waits for the leader's read index).
        for (int i = 0; i < 12; i++)
        {
            int writer = ids[i % ids.Length];
            int reader = ids[(i + 1) % ids.Length];
            var put = await cluster.PutAsync(writer, "ri-key", $"v{i}");
            Assert.True(put.Ok, $"PUT {i} through node-{writer}: {put}");
            var get = await cluster.GetAsync(reader, "ri-key");
            Assert.True(get.Ok, $"GET {i} through node-{reader}: {get}");
            Assert.Equal($"v{i}", get.Body);
        }

        var settled = await Eventually.Value(async () => await SameAppliedSlotAsync(cluster, ids), Patience, "every store at the same slot");
        foreach (int id in ids)
        {
            for (int n = 0; n < 10; n++)
            {
                var get = await cluster.GetAsync(id, "ri-key");
                Assert.True(get.Ok && get.Body == "v11", $"GET through node-{id}: {get}");
            }
        }

        // Thirty reads later no store applied anything new: not one read went through the log.
        foreach (int id in ids)
        {
            Assert.Equal(settled, await AppliedSlotAsync(cluster, id));
        }
    }

    private static async Task<long?> SameAppliedSlotAsync(NodeCluster cluster, IEnumerable<int> ids)
    {
        var slots = new List<long>();
        foreach (int id in ids)
        {
            slots.Add(await AppliedSlotAsync(cluster, id));
        }

        return slots.Distinct().Count() == 1 ? slots[0] : null;
    }

    private static async Task<long> AppliedSlotAsync(NodeCluster cluster, int id)
    {
        using var response = await cluster.Http.GetAsync(new Uri(cluster.Node(id).HttpUrl, "paxos"));
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("lastAppliedSlot").GetInt64();
    }
}
