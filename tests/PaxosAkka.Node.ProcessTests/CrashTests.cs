using System.Net;
using PaxosAkka.Linearizability;
using PaxosAkka.Node.ProcessTests.Support;
using Xunit.Abstractions;

namespace PaxosAkka.Node.ProcessTests;

/// <summary>SIGKILLed nodes: leadership moves, acknowledged writes survive, quorums stay fixed at 3 of 5.</summary>
public sealed class CrashTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Leader_SIGKILL_elects_a_new_leader_that_keeps_every_acknowledged_write_and_the_restarted_node_catches_up()
    {
        await using var cluster = await NodeCluster.StartAsync(5, output);
        int oldLeader = await cluster.WaitForLeaderAsync(Patience);
        var acknowledged = new Dictionary<string, string>();
        for (int i = 0; i < 10; i++)
        {
            int via = cluster.Ids.ElementAt(i % 5);
            var put = await cluster.PutAsync(via, $"k{i}", $"before-{i}");
            Assert.True(put.Ok, $"PUT k{i} through node-{via}: {put}");
            acknowledged[$"k{i}"] = $"before-{i}";
        }

        await cluster.KillAsync(oldLeader);
        var survivors = cluster.Ids.Where(id => id != oldLeader).ToList();
        int newLeader = await cluster.WaitForLeaderAsync(Patience, survivors, not: oldLeader);
        output.WriteLine($"leader node-{oldLeader} killed; node-{newLeader} took over");

        for (int i = 10; i < 15; i++)
        {
            await cluster.PutUntilOkAsync(survivors, $"k{i}", $"after-{i}", Patience);
            acknowledged[$"k{i}"] = $"after-{i}";
        }

        foreach (int id in survivors)
        {
            await cluster.AssertReadsAsync(id, acknowledged, Patience);
        }

        // The killed node comes back over its own data; its learner catches up on what it missed.
        await cluster.RestartAsync(oldLeader);
        await cluster.AssertReadsAsync(oldLeader, acknowledged, Patience);
    }

    [Fact]
    public async Task Two_of_five_acceptors_down_writes_go_on_three_down_no_write_falsely_succeeds_and_the_history_stays_linearizable()
    {
        await using var cluster = await NodeCluster.StartAsync(5, output);
        int leader = await cluster.WaitForLeaderAsync(Patience);
        var victims = cluster.Ids.Where(id => id != leader).Take(3).ToList();
        var alive = cluster.Ids.ToList();
        var history = new HistoryRecorder<KvInput, KvOutput>();
        var acknowledged = new Dictionary<string, string>();

        await cluster.KillAsync(victims[0]);
        await cluster.KillAsync(victims[1]);
        alive.Remove(victims[0]);
        alive.Remove(victims[1]);
        for (int i = 0; i < 6; i++)
        {
            await cluster.PutUntilOkAsync(alive, $"q{i}", $"with-three-{i}", Patience);
            acknowledged[$"q{i}"] = $"with-three-{i}";
            history.Complete(history.Invoke(0, new KvPut($"q{i}", $"with-three-{i}")), KvOutput.Ok);
        }

        // Two acceptors left of five: no majority of the fixed group, so nothing may be chosen.
        await cluster.KillAsync(victims[2]);
        alive.Remove(victims[2]);
        for (int i = 0; i < 4; i++)
        {
            int via = alive[i % alive.Count];
            var put = await cluster.RecordedPutAsync(history, 1, via, $"q{i}", $"with-two-{i}");
            Assert.False(put.Ok, $"PUT q{i} through node-{via} succeeded with only 2 of 5 acceptors alive: {put}");
            Assert.True(put.Unknown, $"PUT q{i} through node-{via} must answer 503 (outcome unknown) or time out: {put}");
        }

        foreach (int id in victims)
        {
            await cluster.RestartAsync(id);
        }

        await cluster.WaitForLeaderAsync(Patience);
        foreach (int id in cluster.Ids)
        {
            for (int i = 0; i < 6; i++)
            {
                string key = $"q{i}";
                HttpOutcome? get = null;
                await Eventually.True(
                    async () => !(get = await cluster.RecordedGetAsync(history, 2 + id, id, key)).Unknown,
                    Patience,
                    $"GET {key} through node-{id} to answer");
                Assert.False(get!.Status == HttpStatusCode.NotFound, $"node-{id} lost acknowledged {key}: {get}");
            }
        }

        var verdict = KeyValueModel.Check(history.Snapshot());
        Assert.True(verdict.IsLinearizable, verdict.ToString());
    }

    [Fact]
    public async Task Whole_cluster_SIGKILL_and_restart_recovers_every_acknowledged_write_from_disk()
    {
        await using var cluster = await NodeCluster.StartAsync(5, output);
        var acknowledged = new Dictionary<string, string>();
        for (int i = 0; i < 10; i++)
        {
            int via = 1 + (i % 5);
            var put = await cluster.PutAsync(via, $"d{i}", $"durable-{i}");
            Assert.True(put.Ok, $"PUT d{i} through node-{via}: {put}");
            acknowledged[$"d{i}"] = $"durable-{i}";
        }

        foreach (int id in cluster.Ids)
        {
            await cluster.KillAsync(id);
        }

        foreach (int id in cluster.Ids)
        {
            await cluster.RestartAsync(id);
        }

        await cluster.WaitForLeaderAsync(Patience);
        foreach (int id in cluster.Ids)
        {
            await cluster.AssertReadsAsync(id, acknowledged, Patience);
        }
    }
}
