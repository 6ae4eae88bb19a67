using System.Collections.Concurrent;
using PaxosAkka.MultiNode.Kit;
using Xunit.Abstractions;

namespace PaxosAkka.MultiNode;

/// <summary>
/// A 2|3 partition of five in-process nodes, cut through Akka.Remote's throttler: the majority goes on writing, the
/// minority refuses (503, never a false success), the split-brain resolver downs the minority, whose nodes start fresh
/// actor systems in-process (the product's NodeRunLoop), and after the heal every node serves again.
/// </summary>
public sealed class PartitionSpec(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Two_three_partition_the_majority_writes_the_minority_refuses_and_after_the_heal_every_node_serves_including_the_downed()
    {
        var config = new MultiNodeConfig();
        var first = config.Role("first");
        var second = config.Role("second");
        var third = config.Role("third");
        var fourth = config.Role("fourth");
        var fifth = config.Role("fifth");
        RoleName[] majority = [first, second, third];
        RoleName[] minority = [fourth, fifth];
        await using var spec = await MultiNodeSpec.StartAsync(config, output);
        int[] ids = [.. spec.Roles.Select(config.IdOf)];
        var acknowledged = new ConcurrentDictionary<string, string>();
        var refusals = new ConcurrentBag<string>();

        await spec.RunAsync(async ctx =>
        {
            await ctx.Node.Client.AwaitMembersUpAsync(ids, Patience, ctx.Cancellation);
            await ctx.EnterBarrierAsync("all-up");
            await Write(ctx, "before");
            await ctx.EnterBarrierAsync("written-before");

            await ctx.RunOnAsync(() => ctx.TestConductor.PartitionAsync(majority, minority), first);
            await ctx.EnterBarrierAsync("partitioned");

            await ctx.RunOnAsync(() => Write(ctx, "during"), majority);
            await ctx.RunOnAsync(
                async () =>
                {
                    // Two acceptors of five cannot choose anything: every answer is a refusal, never a success. Keep
                    // asking until the split-brain resolver has downed this node and it runs a fresh actor system.
                    var host = ctx.Spec.InProcess(ctx.Myself);
                    int attempt = 0;
                    while (host.Restarts == 0 || attempt < 2)
                    {
                        ctx.Cancellation.ThrowIfCancellationRequested();
                        var put = await ctx.Node.Client.PutAsync($"minority-{ctx.Myself}-{attempt}", "must-not-succeed", cancellationToken: ctx.Cancellation);
                        Assert.False(put.Ok, $"{ctx.Myself} acknowledged a write on the minority side: {put}");
                        refusals.Add($"{ctx.Myself}: {put}");
                        attempt++;
                        Assert.True(attempt < 40, $"{ctx.Myself} was not downed by the split-brain resolver while cut off");
                        if (put.Status is null)
                        {
                            await Task.Delay(TimeSpan.FromMilliseconds(250), ctx.Cancellation); // Between actor systems: no HTTP listener.
                        }
                    }
                },
                minority);
            await ctx.EnterBarrierAsync("minority-downed");

            await ctx.RunOnAsync(() => ctx.TestConductor.HealAsync(), first);
            await ctx.EnterBarrierAsync("healed");

            await ctx.Node.Client.AwaitMembersUpAsync(ids, Patience, ctx.Cancellation);
            await Write(ctx, "after");
            await ctx.EnterBarrierAsync("written-after");
            await ctx.Node.Client.AssertReadsAsync(acknowledged, Patience, ctx.Cancellation);
            await ctx.EnterBarrierAsync("read");
        });

        Assert.Contains(refusals, r => r.Contains(" 503 ", StringComparison.Ordinal) || r.Contains(": 503", StringComparison.Ordinal));
        Assert.All(minority, role => Assert.True(spec.InProcess(role).Restarts >= 1, $"{role} was never downed"));
        Assert.All(majority, role => Assert.Equal(0, spec.InProcess(role).Restarts));
        output.WriteLine($"minority answers: {string.Join(" | ", refusals)}");

        async Task Write(RoleContext ctx, string phase)
        {
            string key = $"{phase}-{ctx.Myself}";
            await ctx.Node.Client.PutUntilOkAsync(key, phase, Patience, ctx.Cancellation);
            acknowledged[key] = phase;
        }
    }
}
