using System.Collections.Concurrent;
using PaxosAkka.MultiNode.Kit;
using Xunit.Abstractions;

namespace PaxosAkka.MultiNode;

/// <summary>SIGKILL of the leader's process: a new leader serves writes and no acknowledged write is lost.</summary>
public sealed class LeaderCrashSpec(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(25);

    [Fact]
    public async Task Leader_SIGKILL_a_new_leader_serves_writes_and_every_acknowledged_write_reads_back_on_the_survivors()
    {
        var config = new MultiNodeConfig { Hosting = NodeHosting.ChildProcess };
        config.Role("first");
        config.Role("second");
        config.Role("third");
        await using var spec = await MultiNodeSpec.StartAsync(config, output);
        var clients = spec.Roles.Select(r => spec.Node(r).Client).ToList();
        int[] ids = [.. spec.Roles.Select(config.IdOf)];
        var acknowledged = new ConcurrentDictionary<string, string>();
        int oldLeader = 0;

        await spec.RunAsync(async ctx =>
        {
            // One role decides who leads, so every role kills and waits for the same node.
            await ctx.RunOnAsync(async () => oldLeader = await PaxosChecks.AwaitAgreedLeaderAsync(clients, ids, Patience, ctx.Cancellation), spec.Roles[0]);
            await ctx.EnterBarrierAsync("leader-known");
            int leader = oldLeader;
            for (int i = 0; i < 3; i++)
            {
                string key = $"before-{ctx.Myself}-{i}";
                var put = await ctx.Node.Client.PutAsync(key, "v", cancellationToken: ctx.Cancellation);
                if (put.Ok)
                {
                    acknowledged[key] = "v";
                }
            }

            await ctx.EnterBarrierAsync("written");

            // The lowest other node kills the leader; the leader's own body ends with its process.
            var leaderRole = config.RoleOf(leader);
            var killer = spec.Roles.First(r => r != leaderRole);
            await ctx.RunOnAsync(() => ctx.TestConductor.KillAsync(leaderRole), killer);
            await ctx.EnterBarrierAsync("leader-killed");

            var survivors = ids.Where(id => id != leader).ToList();
            int newLeader = await PaxosChecks.AwaitAgreedLeaderAsync([.. survivors.Select(id => clients[id - 1])], survivors, Patience, ctx.Cancellation);
            Assert.NotEqual(leader, newLeader);
            for (int i = 0; i < 3; i++)
            {
                string key = $"after-{ctx.Myself}-{i}";
                await ctx.Node.Client.PutUntilOkAsync(key, "w", Patience, ctx.Cancellation);
                acknowledged[key] = "w";
            }

            await ctx.EnterBarrierAsync("written-after");
            await ctx.Node.Client.AssertReadsAsync(acknowledged, Patience, ctx.Cancellation);
            await ctx.EnterBarrierAsync("read");
        });

        Assert.NotEqual(0, oldLeader);
        Assert.False(spec.Node(config.RoleOf(oldLeader)).IsRunning);
        Assert.True(acknowledged.Count >= 6, $"only {acknowledged.Count} writes acknowledged");
    }
}
