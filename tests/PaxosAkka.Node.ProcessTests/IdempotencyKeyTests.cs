using System.Net;
using System.Text.Json;
using PaxosAkka.Node.ProcessTests.Support;
using Xunit.Abstractions;

namespace PaxosAkka.Node.ProcessTests;

/// <summary>
/// Issue 12 on real node processes: an Idempotency-Key reused for another request is answered 422 and never applied,
/// the same request keeps its first answer, and both hold after the whole cluster was SIGKILLed and restarted over its
/// data (the stores rebuild the Idempotency-Key table from the acceptors' log).
/// </summary>
public sealed class IdempotencyKeyTests(ITestOutputHelper output)
{
    private const int Nodes = 3;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_reused_idempotency_key_is_refused_and_its_first_answer_kept_across_a_cluster_restart()
    {
        await using var cluster = await NodeCluster.StartAsync(Nodes, output);
        await cluster.WaitForLeaderAsync(Patience);

        var first = await AnsweredAsync(() => cluster.PutAsync(1, "a", "v-a", "K1"), "PUT a with K1");
        Assert.Equal(HttpStatusCode.OK, first.Status);
        long revision = JsonDocument.Parse(first.Body).RootElement.GetProperty("revision").GetInt64();

        await AssertKeyKeptAsync(cluster, first);

        foreach (int id in cluster.Ids)
        {
            await cluster.KillAsync(id);
        }

        foreach (int id in cluster.Ids)
        {
            await cluster.RestartAsync(id);
        }

        await cluster.WaitForLeaderAsync(Patience);
        output.WriteLine($"cluster restarted; K1 still names PUT a (revision {revision})");
        await AssertKeyKeptAsync(cluster, first);

        // A key never used before is a new request, after the restart as before it.
        var fresh = await AnsweredAsync(() => cluster.PutAsync(2, "b", "v-b", "K2"), "PUT b with K2");
        Assert.Equal(HttpStatusCode.OK, fresh.Status);
        Assert.True(JsonDocument.Parse(fresh.Body).RootElement.GetProperty("revision").GetInt64() > revision);
        Assert.Equal("v-b", (await AnsweredAsync(() => cluster.GetAsync(3, "b"), "GET b")).Body);
    }

    /// <summary>On every node: the first request again gets <paramref name="first"/>; PUT b, DELETE a and CAS b with K1 get 422 and change nothing.</summary>
    private static async Task AssertKeyKeptAsync(NodeCluster cluster, HttpOutcome first)
    {
        foreach (int id in cluster.Ids)
        {
            Assert.Equal(first, await AnsweredAsync(() => cluster.PutAsync(id, "a", "v-a", "K1"), $"PUT a with K1 via node-{id}"));
            AssertReused(await AnsweredAsync(() => cluster.PutAsync(id, "b", "v-b", "K1"), $"PUT b with K1 via node-{id}"), "PUT b");
            AssertReused(await AnsweredAsync(() => cluster.DeleteAsync(id, "a", "K1"), $"DELETE a with K1 via node-{id}"), "DELETE a");
            AssertReused(await AnsweredAsync(() => cluster.CasAsync(id, "b", """{"expected": null, "value": "x"}""", "K1"), $"CAS b with K1 via node-{id}"), "CAS b");
            Assert.Equal("v-a", (await AnsweredAsync(() => cluster.GetAsync(id, "a"), $"GET a via node-{id}")).Body);
        }
    }

    private static void AssertReused(HttpOutcome outcome, string request)
    {
        Assert.True(outcome.Status == HttpStatusCode.UnprocessableEntity, $"{request} with K1: expected 422, got {outcome}");
        var body = JsonDocument.Parse(outcome.Body).RootElement;
        Assert.Equal("idempotency_key_reused", body.GetProperty("error").GetString());
        Assert.Contains($"first used for PUT a; this request is {request}", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Sends until the outcome is known (a 503 or no answer, e.g. while the restarted cluster elects its leader, is
    /// retried: every request here carries its Idempotency-Key or changes nothing).
    /// </summary>
    private static async Task<HttpOutcome> AnsweredAsync(Func<Task<HttpOutcome>> send, string what)
    {
        HttpOutcome? last = null;
        await Eventually.True(async () => !(last = await send()).Unknown, Patience, what + " to be answered");
        return last!;
    }
}
