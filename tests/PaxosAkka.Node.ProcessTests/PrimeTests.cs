using System.Net;
using System.Text.Json;
using PaxosAkka.Node.Prime;
using PaxosAkka.Node.ProcessTests.Support;
using Xunit.Abstractions;

namespace PaxosAkka.Node.ProcessTests;

/// <summary>
/// The prime use case (system 000) over real node processes: the verdicts agree with plain trial division written
/// here (independent of the node's <see cref="PrimeMath"/>), the work is shared by several proposer nodes (also on
/// the split-role 004 shape, where only proposer nodes may check), and a killed node's share is taken over.
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
            Assert.True(TrialDivision(n).Prime == verdict.Prime, $"verdict on {n} through node-{via}");
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

    [Fact]
    public async Task Prime_verdicts_up_to_10_to_the_12_on_split_roles_agree_with_trial_division_are_checked_by_several_proposer_nodes_and_bad_input_is_400()
    {
        await using var cluster = await NodeCluster.StartAsync(Seed004SplitTopology.Topology, output);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        int[] proposers = [.. Seed004SplitTopology.Proposers];

        // Every kind of node takes the request (non-leaders hand it to the leader); only proposer nodes check.
        int[] via = [1, 2, 3, Seed004SplitTopology.Acceptors[0], Seed004SplitTopology.Learner, Seed004SplitTopology.Store];
        long[] numbers =
        [
            1, 2, 3, 4, 9, 561,
            999_999_999_989, // the largest prime below 10^12
            999_999_999_961, // prime
            999_962_000_357, // 999,979 x 999,983: two primes near 10^6
            999_966_000_289, // 999,983 squared
            1_000_000_000_000,
        ];
        long lastRevision = 0;
        for (int i = 0; i < numbers.Length; i++)
        {
            long n = numbers[i];
            int entry = via[i % via.Length];
            var verdict = await PrimeUntilAnsweredAsync(http, cluster, entry, n);
            var expected = TrialDivision(n);
            output.WriteLine($"{n} through node-{entry}: prime={verdict.Prime} divisor={verdict.Divisor} revision={verdict.Revision} checkedBy=[{string.Join(",", verdict.CheckedBy)}]");

            Assert.Equal(n, verdict.N);
            Assert.True(expected.Prime == verdict.Prime, $"{n} through node-{entry}: answered prime={verdict.Prime}, trial division says {expected.Prime}");
            Assert.True(expected.SmallestFactor == verdict.Divisor, $"{n} through node-{entry}: divisor {verdict.Divisor}, trial division's smallest factor {expected.SmallestFactor}");
            Assert.True(verdict.Revision > lastRevision, $"revision {verdict.Revision} of {n} after {lastRevision}");
            lastRevision = verdict.Revision;
            Assert.True(verdict.CheckedBy.Length > 0 && verdict.CheckedBy.All(proposers.Contains), $"{n} was checked by {string.Join(",", verdict.CheckedBy)}: only proposer nodes ({string.Join(",", proposers)}) may check");
            if (n > 1_000_000)
            {
                Assert.True(verdict.CheckedBy.Length > 1, $"{n} was checked by {string.Join(",", verdict.CheckedBy)} only: the leader must share the range among the proposer nodes");
            }
        }

        string[] bad = ["0", "-7", "abc", "12x", "1e6", " 5", "99999999999999999999"];
        foreach (string text in bad)
        {
            using var response = await http.PostAsync(new Uri(cluster.Node(via[text.Length % via.Length]).HttpUrl, "prime/" + Uri.EscapeDataString(text)), null);
            string body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"POST /prime/{text} answered {(int)response.StatusCode} {body}; expected 400");
            Assert.Contains("\"error\"", body, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The reference: plain trial division by every d from 2 while d*d &lt;= n (no wheel, nothing shared with the
    /// node), so a bug in the node's arithmetic cannot hide in the check. About 10^6 steps for n near 10^12.
    /// </summary>
    private static (bool Prime, long? SmallestFactor) TrialDivision(long n)
    {
        if (n < 2)
        {
            return (false, null);
        }

        for (long d = 2; d <= n / d; d++)
        {
            if (n % d == 0)
            {
                return (false, d);
            }
        }

        return (true, null);
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
