using System.Text;
using PaxosAkka.Node.Client;
using PaxosAkka.Node.Store;
using Xunit.Abstractions;

namespace PaxosAkka.Node.Tests;

/// <summary>
/// Issue 12 end to end on three real nodes (no HTTP): a reused Idempotency-Key is refused before it reaches the log,
/// the same across a leader change and a node restart; two different requests with one key in flight at once on one
/// node each get their own answer (the apply-time check decides, nobody gets the other's result).
/// </summary>
public sealed class IdempotencyClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public async Task A_reused_key_is_refused_before_the_log_and_across_a_leader_change_and_a_node_restart()
    {
        await using var cluster = await InProcessCluster.StartAsync(3, output);
        int leader = await cluster.AwaitLeaderAsync(Patience);
        var putA = new KvPutCommand("a", B("v-a"));
        var written = Assert.IsType<KvWritten>(await ExecuteAsync(cluster, 1, putA, "K1"));
        await AwaitAppliedEverywhereAsync(cluster, written.Revision);

        foreach (int via in cluster.Nodes.Keys)
        {
            Assert.IsType<KvIdempotencyConflict>(await ExecuteAsync(cluster, via, new KvPutCommand("b", B("v-b")), "K1"));
            Assert.IsType<KvIdempotencyConflict>(await ExecuteAsync(cluster, via, new KvDeleteCommand("a"), "K1"));
            Assert.IsType<KvIdempotencyConflict>(await ExecuteAsync(cluster, via, new KvCasCommand("b", null, B("x")), "K1"));
            Assert.Equal(written, await ExecuteAsync(cluster, via, putA, "K1"));
        }

        // Refused by the node's pre-check: none of the conflicting requests took a log slot anywhere (only the first
        // request has K1 there, perhaps twice: a client's re-submit may be chosen again, and is answered from memory).
        var later = Assert.IsType<KvWritten>(await ExecuteAsync(cluster, 1, new KvPutCommand("later", B("x")), null));
        await AwaitAppliedEverywhereAsync(cluster, later.Revision);
        foreach (var applied in cluster.Applied.Values)
        {
            var keyed = applied.SelectMany(e => e.Value.Commands).Where(c => IdempotencyKeys.KeyOf(c.Id) == "K1").ToList();
            Assert.NotEmpty(keyed);
            Assert.All(keyed, c => Assert.Equal(RequestFingerprint.Of(putA), RequestFingerprint.Of(KvCommandCodec.Decode(c.Payload))));
        }

        // Leader change: the new leader's log decides the same.
        await cluster.StopNodeAsync(leader);
        await cluster.AwaitLeaderAsync(Patience);
        int survivor = cluster.Nodes.Keys.First();
        Assert.IsType<KvIdempotencyConflict>(await ExecuteAsync(cluster, survivor, new KvPutCommand("b", B("v-b")), "K1"));
        Assert.Equal(written, await ExecuteAsync(cluster, survivor, putA, "K1"));

        // Restart: the old leader's store rebuilds the table from the log and decides the same.
        await cluster.StartNodeAsync(leader);
        await AwaitAppliedEverywhereAsync(cluster, later.Revision);
        Assert.IsType<KvIdempotencyConflict>(await ExecuteAsync(cluster, leader, new KvDeleteCommand("a"), "K1"));
        Assert.Equal(written, await ExecuteAsync(cluster, leader, putA, "K1"));
        Assert.Equal([B("v-a")], [Assert.IsType<KvValue>(await ExecuteAsync(cluster, leader, new KvReadCommand("a"), null)).Value]);
        Assert.IsType<KvNotFound>(await ExecuteAsync(cluster, leader, new KvReadCommand("b"), null));
    }

    [Fact]
    public async Task Two_different_requests_with_one_key_in_flight_at_once_on_one_node_each_get_their_own_answer()
    {
        await using var cluster = await InProcessCluster.StartAsync(3, output);
        await cluster.AwaitLeaderAsync(Patience);
        for (int round = 0; round < 5; round++)
        {
            string key = $"K-{round}";
            var results = await Task.WhenAll(
                ExecuteAsync(cluster, 1, new KvPutCommand($"x{round}", B("1")), key),
                ExecuteAsync(cluster, 1, new KvPutCommand($"y{round}", B("2")), key));

            // Exactly one was applied; the other is refused, never answered with the first one's revision.
            int winner = results[0] is KvWritten ? 0 : 1;
            Assert.IsType<KvWritten>(results[winner]);
            Assert.IsType<KvIdempotencyConflict>(results[1 - winner]);
            string applied = winner == 0 ? $"x{round}" : $"y{round}";
            string refused = winner == 0 ? $"y{round}" : $"x{round}";
            Assert.IsType<KvValue>(await ExecuteAsync(cluster, 1, new KvReadCommand(applied), null));
            Assert.IsType<KvNotFound>(await ExecuteAsync(cluster, 1, new KvReadCommand(refused), null));
        }
    }

    /// <summary>Runs a command through node <paramref name="via"/>, retrying an unknown outcome with the same key.</summary>
    private static async Task<KvResult> ExecuteAsync(InProcessCluster cluster, int via, KvCommand command, string? idempotencyKey)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (true)
        {
            try
            {
                return await cluster.Nodes[via].Service.ExecuteAsync(command, idempotencyKey, deadline.Token);
            }
            catch (OutcomeUnknownException) when (!deadline.IsCancellationRequested && idempotencyKey is not null)
            {
                // Retried with the same key, so it is applied at most once.
            }
        }
    }

    private static Task AwaitAppliedEverywhereAsync(InProcessCluster cluster, long revision) =>
        InProcessCluster.AwaitAsync(() => cluster.Nodes.Values.All(n => n.Board.Store?.Revision >= revision), Patience, $"every store at revision {revision}");
}
