using PaxosAkka.Actors;
using PaxosAkka.Remote.Tests.Support;
using PaxosAkka.Remote.Transport;

namespace PaxosAkka.Remote.Tests;

public sealed class RemoteLifecycleTests
{
    [Fact]
    public async Task Restarted_node_is_reached_again_and_watches_on_its_old_incarnation_fire()
    {
        var a = await RemoteSystems.StartAsync();
        var b1 = await RemoteSystems.StartAsync();
        var port = Remoting.Get(b1).Address.Port;
        var oldUid = Remoting.Get(b1).Uid;
        ActorSystem? b2 = null;
        try
        {
            b1.ActorOf(Props.Create<EchoActor>(), "echo");
            var probe = new Probe(a, "probe");
            var echo = a.ActorSelection(RemoteSystems.PathOf(b1, "/user/echo")).Resolve()!;
            probe.Ref.Tell(new WatchIt(echo));
            probe.Ref.Tell(new SendIt(echo, new Ping(1, "old")));
            Assert.Equal(new Ping(1, "old"), (await probe.ExpectAsync()).Message);

            // Kill the node abruptly, then start a new incarnation on the same address before node loss is declared.
            await Remoting.Get(b1).Endpoint.DisposeAsync();
            b2 = await RemoteSystems.StartAsync(TestNode.Settings(port: port) with { NodeLossTimeout = TimeSpan.FromMinutes(1) });
            b2.ActorOf(Props.Create<EchoActor>(), "echo");
            Assert.NotEqual(oldUid, Remoting.Get(b2).Uid);

            // Keep asking until the new incarnation answers (messages sent while the node was down may be lost).
            Seen? reply = null;
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            while (reply is null || reply.Message is not Ping)
            {
                deadline.Token.ThrowIfCancellationRequested();
                probe.Ref.Tell(new SendIt(echo, new Ping(2, "new")));
                try
                {
                    reply = await probe.ExpectAsync(TimeSpan.FromMilliseconds(300));
                }
                catch (OperationCanceledException)
                {
                }

                if (reply?.Message is Terminated t)
                {
                    Assert.True(t.AddressTerminated);
                }
            }

            Assert.Equal(Remoting.Get(b2).Uid, Remoting.Get(a).Endpoint.KnownUid(Remoting.Get(b2).Address));
            Assert.True(Remoting.Get(a).Endpoint.IsQuarantined(new(Remoting.Get(b2).Address, oldUid)));
            await Await.UntilAsync(() => Remoting.Get(a).Watcher.WatchCount == 0, because: "the watch on the old incarnation fired");
        }
        finally
        {
            await RemoteSystems.StopAsync(a);
            await RemoteSystems.StopAsync(b1);
            if (b2 is not null)
            {
                await RemoteSystems.StopAsync(b2);
            }
        }
    }

    [Fact]
    public async Task Actor_systems_talk_over_the_in_memory_network_and_a_blackhole_cuts_them_until_pass_through()
    {
        var network = new InMemoryNetwork(seed: 3);
        var settings = TestNode.Settings();
        var a = await Remoting.CreateSystemAsync("paxos", settings: settings, serializers: RemoteSystems.Registry(),
            transport: new InMemoryTransport(network, settings.MaximumFrameSize));
        var b = await Remoting.CreateSystemAsync("paxos", settings: settings, serializers: RemoteSystems.Registry(),
            transport: new InMemoryTransport(network, settings.MaximumFrameSize));
        try
        {
            b.ActorOf(Props.Create<EchoActor>(), "echo");
            var probe = new Probe(a, "probe");
            var echo = a.ActorSelection(RemoteSystems.PathOf(b, "/user/echo")).Resolve()!;
            probe.Ref.Tell(new SendIt(echo, new Ping(1, "mem")));
            Assert.Equal(new Ping(1, "mem"), (await probe.ExpectAsync()).Message);

            var ea = $"127.0.0.1:{Remoting.Get(a).Address.Port}";
            var eb = $"127.0.0.1:{Remoting.Get(b).Address.Port}";
            network.Blackhole(ea, eb, FaultDirection.Receive); // replies from b to a vanish
            var dropped = network.DroppedFrames;
            probe.Ref.Tell(new SendIt(echo, new Ping(2, "lost reply")));
            await Await.UntilAsync(() => network.DroppedFrames > dropped, because: "the reply fell into the blackhole");
            Assert.True(probe.HasNothing);

            network.PassThrough(ea, eb);
            probe.Ref.Tell(new SendIt(echo, new Ping(3, "healed")));
            Assert.Equal(new Ping(3, "healed"), (await probe.ExpectAsync()).Message);
        }
        finally
        {
            await RemoteSystems.StopAsync(a);
            await RemoteSystems.StopAsync(b);
        }
    }
}
