using PaxosAkka.Node.ProcessTests.Support;
using Xunit.Abstractions;

namespace PaxosAkka.Node.ProcessTests;

/// <summary>Every node answers reads and writes, whichever node leads (non-leaders forward to the leader).</summary>
public sealed class ReadWriteTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Writes_through_every_node_are_read_back_through_every_node()
    {
        await using var cluster = await NodeCluster.StartAsync(5, output);
        var expected = new Dictionary<string, string>();
        foreach (int id in cluster.Ids)
        {
            var put = await cluster.PutAsync(id, $"key-{id}", $"value-{id}");
            Assert.True(put.Ok, $"PUT through node-{id}: {put}");
            expected[$"key-{id}"] = $"value-{id}";
        }

        // An overwrite through another node wins over the first value everywhere.
        var overwrite = await cluster.PutAsync(2, "key-1", "value-1-again");
        Assert.True(overwrite.Ok, $"overwrite through node-2: {overwrite}");
        expected["key-1"] = "value-1-again";

        foreach (int id in cluster.Ids)
        {
            await cluster.AssertReadsAsync(id, expected, Patience);
        }

        var missing = await cluster.GetAsync(3, "never-written");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.Status);
    }
}
