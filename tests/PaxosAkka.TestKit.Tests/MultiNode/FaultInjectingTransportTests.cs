using System.Threading.Channels;
using PaxosAkka.Remote.Transport;
using PaxosAkka.TestKit.MultiNode;

namespace PaxosAkka.TestKit.Tests.MultiNode;

/// <summary>The conductor's fault layer on real loopback TCP between two in-process nodes (no cluster joined).</summary>
public sealed class FaultInjectingTransportTests
{
    private static readonly RoleName A = new("a");
    private static readonly RoleName B = new("b");

    [Fact]
    public async Task Blackhole_drops_frames_and_PassThrough_restores_delivery_in_order()
    {
        await using var spec = new MultiNodeSpec();
        await spec.StartAllAsync([A, B]);
        var inboxOfB = Inbox.Start(spec.InProcess(B).System, "inbox");
        var toB = spec.InProcess(A).System.ActorSelection($"{spec.Node(B)}/user/inbox");
        toB.Tell("before");
        Assert.Equal("before", await Inbox.NextAsync(inboxOfB));

        await spec.Conductor.BlackholeAsync(A, B, FaultDirection.Send);
        toB.Tell("lost-1");
        toB.Tell("lost-2");
        var rules = spec.InProcess(A).Transport.Rules;
        await spec.AwaitAsync(() => Task.FromResult(rules.DroppedFrames >= 2), "both frames to be dropped");

        await spec.Conductor.PassThroughAsync(A, B, FaultDirection.Send);
        toB.Tell("after");

        // Dropped frames are gone for good (at-most-once): the next message B sees is the one sent after the heal.
        Assert.Equal("after", await Inbox.NextAsync(inboxOfB));
        Assert.False(inboxOfB.TryRead(out _));
    }

    [Fact]
    public async Task Blackhole_in_the_receive_direction_cuts_only_the_peers_frames()
    {
        await using var spec = new MultiNodeSpec();
        await spec.StartAllAsync([A, B]);
        var inboxOfA = Inbox.Start(spec.InProcess(A).System, "inbox");
        var inboxOfB = Inbox.Start(spec.InProcess(B).System, "inbox");
        var fromA = spec.InProcess(A).System.ActorSelection($"{spec.Node(B)}/user/inbox");
        var fromB = spec.InProcess(B).System.ActorSelection($"{spec.Node(A)}/user/inbox");
        fromB.Tell("hello a");
        Assert.Equal("hello a", await Inbox.NextAsync(inboxOfA));
        fromA.Tell("hello b");
        Assert.Equal("hello b", await Inbox.NextAsync(inboxOfB));

        // Receive direction: frames from b to a vanish, frames from a to b still flow over the existing association
        // (a new one could not form: its handshake needs both directions, as on a real one-way cut).
        await spec.Conductor.BlackholeAsync(A, B, FaultDirection.Receive);
        fromB.Tell("lost");
        var rules = spec.InProcess(B).Transport.Rules;
        await spec.AwaitAsync(() => Task.FromResult(rules.DroppedFrames >= 1), "b's frame to be dropped");
        fromA.Tell("still b");
        Assert.Equal("still b", await Inbox.NextAsync(inboxOfB));
        Assert.False(inboxOfA.TryRead(out _));
    }

    [Fact]
    public async Task Throttle_holds_frames_back_until_the_delay_has_passed()
    {
        var clock = new ManualTimeProvider();
        const string config = MultiNodeSpecOptions.FastClusterConfig;
        await using var a = await InProcessNode.StartAsync(A, config, faultClock: clock);
        await using var b = await InProcessNode.StartAsync(B, config);
        var inboxOfB = Inbox.Start(b.System, "inbox");
        var toB = a.System.ActorSelection($"{b.Address}/user/inbox");
        toB.Tell("warm-up");
        Assert.Equal("warm-up", await Inbox.NextAsync(inboxOfB));

        await a.SetFaultAsync(a.Endpoint, b.Endpoint, FaultDirection.Send, LinkFault.Throttle(TimeSpan.FromSeconds(10)));
        toB.Tell("slow");

        // The frame waits on the fault layer's (manual) clock: nothing reaches b until that clock moves on.
        await Conditions.AwaitAsync(() => clock.ActiveTimerCount == 1, "the throttle to hold the frame", TimeSpan.FromSeconds(30));
        Assert.False(inboxOfB.TryRead(out _));
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("slow", await Inbox.NextAsync(inboxOfB));
    }

    [Fact]
    public void Throttle_hold_time_is_the_delay_plus_the_transfer_time_at_the_rate()
    {
        var fault = LinkFault.Throttle(TimeSpan.FromMilliseconds(100), bytesPerSecond: 1000);
        Assert.Equal(TimeSpan.FromMilliseconds(600), fault.HoldFor(500));
        Assert.Equal(TimeSpan.FromMilliseconds(100), LinkFault.Throttle(TimeSpan.FromMilliseconds(100)).HoldFor(1_000_000));
        Assert.Throws<ArgumentOutOfRangeException>(() => LinkFault.Throttle(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public async Task Exit_cuts_an_in_process_node_off_and_releases_its_port_for_a_restart()
    {
        await using var spec = new MultiNodeSpec();
        await spec.StartAllAsync([A, B]);
        var inboxOfB = Inbox.Start(spec.InProcess(B).System, "inbox");
        spec.InProcess(A).System.ActorSelection($"{spec.Node(B)}/user/inbox").Tell("hi");
        Assert.Equal("hi", await Inbox.NextAsync(inboxOfB));

        var old = spec.Handle(B);
        await spec.Conductor.ExitAsync(B);
        Assert.True(old.HasStopped);
        Assert.True(spec.InProcess(B).Transport.IsAborted);

        var restarted = await spec.StartAsync(B, port: old.Address.Port);
        Assert.Equal(old.Address, restarted.Address);
        Assert.NotEqual(old.Uid, restarted.Uid);
        var newInbox = Inbox.Start(spec.InProcess(B).System, "inbox");
        spec.InProcess(A).System.ActorSelection($"{spec.Node(B)}/user/inbox").Tell("again");
        Assert.Equal("again", await Inbox.NextAsync(newInbox));
    }
}
