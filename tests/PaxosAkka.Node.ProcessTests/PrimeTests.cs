using System.Net;
using System.Text.Json;
using PaxosAkka.Node.Prime;
using PaxosAkka.Node.ProcessTests.Support;
using Xunit.Abstractions;

namespace PaxosAkka.Node.ProcessTests;

/// <summary>
/// The prime use case (system 000) over five real node processes: the verdicts agree with plain trial division,
/// the work is shared by several proposer nodes, and a killed node's share is taken over.
/// </summary>
public sealed class PrimeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Prime_verdicts_by_consensus_agree_with_trial_division_and_are_shared_among_proposer_nodes()
    {
        await using var cluster = await NodeCluster.StartAsync(5, output);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        long[] numbers = [1, 2, 97, 561, 41041, 999_966_000_289, 999_999_999_989, 1_000_036_000_099];
        long lastRevision = 0;
        for (int i = 0; i < numbers.Length; i++)
        {
            long n = numbers[i];
            int via = (i % 5) + 1; // Non-leaders hand the request to the leader.
            var verdict = await PrimeUntilAnsweredAsync(http, cluster, via, n);

            Assert.Equal(n, verdict.N);
            Assert.True(PrimeMath.IsPrimeReference(n) == verdict.Prime, $"verdict on {n} through node-{via}");
            Assert.True(verdict.Revision > lastRevision, $"revision {verdict.Revision} of {n} after {lastRevision}");
            lastRevision = verdict.Revision;
            if (n >= 16)
            {
                Assert.True(verdict.CheckedBy.Length > 1, $"{n} was checked by {string.Join(",", verdict.CheckedBy)} only");
            }
        }

        // A killed proposer node's share is checked by the coordinator; the verdict stays right.
        int leader = await cluster.WaitForLeaderAsync(Patience);
        int victim = leader == 1 ? 2 : 1;
        await cluster.KillAsync(victim);
        int survivor = leader;
        var afterKill = await PrimeUntilAnsweredAsync(http, cluster, survivor, 999_966_000_289);
        Assert.False(afterKill.Prime);
        Assert.Equal(999_983, afterKill.Divisor);
        Assert.DoesNotContain(victim, afterKill.CheckedBy);
    }

    private static async Task<PrimeResponse> PrimeUntilAnsweredAsync(HttpClient http, NodeCluster cluster, int via, long n)
    {
        PrimeResponse? answer = null;
        string last = "";
        try
        {
            await Eventually.True(
            async () =>
            {
                try
                {
                    using var response = await http.PostAsync(new Uri(cluster.Node(via).HttpUrl, $"prime/{n}"), null);
                    last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        answer = JsonSerializer.Deserialize(last[4..], PrimeJsonContext.Default.PrimeResponse);
                        return true;
                    }

                    // 503 = no quorum answered in time (e.g. a leader change): asking again is safe.
                    Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                    return false;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    last = e.Message;
                    return false;
                }
            },
            Patience,
            $"a verdict on {n} through node-{via}");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; last answer: {last}", e);
        }

        return answer!;
    }
}
