using PaxosAkka.Actors;
using PaxosAkka.Remote.Tests.Support;

namespace PaxosAkka.Remote.Tests;

public sealed class RemoteWatchTests
{
    [Fact]
    public async Task Remote_watch_fires_Terminated_when_the_remote_actor_stops()
    {
        await using var pair = await SystemPair.StartAsync();
        var (a, b) = (pair.A, pair.B);
        b.ActorOf(Props.Create<EchoActor>(), "echo");
        var probe = new Probe(a, "probe");
        var echo = a.ActorSelection(RemoteSystems.PathOf(b, "/user/echo")).Resolve()!;
        probe.Ref.Tell(new WatchIt(echo));
        probe.Ref.Tell(new SendIt(echo, new Ping(1, "are you there")));
        Assert.Equal(new Ping(1, "are you there"), (await probe.ExpectAsync()).Message);

        echo.Tell(new StopYourself(), ActorRefs.NoSender);

        var terminated = await probe.ExpectMsgAsync<Terminated>();
        Assert.Equal(echo, terminated.ActorRef);
        Assert.True(terminated.ExistenceConfirmed);
        Assert.False(terminated.AddressTerminated);
        await Await.UntilAsync(() => Remoting.Get(a).Watcher.WatchCount == 0);
    }

    [Fact]
    public async Task Remote_watch_of_a_missing_actor_fires_Terminated_without_existence()
    {
        await using var pair = await SystemPair.StartAsync();
        var (a, b) = (pair.A, pair.B);
        var probe = new Probe(a, "probe");
        var ghost = a.ActorSelection(RemoteSystems.PathOf(b, "/user/ghost")).Resolve()!;

        probe.Ref.Tell(new WatchIt(ghost));

        var terminated = await probe.ExpectMsgAsync<Terminated>();
        Assert.Equal(ghost, terminated.ActorRef);
        Assert.False(terminated.ExistenceConfirmed);
    }

    [Fact]
    public async Task Remote_watch_fires_Terminated_with_address_terminated_when_the_node_is_killed()
    {
        await using var pair = await SystemPair.StartAsync();
        var (a, b) = (pair.A, pair.B);
        b.ActorOf(Props.Create<EchoActor>(), "echo");
        var probe = new Probe(a, "probe");
        var echo = a.ActorSelection(RemoteSystems.PathOf(b, "/user/echo")).Resolve()!;
        probe.Ref.Tell(new WatchIt(echo));
        probe.Ref.Tell(new SendIt(echo, new Ping(1, "x")));
        await probe.ExpectAsync();
        await Await.UntilAsync(() => Remoting.Get(a).Watcher.WatchCount == 1);

        // The node vanishes without stopping its actors: no death watch notice can come, only node loss.
        await Remoting.Get(b).Endpoint.DisposeAsync();

        var terminated = await probe.ExpectMsgAsync<Terminated>(TimeSpan.FromSeconds(20));
        Assert.Equal(echo, terminated.ActorRef);
        Assert.True(terminated.AddressTerminated);
    }

    [Fact]
    public async Task Remote_watch_fires_Terminated_when_the_peer_system_shuts_down()
    {
        var a = await RemoteSystems.StartAsync();
        var b = await RemoteSystems.StartAsync();
        try
        {
            b.ActorOf(Props.Create<EchoActor>(), "echo");
            var probe = new Probe(a, "probe");
            var echo = a.ActorSelection(RemoteSystems.PathOf(b, "/user/echo")).Resolve()!;
            probe.Ref.Tell(new WatchIt(echo));
            probe.Ref.Tell(new SendIt(echo, new Ping(1, "x")));
            await probe.ExpectAsync();

            await RemoteSystems.StopAsync(b);

            // A graceful shutdown flushes the death watch notice before closing, so it is a confirmed stop.
            var terminated = await probe.ExpectMsgAsync<Terminated>(TimeSpan.FromSeconds(20));
            Assert.Equal(echo, terminated.ActorRef);
            Assert.True(terminated.ExistenceConfirmed);
            Assert.False(terminated.AddressTerminated);
        }
        finally
        {
            await RemoteSystems.StopAsync(a);
        }
    }

    [Fact]
    public async Task Failure_detector_hook_fires_remote_watches_at_once()
    {
        var settings = TestNode.Settings() with { NodeLossTimeout = TimeSpan.FromMinutes(5) };
        await using var pair = await SystemPair.StartAsync(settings, settings);
        var (a, b) = (pair.A, pair.B);
        b.ActorOf(Props.Create<EchoActor>(), "echo");
        var probe = new Probe(a, "probe");
        var echo = a.ActorSelection(RemoteSystems.PathOf(b, "/user/echo")).Resolve()!;
        probe.Ref.Tell(new WatchIt(echo));
        await Await.UntilAsync(() => Remoting.Get(a).Watcher.WatchCount == 1);

        Remoting.Get(a).Watcher.NodeUnreachable(b.Address);

        var terminated = await probe.ExpectMsgAsync<Terminated>();
        Assert.True(terminated.AddressTerminated);
        Assert.Equal(0, Remoting.Get(a).Watcher.WatchCount);
    }
}
