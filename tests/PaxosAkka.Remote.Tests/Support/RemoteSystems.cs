using System.Threading.Channels;
using PaxosAkka.Actors;
using PaxosAkka.Remote.Serialization;

namespace PaxosAkka.Remote.Tests.Support;

/// <summary>Asks a remote actor to send a ping to the ref inside the message (refs travel as paths).</summary>
public sealed record PingTo(IActorRef Target, int Sequence);

/// <summary>Tells an echo actor to stop itself.</summary>
public sealed record StopYourself;

/// <summary>Replies to the sender with what it got; stops on <see cref="StopYourself"/>; pings refs in <see cref="PingTo"/>.</summary>
public sealed class EchoActor : ReceiveActor
{
    public EchoActor()
    {
        Receive<StopYourself>(_ => Context.Stop(Self));
        Receive<PingTo>(p => p.Target.Tell(new Ping(p.Sequence, "via ref"), Self));
        ReceiveAny(m => Sender.Tell(m, Self));
    }
}

/// <summary>What a probe saw: the message and who sent it.</summary>
public sealed record Seen(object Message, IActorRef Sender);

/// <summary>A local command to a probe: watch this ref.</summary>
public sealed record WatchIt(IActorRef Subject);

/// <summary>A local command to a probe: send this message to this ref, as the probe.</summary>
public sealed record SendIt(IActorRef To, object Message);

/// <summary>Records everything it receives (Terminated included) into a channel the test awaits.</summary>
public sealed class ProbeActor : ReceiveActor
{
    public ProbeActor(ChannelWriter<Seen> seen)
    {
        Receive<WatchIt>(w => Context.Watch(w.Subject));
        Receive<SendIt>(s => s.To.Tell(s.Message, Self));
        ReceiveAny(m => seen.TryWrite(new Seen(m, Sender)));
    }
}

/// <summary>A probe actor in a system, with its inbox.</summary>
public sealed class Probe
{
    private readonly Channel<Seen> _seen = Channel.CreateUnbounded<Seen>();

    public Probe(ActorSystem system, string name)
    {
        Ref = system.ActorOf(Props.Create(() => new ProbeActor(_seen.Writer)), name);
    }

    public IActorRef Ref { get; }

    public async Task<Seen> ExpectAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await _seen.Reader.ReadAsync(cts.Token);
    }

    public async Task<T> ExpectMsgAsync<T>(TimeSpan? timeout = null)
    {
        var seen = await ExpectAsync(timeout);
        return Assert.IsType<T>(seen.Message);
    }

    public bool HasNothing => !_seen.Reader.TryPeek(out _);
}

/// <summary>Starts remoting-enabled actor systems on loopback for the tests.</summary>
public static class RemoteSystems
{
    public static SerializerRegistry Registry() =>
        TestNode.Registry().Register<PingTo>("test.ping-to").Register<StopYourself>("test.stop-yourself");

    public static Task<ActorSystem> StartAsync(RemoteSettings? settings = null, CapturingLoggerFactory? logs = null, string name = "paxos") =>
        Remoting.CreateSystemAsync(
            name,
            new ActorSystemSetup { LoggerFactory = logs ?? new CapturingLoggerFactory() },
            settings ?? TestNode.Settings(),
            Registry());

    public static string PathOf(ActorSystem system, string actorPath) => Remoting.Get(system).Address.PathOf(actorPath);

    /// <summary>Terminates the system and waits until its port is released.</summary>
    public static async Task StopAsync(ActorSystem system)
    {
        await system.Terminate();
        await Remoting.Get(system).WhenStopped.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
