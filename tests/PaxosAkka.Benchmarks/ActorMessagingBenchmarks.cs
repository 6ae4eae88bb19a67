using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using PaxosAkka.Actors;

namespace PaxosAkka.Benchmarks;

/// <summary>
/// Actor runtime vs. a bare <see cref="Channel{T}"/> doing the same hand-offs in the same run. Each operation is
/// one message hand-off, so the Mean column is nanoseconds per message and the ratio of the two rows is what the
/// runtime costs over the channel. Ping-pong measures latency-bound hand-offs (one message in flight);
/// fan-out measures throughput (one sender, many receivers, many messages in flight).
/// </summary>
[MemoryDiagnoser]
public class ActorMessagingBenchmarks
{
    private const int PingPongMessages = 20_000;
    private const int FanOutReceivers = 8;
    private const int FanOutMessagesPerReceiver = 25_000;

    private ActorSystem _system = null!;
    private IActorRef _ping = null!;
    private IActorRef[] _fanOut = null!;
    private FanOutLatch _latch = null!;

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench");
        var pong = _system.ActorOf(Props.Create(() => new PongActor()), "pong");
        _ping = _system.ActorOf(Props.Create(() => new PingActor(pong)), "ping");
        _latch = new FanOutLatch();
        _fanOut = [.. Enumerable.Range(0, FanOutReceivers).Select(i => _system.ActorOf(Props.Create(() => new CountingActor(_latch)), $"sink-{i}"))];
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = PingPongMessages)]
    public Task Actor_ping_pong()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ping.Tell(new PingActor.Start(PingPongMessages / 2, done), ActorRefs.NoSender);
        return done.Task;
    }

    [Benchmark(OperationsPerInvoke = PingPongMessages)]
    public async Task Channel_ping_pong()
    {
        var toPong = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var toPing = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var pong = Task.Run(async () =>
        {
            await foreach (var m in toPong.Reader.ReadAllAsync()) toPing.Writer.TryWrite(m);
            toPing.Writer.Complete();
        });
        for (var i = 0; i < PingPongMessages / 2; i++)
        {
            toPong.Writer.TryWrite(i);
            await toPing.Reader.ReadAsync();
        }

        toPong.Writer.Complete();
        await pong;
    }

    [Benchmark(OperationsPerInvoke = FanOutReceivers * FanOutMessagesPerReceiver)]
    public Task Actor_fan_out()
    {
        var done = _latch.Arm(FanOutReceivers);
        for (var i = 0; i < FanOutMessagesPerReceiver; i++)
        {
            foreach (var sink in _fanOut) sink.Tell(i, ActorRefs.NoSender);
        }

        foreach (var sink in _fanOut) sink.Tell(CountingActor.Flush.Instance, ActorRefs.NoSender);
        return done;
    }

    [Benchmark(OperationsPerInvoke = FanOutReceivers * FanOutMessagesPerReceiver)]
    public async Task Channel_fan_out()
    {
        var channels = Enumerable.Range(0, FanOutReceivers)
            .Select(_ => Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true }))
            .ToArray();
        var consumers = channels.Select(c => Task.Run(async () =>
        {
            var count = 0;
            await foreach (var _ in c.Reader.ReadAllAsync()) count++;
            return count;
        })).ToArray();
        for (var i = 0; i < FanOutMessagesPerReceiver; i++)
        {
            foreach (var c in channels) c.Writer.TryWrite(i);
        }

        foreach (var c in channels) c.Writer.Complete();
        await Task.WhenAll(consumers);
    }

    private sealed class PingActor : ReceiveActor
    {
        public sealed record Start(int RoundTrips, TaskCompletionSource Done);

        private int _left;
        private TaskCompletionSource? _done;

        public PingActor(IActorRef pong)
        {
            Receive<Start>(s =>
            {
                _left = s.RoundTrips;
                _done = s.Done;
                pong.Tell(_left, Self);
            });
            Receive<int>(_ =>
            {
                if (--_left == 0) _done!.TrySetResult();
                else pong.Tell(_left, Self);
            });
        }
    }

    private sealed class PongActor : ReceiveActor
    {
        public PongActor() => Receive<int>(i => Sender.Tell(i, Self));
    }

    private sealed class CountingActor : ReceiveActor
    {
        public sealed class Flush
        {
            public static readonly Flush Instance = new();
        }

        private long _count;

        public CountingActor(FanOutLatch latch)
        {
            Receive<int>(_ => _count++);
            Receive<Flush>(_ => latch.Signal());
        }
    }

    private sealed class FanOutLatch
    {
        private int _remaining;
        private TaskCompletionSource _done = new();

        public Task Arm(int count)
        {
            _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _remaining, count);
            return _done.Task;
        }

        public void Signal()
        {
            if (Interlocked.Decrement(ref _remaining) == 0) _done.TrySetResult();
        }
    }
}

/// <summary>Ask round-trip latency: one request, one reply, through a temporary ref.</summary>
[MemoryDiagnoser]
public class ActorAskBenchmarks
{
    private ActorSystem _system = null!;
    private IActorRef _echo = null!;

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench-ask");
        _echo = _system.ActorOf(Props.Create(() => new EchoActor()), "echo");
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().GetAwaiter().GetResult();

    [Benchmark]
    public Task<int> Ask_round_trip() => _echo.Ask<int>(42, TimeSpan.FromSeconds(5));

    private sealed class EchoActor : ReceiveActor
    {
        public EchoActor() => Receive<int>(i => Sender.Tell(i, Self));
    }
}
