using System.Collections.Concurrent;
using PaxosAkka.MultiNode.Kit;
using Xunit.Abstractions;

namespace PaxosAkka.MultiNode;

/// <summary>Three in-process nodes form one Akka cluster through two seed nodes and serve Paxos writes through each.</summary>
public sealed class ClusterFormationSpec(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Three_nodes_join_through_two_seeds_all_see_each_other_Up_and_writes_through_every_node_read_back_everywhere_also_over_a_throttled_link()
    {
        var config = new MultiNodeConfig();
        var first = config.Role("first");
        var second = config.Role("second");
        config.Role("third");
        config.Seeds = [first, second];
        await using var spec = await MultiNodeSpec.StartAsync(config, output);
        int[] ids = [.. spec.Roles.Select(config.IdOf)];
        var written = new ConcurrentDictionary<string, string>();

        await spec.RunAsync(async ctx =>
        {
            await ctx.Node.Client.AwaitMembersUpAsync(ids, Patience, ctx.Cancellation);
            var membership = await ctx.Node.Client.MembershipAsync(ctx.Cancellation);

            // The seeds were written as akka.tcp:// and reached under the throttler's scheme: routing follows the transport.
            Assert.All(membership!, m => Assert.StartsWith("akka.trttl.gremlin.tcp://paxos@127.0.0.1:", m.Address, StringComparison.Ordinal));
            await ctx.EnterBarrierAsync("all-up");

            string key = $"from-{ctx.Myself}";
            await ctx.Node.Client.PutUntilOkAsync(key, $"value-of-{ctx.Myself}", Patience, ctx.Cancellation);
            written[key] = $"value-of-{ctx.Myself}";
            await ctx.EnterBarrierAsync("written");

            await ctx.Node.Client.AssertReadsAsync(written, Patience, ctx.Cancellation);
            await ctx.EnterBarrierAsync("read");

            // A throttled link (the conductor's token bucket) slows traffic but loses nothing: writes still go through.
            await ctx.RunOnAsync(() => ctx.TestConductor.ThrottleAsync(first, second, bytesPerSecond: 64 * 1024), first);
            await ctx.EnterBarrierAsync("throttled");
            await ctx.Node.Client.PutUntilOkAsync($"throttled-{ctx.Myself}", "slow", Patience, ctx.Cancellation);
            await ctx.EnterBarrierAsync("written-throttled");
            await ctx.RunOnAsync(() => ctx.TestConductor.PassThroughAsync(first, second), first);
        });

        Assert.Equal(3, written.Count);
    }
}
