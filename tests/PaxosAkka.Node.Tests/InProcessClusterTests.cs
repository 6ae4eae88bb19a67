using System.Text;
using PaxosAkka.Consensus;
using PaxosAkka.Linearizability;
using PaxosAkka.Node.Client;
using PaxosAkka.Node.Store;
using Xunit.Abstractions;

namespace PaxosAkka.Node.Tests;

/// <summary>
/// Three real nodes in this process over loopback TCP remoting and SQLite files: the whole node, end to end,
/// without HTTP.
/// </summary>
public sealed class InProcessClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ElectionTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Cluster_elects_the_highest_node_orders_writes_from_every_node_and_survives_losing_the_leader()
    {
        await using var cluster = await InProcessCluster.StartAsync(3, output);
        int leader = await cluster.AwaitLeaderAsync(ElectionTimeout);
        Assert.Equal(3, leader);

        // Writes through every node; those through followers are forwarded to the leader.
        for (int i = 0; i < 6; i++)
        {
            var node = cluster.Nodes[(i % 3) + 1];
            var result = await node.Service.ExecuteAsync(new KvPutCommand($"k{i}", Encoding.UTF8.GetBytes($"v{i}")), null, CancellationToken.None);
            Assert.IsType<KvWritten>(result);
        }

        Assert.False(cluster.Nodes[1].Board.Proposer!.IsLeader);
        var read = await cluster.Nodes[1].Service.ExecuteAsync(new KvReadCommand("k5"), null, CancellationToken.None);
        Assert.Equal("v5", Encoding.UTF8.GetString(Assert.IsType<KvValue>(read).Value));

        // A concurrent history that spans the loss of the leader.
        var history = new HistoryRecorder<KvInput, KvOutput>();
        var clients = new[] { 1, 2 }.Select(id => RunClientAsync(cluster, id, history, operations: 30, stopLeaderAfter: id == 1 ? 10 : -1)).ToArray();
        await Task.WhenAll(clients);

        int newLeader = await cluster.AwaitLeaderAsync(ElectionTimeout);
        Assert.Equal(2, newLeader);
        var after = await cluster.Nodes[1].Service.ExecuteAsync(new KvPutCommand("after", [1]), null, CancellationToken.None);
        Assert.IsType<KvWritten>(after);

        var check = KeyValueModel.Check(history.Snapshot());
        Assert.True(check.IsLinearizable, check.Explanation);
        AssertSameOrder(cluster);
    }

    [Fact]
    public async Task Restarted_node_recovers_its_acceptor_from_disk_and_its_store_catches_up()
    {
        await using var cluster = await InProcessCluster.StartAsync(3, output);
        await cluster.AwaitLeaderAsync(ElectionTimeout);
        for (int i = 0; i < 5; i++)
        {
            Assert.IsType<KvWritten>(await cluster.Nodes[3].Service.ExecuteAsync(new KvPutCommand("key", [(byte)i]), null, CancellationToken.None));
        }

        await cluster.StopNodeAsync(1);
        Assert.IsType<KvWritten>(await cluster.Nodes[2].Service.ExecuteAsync(new KvPutCommand("key", [42]), "while-node-1-down", CancellationToken.None));
        await cluster.StartNodeAsync(1);
        await InProcessCluster.AwaitAsync(() => cluster.Nodes[1].Board.Acceptor is not null, ElectionTimeout, "acceptor start");
        Assert.True(cluster.Nodes[1].Board.Acceptor!.HighestAcceptedSlot >= 4, "the acceptor reloaded its votes from disk");

        var read = await cluster.Nodes[1].Service.ExecuteAsync(new KvReadCommand("key"), null, CancellationToken.None);
        Assert.Equal([42], Assert.IsType<KvValue>(read).Value);

        // The same Idempotency-Key again through another node is answered, not applied twice.
        long revision = cluster.Nodes[1].Board.Store!.Revision;
        var retried = await cluster.Nodes[1].Service.ExecuteAsync(new KvPutCommand("key", [42]), "while-node-1-down", CancellationToken.None);
        Assert.IsType<KvWritten>(retried);
        Assert.Equal(revision, cluster.Nodes[1].Board.Store!.Revision);
        AssertSameOrder(cluster);
    }

    [Fact]
    public async Task Without_a_quorum_a_write_reports_an_unknown_outcome_and_never_a_false_success()
    {
        await using var cluster = await InProcessCluster.StartAsync(3, output, requestTimeout: TimeSpan.FromSeconds(2));
        await cluster.AwaitLeaderAsync(ElectionTimeout);
        await cluster.StopNodeAsync(3);
        await cluster.StopNodeAsync(2);

        // One of three acceptors cannot form a majority (the quorum stays 2 of the configured 3): no success.
        await Assert.ThrowsAsync<OutcomeUnknownException>(
            () => cluster.Nodes[1].Service.ExecuteAsync(new KvPutCommand("x", [1]), null, CancellationToken.None));
        Assert.DoesNotContain(cluster.Applied[1], e => e.Value.Commands.Any(c => KvCommandCodec.Decode(c.Payload).Key == "x"));
    }

    private static async Task RunClientAsync(InProcessCluster cluster, int nodeId, HistoryRecorder<KvInput, KvOutput> history, int operations, int stopLeaderAfter)
    {
        var random = new Random(nodeId);
        for (int i = 0; i < operations; i++)
        {
            if (i == stopLeaderAfter)
            {
                await cluster.StopNodeAsync(3);
            }

            string key = "r" + random.Next(2);
            string value = $"c{nodeId}-{i}";
            KvInput input = random.Next(3) switch
            {
                0 => new KvGet(key),
                1 => new KvPut(key, value),
                _ => new KvCas(key, random.Next(2) == 0 ? null : $"c{3 - nodeId}-{i - 1}", value),
            };
            int handle = history.Invoke(nodeId, input);
            try
            {
                var result = await cluster.Nodes[nodeId].Service.ExecuteAsync(ToCommand(input), null, CancellationToken.None);
                history.Complete(handle, ToOutput(input, result));
            }
            catch (OutcomeUnknownException)
            {
                history.CompleteUnknown(handle);
            }
        }
    }

    private static KvCommand ToCommand(KvInput input) => input switch
    {
        KvGet get => new KvReadCommand(get.Key),
        KvPut put => new KvPutCommand(put.Key, Encoding.UTF8.GetBytes(put.Value)),
        KvCas cas => new KvCasCommand(cas.Key, cas.Expected is null ? null : Encoding.UTF8.GetBytes(cas.Expected), Encoding.UTF8.GetBytes(cas.Value)),
        _ => throw new ArgumentOutOfRangeException(nameof(input)),
    };

    private static KvOutput ToOutput(KvInput input, KvResult result) => (input, result) switch
    {
        (KvGet, KvValue v) => KvOutput.Read(Encoding.UTF8.GetString(v.Value)),
        (KvGet, KvNotFound) => KvOutput.Read(null),
        (KvPut, KvWritten) => KvOutput.Ok,
        (KvCas, KvWritten) => KvOutput.Ok,
        (KvCas, KvConflict c) => new KvOutput(false, c.Current is null ? null : Encoding.UTF8.GetString(c.Current)),
        _ => throw new InvalidOperationException($"unexpected answer {result} to {input}"),
    };

    /// <summary>Agreement: every store applied the same value in every slot it applied (Paxos Made Simple §2.1).</summary>
    private static void AssertSameOrder(InProcessCluster cluster)
    {
        var logs = cluster.Applied.ToDictionary(p => p.Key, p => p.Value.GroupBy(e => e.Slot).ToDictionary(g => g.Key, g => g.First().Value));
        foreach (var (node, log) in logs)
        {
            foreach (var (other, otherLog) in logs.Where(p => p.Key > node))
            {
                foreach (var slot in log.Keys.Intersect(otherLog.Keys))
                {
                    Assert.True(log[slot].Equals(otherLog[slot]), $"slot {slot}: node {node} applied {log[slot]}, node {other} applied {otherLog[slot]}");
                }
            }
        }

        // Each store applied slots 0, 1, 2, ... without gaps, per incarnation (a restarted store replays from 0).
        foreach (var (node, applied) in cluster.Applied)
        {
            long expected = 0;
            foreach (var entry in applied)
            {
                if (entry.Slot == 0)
                {
                    expected = 0;
                }

                Assert.Equal(expected, entry.Slot);
                expected++;
            }
        }
    }
}
