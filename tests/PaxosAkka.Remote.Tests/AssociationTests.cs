using PaxosAkka.Remote.Handshake;
using PaxosAkka.Remote.Tests.Support;

namespace PaxosAkka.Remote.Tests;

public sealed class AssociationTests
{
    [Fact]
    public async Task Order_is_kept_per_sender_receiver_pair_under_load()
    {
        const int count = 20_000;
        await using var a = await TestNode.StartAsync();
        await using var b = await TestNode.StartAsync();

        var senders = Enumerable.Range(0, 2).Select(s => Task.Run(() =>
        {
            for (var i = 0; i < count / 2; i++)
            {
                Assert.True(a.Send(b, new Ping(i, $"s{s}"), "/user/echo", a.Address.PathOf($"/user/sender{s}")));
            }
        })).ToArray();
        await Task.WhenAll(senders);

        var next = new Dictionary<string, int> { ["s0"] = 0, ["s1"] = 0 };
        for (var i = 0; i < count; i++)
        {
            var ping = (Ping)(await b.ReceiveAsync(TimeSpan.FromSeconds(30))).Message;
            Assert.Equal(next[ping.Text], ping.Sequence);
            next[ping.Text]++;
        }
    }

    [Fact]
    public async Task Reconnects_after_the_peer_restarts_and_ends_the_old_incarnation()
    {
        await using var a = await TestNode.StartAsync();
        var b1 = await TestNode.StartAsync();
        var port = b1.Address.Port;
        var oldUid = b1.Manager.Uid;
        var ended = new TaskCompletionSource<NodeIdentity>(TaskCreationOptions.RunContinuationsAsynchronously);
        a.Manager.IncarnationEnded += id => ended.TrySetResult(id);

        a.Send(b1, new Ping(1, "first"));
        Assert.Equal(new Ping(1, "first"), (await b1.ReceiveAsync()).Message);
        await b1.DisposeAsync();

        await using var b2 = await TestNode.StartAsync(settings: TestNode.Settings(port: port));
        Assert.NotEqual(oldUid, b2.Manager.Uid);

        // Messages sent while the peer was down may be lost (at-most-once); keep sending until one arrives.
        var received = await SendUntilReceivedAsync(a, b2);
        Assert.Equal("again", received.Text);
        Assert.Equal(new NodeIdentity(b2.Address, oldUid), await ended.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(b2.Manager.Uid, a.Manager.KnownUid(b2.Address));
        Assert.True(a.Manager.IsQuarantined(new NodeIdentity(b2.Address, oldUid)));
    }

    [Fact]
    public async Task Quarantined_incarnation_is_refused_and_its_messages_dropped_both_ways()
    {
        await using var a = await TestNode.StartAsync();
        await using var b = await TestNode.StartAsync();
        a.Send(b, new Ping(1, "a->b"));
        await b.ReceiveAsync();
        b.Send(a, new Ping(1, "b->a"));
        await a.ReceiveAsync();

        a.Manager.Quarantine(b.Address, b.Manager.Uid, "test says it is dead");

        // b's next attempt to talk to a is refused at the handshake with the reason.
        b.Send(a, new Ping(2, "from the dead"));
        var refused = await b.Logs.WaitForAsync(l => l.EventId == 4044 && l.Message.Contains("quarantined", StringComparison.Ordinal));
        Assert.Contains(b.Manager.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture), refused.Message, StringComparison.Ordinal);
        await a.Logs.WaitForAsync(l => l.EventId == 4012 && l.Message.Contains("quarantined", StringComparison.Ordinal));

        // a refuses to associate with it as well.
        a.Send(b, new Ping(3, "to the dead"));
        await a.Logs.WaitForAsync(l => l.EventId == 4048);
        Assert.False(a.TryReceive(out _));
        Assert.False(b.TryReceive(out _));
    }

    [Fact]
    public async Task Node_loss_is_reported_when_the_association_stays_down_past_the_timeout()
    {
        await using var a = await TestNode.StartAsync();
        var b = await TestNode.StartAsync();
        var lost = new TaskCompletionSource<RemoteAddress>(TaskCreationOptions.RunContinuationsAsynchronously);
        a.Manager.NodeLost += address => lost.TrySetResult(address);
        a.Send(b, new Ping(1, "x"));
        await b.ReceiveAsync();

        await b.DisposeAsync();

        Assert.Equal(b.Address, await lost.Task.WaitAsync(TimeSpan.FromSeconds(15)));
    }

    private static async Task<Ping> SendUntilReceivedAsync(TestNode from, TestNode to)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            from.Send(to, new Ping(0, "again"));
            try
            {
                return (Ping)(await to.ReceiveAsync(TimeSpan.FromMilliseconds(250))).Message;
            }
            catch (OperationCanceledException) when (!deadline.IsCancellationRequested)
            {
            }
        }
    }
}
