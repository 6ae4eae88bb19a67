using PaxosAkka.Actors;
using PaxosAkka.Hocon;
using PaxosAkka.Remote.Tests.Support;

namespace PaxosAkka.Remote.Tests;

public sealed class RemoteActorTests
{
    [Fact]
    public async Task Actor_selection_by_remote_path_delivers_and_the_reply_comes_back_to_the_sender()
    {
        await using var pair = await SystemPair.StartAsync();
        var (a, b) = (pair.A, pair.B);
        b.ActorOf(Props.Create<EchoActor>(), "echo");
        var probe = new Probe(a, "probe");
        var echoPath = RemoteSystems.PathOf(b, "/user/echo");
        Assert.StartsWith("paxos.tcp://paxos@127.0.0.1:", echoPath, StringComparison.Ordinal);

        var echo = await a.ActorSelection(echoPath).ResolveOne(TimeSpan.FromSeconds(10));
        Assert.IsType<RemoteActorRef>(echo);
        probe.Ref.Tell(new SendIt(echo, new Ping(1, "hello")));

        var reply = await probe.ExpectAsync();
        Assert.Equal(new Ping(1, "hello"), reply.Message);
        Assert.Equal(echo, reply.Sender);
        Assert.Equal(echoPath, reply.Sender.Path.ToString());
    }

    [Fact]
    public async Task Ask_across_nodes_gets_the_reply_through_the_temporary_actor()
    {
        await using var pair = await SystemPair.StartAsync();
        var (a, b) = (pair.A, pair.B);
        b.ActorOf(Props.Create<EchoActor>(), "echo");
        var echo = a.ActorSelection(RemoteSystems.PathOf(b, "/user/echo")).Resolve()!;

        var reply = await echo.Ask<Ping>(new Ping(7, "ask"), TimeSpan.FromSeconds(10));

        Assert.Equal(new Ping(7, "ask"), reply);
    }

    [Fact]
    public async Task Actor_refs_inside_messages_travel_as_paths_and_resolve_on_the_other_node()
    {
        await using var pair = await SystemPair.StartAsync();
        var (a, b) = (pair.A, pair.B);
        b.ActorOf(Props.Create<EchoActor>(), "echo");
        var probe = new Probe(a, "probe");
        var echo = a.ActorSelection(RemoteSystems.PathOf(b, "/user/echo")).Resolve()!;

        echo.Tell(new PingTo(probe.Ref, 3), ActorRefs.NoSender);

        var seen = await probe.ExpectAsync();
        Assert.Equal(new Ping(3, "via ref"), seen.Message);
        Assert.Equal(echo, seen.Sender);
    }

    [Fact]
    public async Task Message_to_a_missing_remote_actor_goes_to_dead_letters_on_the_receiving_node()
    {
        await using var pair = await SystemPair.StartAsync();
        var (a, b) = (pair.A, pair.B);
        var before = b.DeadLetters.Count;
        var ghost = a.ActorSelection(RemoteSystems.PathOf(b, "/user/ghost")).Resolve()!;
        ghost.Tell(new Ping(1, "boo"), ActorRefs.NoSender);

        await Await.UntilAsync(() => b.DeadLetters.Count > before);
    }

    [Fact]
    public async Task Actor_systems_with_different_cluster_secrets_never_exchange_a_message()
    {
        var bLogs = new CapturingLoggerFactory();
        await using var pair = await SystemPair.StartAsync(TestNode.Settings(secret: "mallory"), TestNode.Settings(secret: "alice-and-bob"), bLogs);
        var (a, b) = (pair.A, pair.B);
        var target = new Probe(b, "target");
        var remoteTarget = a.ActorSelection(RemoteSystems.PathOf(b, "/user/target")).Resolve()!;

        remoteTarget.Tell(new Ping(1, "let me in"), ActorRefs.NoSender);

        var refused = await bLogs.WaitForAsync(l => l.EventId == 4012);
        Assert.Contains("authentication failed", refused.Message, StringComparison.Ordinal);
        Assert.True(target.HasNothing);
        Assert.Null(Remoting.Get(b).Endpoint.KnownUid(Remoting.Get(a).Address));
    }

    [Fact]
    public void Settings_are_read_from_hocon_over_the_reference_defaults()
    {
        var config = ConfigurationFactory.ParseString(
            "paxos.remote { port = 2552, secret = \"abc\", maximum-frame-size = 1 MiB, handshake-timeout = 2s }", "test.conf");

        var settings = RemoteSettings.FromConfig(config);

        Assert.Equal(2552, settings.Port);
        Assert.Equal("abc", settings.Secret);
        Assert.Equal(1024 * 1024, settings.MaximumFrameSize);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.HandshakeTimeout);
        Assert.Equal(new RemoteSettings().NodeLossTimeout, settings.NodeLossTimeout);
        Assert.Equal(new RemoteSettings() with { Port = 2552, Secret = "abc", MaximumFrameSize = 1024 * 1024, HandshakeTimeout = TimeSpan.FromSeconds(2) }, settings);
    }
}
