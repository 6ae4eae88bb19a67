using PaxosAkka.Node.ProcessTests.Support;
using Xunit.Abstractions;

namespace PaxosAkka.Node.ProcessTests;

/// <summary>A frozen leader (SIGSTOP) looks dead to the others; when it wakes (SIGCONT) it must not undo anything.</summary>
public sealed class PauseTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Leader_SIGSTOP_lets_another_node_lead_and_after_SIGCONT_every_node_reads_every_acknowledged_write()
    {
        await using var cluster = await NodeCluster.StartAsync(5, output);
        int leader = await cluster.WaitForLeaderAsync(Patience);
        var others = cluster.Ids.Where(id => id != leader).ToList();
        var acknowledged = new Dictionary<string, string>();
        var before = await cluster.PutAsync(others[0], "p0", "before-pause");
        Assert.True(before.Ok, $"PUT p0: {before}");
        acknowledged["p0"] = "before-pause";

        int interim = 0;
        await cluster.PauseAsync(leader);
        try
        {
            interim = await cluster.WaitForLeaderAsync(Patience, others, not: leader);
            output.WriteLine($"node-{leader} paused; node-{interim} leads meanwhile");
            for (int i = 1; i <= 5; i++)
            {
                await cluster.PutUntilOkAsync(others, $"p{i}", $"while-paused-{i}", Patience);
                acknowledged[$"p{i}"] = $"while-paused-{i}";
            }

            // The key written before the pause is overwritten while the old leader sleeps.
            await cluster.PutUntilOkAsync(others, "p0", "overwritten-while-paused", Patience);
            acknowledged["p0"] = "overwritten-while-paused";
        }
        finally
        {
            await cluster.ResumeAsync(leader);
        }

        // Stable leader (the default): the resumed node follows the leader that took over instead of deposing it,
        // so the pause cost exactly one leader change. Watch the agreed leader for a while after the resume.
        var seen = new List<int>();
        for (var until = DateTime.UtcNow + TimeSpan.FromSeconds(4); DateTime.UtcNow < until; await Task.Delay(200))
        {
            if (await cluster.AgreedLeaderAsync() is int now && (seen.Count == 0 || seen[^1] != now))
            {
                seen.Add(now);
            }
        }

        output.WriteLine($"leaders after the resume: {string.Join(" -> ", seen)}");
        Assert.Equal([interim], seen.Distinct());
        Assert.Equal(interim, await cluster.WaitForLeaderAsync(Patience));
        await cluster.PutUntilOkAsync([leader], "p9", "after-resume", Patience);
        acknowledged["p9"] = "after-resume";
        foreach (int id in cluster.Ids)
        {
            await cluster.AssertReadsAsync(id, acknowledged, Patience);
        }
    }
}
