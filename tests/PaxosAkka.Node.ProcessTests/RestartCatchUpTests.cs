using System.Diagnostics;
using PaxosAkka.Node.ProcessTests.Support;
using Xunit.Abstractions;

namespace PaxosAkka.Node.ProcessTests;

/// <summary>
/// Issue 6, restart stall: the highest-id node, SIGKILLed and restarted after the cluster wrote a log far larger
/// than a remoting frame (4 MiB), must not stall the cluster's writes while it catches up. Before the fix it won
/// the Bully election at once and ran phase 1 from slot 0; the acceptors' Promises (the whole log) exceeded the
/// frame, never arrived, and every write waited for its learner to catch up.
/// </summary>
public sealed class RestartCatchUpTests(ITestOutputHelper output)
{
    private const int Nodes = 5;
    private const int LargeWrites = 40;
    private const int LargeValueBytes = 256 * 1024;
    private const int SmallWrites = 400;
    private const int MaxWritesDuringCatchUp = 150;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CatchUpDeadline = TimeSpan.FromSeconds(90);

    /// <summary>A value of <paramref name="bytes"/> characters derived from the key, so a mixed-up value is detected.</summary>
    private static string LargeValue(int index, int bytes)
    {
        string seed = $"large-{index}-";
        return string.Concat(Enumerable.Repeat(seed, (bytes / seed.Length) + 1))[..bytes];
    }

    [Fact]
    public async Task Restarted_highest_node_catching_up_on_a_log_larger_than_a_frame_does_not_stall_writes_or_lose_any()
    {
        await using var cluster = await NodeCluster.StartAsync(Nodes, output);
        await cluster.WaitForLeaderAsync(Patience);
        var acknowledged = new Dictionary<string, string>();

        await cluster.KillAsync(Nodes);
        var survivors = cluster.Ids.Where(id => id != Nodes).ToList();
        int leader = await cluster.WaitForLeaderAsync(Patience, survivors, not: Nodes);
        output.WriteLine($"node-{Nodes} killed; node-{leader} leads");

        // 40 x 256 KiB = 10 MiB of values, 2.5 frames, plus enough small writes that the restarted node trails by
        // more slots than a candidate may (paxos.node.election max-candidate-lag default 256).
        for (int i = 0; i < LargeWrites; i++)
        {
            string value = LargeValue(i, LargeValueBytes);
            await PutUntilOkAsync(cluster, survivors, $"large-{i}", value);
            acknowledged[$"large-{i}"] = value;
        }

        for (int i = 0; i < SmallWrites; i++)
        {
            await cluster.PutUntilOkAsync(survivors, $"small-{i}", $"v{i}", Patience);
            acknowledged[$"small-{i}"] = $"v{i}";
        }

        await cluster.RestartAsync(Nodes);

        // While node 5 catches up, every write through the others must succeed within five tries of the node's request
        // timeout (2 s in the test configuration; a stalled leader answers 503 there), retried with the same key so it
        // applies once. The stall this guards against (a Promise larger than a frame, dropped again at every try) lasts
        // until the test's deadline. A few 503s are not that stall: on a loaded 2-core CI machine writes paused for
        // about 6 s while the restarted node pulled 10 MiB of catch-up (three tries were not enough once).
        var clock = Stopwatch.StartNew();
        int written = 0;
        while (clock.Elapsed < CatchUpDeadline && written < MaxWritesDuringCatchUp)
        {
            int via = survivors[written % survivors.Count];
            string key = $"during-{written}";
            var put = await cluster.PutAsync(via, key, $"d{written}", idempotencyKey: key);
            for (int retry = 1; retry < 5 && !put.Ok; retry++)
            {
                output.WriteLine($"PUT {key} through node-{via} retried after {put}");
                put = await cluster.PutAsync(via, key, $"d{written}", idempotencyKey: key);
            }

            Assert.True(put.Ok, $"PUT {key} through node-{via} {clock.Elapsed.TotalSeconds:F1} s after node-{Nodes} restarted: {put}");
            acknowledged[key] = $"d{written}";
            written++;
            if (written % 10 == 0 && await ServesAsync(cluster, Nodes, "small-" + (SmallWrites - 1), $"v{SmallWrites - 1}"))
            {
                break;
            }
        }

        output.WriteLine($"{written} writes succeeded while node-{Nodes} caught up ({clock.Elapsed.TotalSeconds:F1} s)");

        // It eventually serves every acknowledged write, and none was lost anywhere.
        await cluster.AssertReadsAsync(Nodes, acknowledged, CatchUpDeadline);
        await cluster.AssertReadsAsync(survivors[0], acknowledged, Patience);
        await cluster.WaitForLeaderAsync(Patience);
    }

    /// <summary>
    /// Like <see cref="NodeCluster.PutUntilOkAsync"/>, but with an Idempotency-Key made of the key alone: that helper
    /// puts the value in the header, and a 256 KiB header is refused (431).
    /// </summary>
    private static async Task PutUntilOkAsync(NodeCluster cluster, List<int> via, string key, string value)
    {
        int attempt = 0;
        HttpOutcome? last = null;
        try
        {
            await Eventually.True(
                async () => (last = await cluster.PutAsync(via[attempt++ % via.Count], key, value, idempotencyKey: key)).Ok,
                Patience,
                $"PUT {key} to succeed through nodes {string.Join(",", via)}");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} (last answer: {last})", e);
        }
    }

    private static async Task<bool> ServesAsync(NodeCluster cluster, int id, string key, string value)
    {
        var get = await cluster.GetAsync(id, key);
        return get.Ok && get.Body == value;
    }
}
