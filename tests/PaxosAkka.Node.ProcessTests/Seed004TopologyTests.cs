using System.Net;
using System.Text.Json;
using PaxosAkka.Node.Configuration;
using PaxosAkka.Node.Launcher;
using Xunit.Abstractions;

namespace PaxosAkka.Node.ProcessTests;

/// <summary>
/// Reference system 004 as fifteen processes: proposers, acceptors, learners and stores on separate nodes. Every
/// node serves clients: a write through a proposer-only node is read back (linearizably, through the log) from a
/// store node, and the other way round. Timeouts are generous: fifteen processes share a 2-core machine.
/// </summary>
public sealed class Seed004TopologyTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(150);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Seed004_topology_starts_fifteen_processes_and_serves_writes_and_reads_through_proposer_and_store_nodes()
    {
        await using var cluster = await Seed004Cluster.StartAsync(output, Ready);
        var roles = LocalTopology.Seed004;
        int proposerOnly = roles.NodesWith(NodeRoles.Proposer).First();
        int store = roles.NodesWith(NodeRoles.Store).First();
        int otherStore = roles.NodesWith(NodeRoles.Store).Last();
        int acceptorOnly = roles.NodesWith(NodeRoles.Acceptor).First();
        int otherProposer = roles.NodesWith(NodeRoles.Proposer).ElementAt(2);

        // Each node runs only its roles: /paxos of a proposer node shows no store, of a store node no proposer.
        Assert.Equal(["election", "proposer"], await RolesOf(cluster, proposerOnly));
        Assert.Equal(["election", "store"], await RolesOf(cluster, store));
        Assert.Equal(["acceptor", "election"], await RolesOf(cluster, acceptorOnly));

        await cluster.PutUntilOkAsync(proposerOnly, "seed004-a", "written-via-proposer", Patience);
        var read = await cluster.GetAsync(store, "seed004-a");
        Assert.True(read.Status == HttpStatusCode.OK, $"GET through store node-{store}: {read}");
        Assert.Equal("written-via-proposer", read.Body);

        await cluster.PutUntilOkAsync(otherStore, "seed004-a", "overwritten-via-store", Patience);
        foreach (int via in new[] { otherProposer, acceptorOnly, store })
        {
            var again = await cluster.GetAsync(via, "seed004-a");
            Assert.True(again.Status == HttpStatusCode.OK && again.Body == "overwritten-via-store", $"GET through node-{via} after the overwrite: {again}");
        }

        var missing = await cluster.GetAsync(store, "seed004-never-written");
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
    }

    private static async Task<string[]> RolesOf(Seed004Cluster cluster, int id)
    {
        using var doc = JsonDocument.Parse(await cluster.Http.GetStringAsync(new Uri(cluster.Node(id).HttpUrl, "paxos")));
        return [.. doc.RootElement.GetProperty("roles").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
    }
}
