using PaxosAkka.Linearizability;
using PaxosAkka.Node.ProcessTests.Support;
using Xunit.Abstractions;

namespace PaxosAkka.Node.ProcessTests;

/// <summary>Concurrent clients through different nodes while the leader is SIGKILLed: the history must be linearizable.</summary>
public sealed class LinearizabilityTests(ITestOutputHelper output)
{
    private const int Clients = 4;
    private const int OpsPerClient = 30;
    private const int Seed = 20261122;
    private static readonly string[] Keys = ["x", "y", "z"];
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Concurrent_clients_through_different_nodes_during_a_leader_SIGKILL_see_a_linearizable_store()
    {
        await using var cluster = await NodeCluster.StartAsync(5, output);
        int leader = await cluster.WaitForLeaderAsync(Patience);
        var entries = cluster.Ids.Where(id => id != leader).ToList();
        var history = new HistoryRecorder<KvInput, KvOutput>();
        int completed = 0;
        var quarter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task Client(int client)
        {
            var random = new Random(Seed + client);
            int via = entries[client % entries.Count];
            for (int op = 0; op < OpsPerClient; op++)
            {
                string key = Keys[random.Next(Keys.Length)];
                if (random.Next(2) == 0)
                {
                    await cluster.RecordedPutAsync(history, client, via, key, $"c{client}-{op}");
                }
                else
                {
                    await cluster.RecordedGetAsync(history, client, via, key);
                }

                if (Interlocked.Increment(ref completed) == Clients * OpsPerClient / 4)
                {
                    quarter.TrySetResult();
                }
            }
        }

        var clients = Enumerable.Range(0, Clients).Select(c => Task.Run(() => Client(c))).ToList();
        await quarter.Task.WaitAsync(Patience);
        await cluster.KillAsync(leader);
        await Task.WhenAll(clients).WaitAsync(TimeSpan.FromMinutes(2));

        var ops = history.Snapshot();
        int known = ops.Count(o => o.OutcomeKnown);
        output.WriteLine($"{ops.Count} operations, {known} with a known outcome; leader node-{leader} killed after {Clients * OpsPerClient / 4}");
        Assert.True(known >= ops.Count / 2, $"only {known} of {ops.Count} operations got an answer: the cluster did not recover from the leader's death");
        var verdict = KeyValueModel.Check(ops);
        Assert.True(verdict.IsLinearizable, verdict.ToString());
    }
}
