using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using PaxosAkka.Actors;
using PaxosAkka.Remote;
using PaxosAkka.Remote.Transport;

namespace PaxosAkka.Benchmarks;

/// <summary>
/// Remoting between two actor systems on loopback against a bare TCP echo over the same framing
/// (TcpTransport, same frame codec, same batching), so the Ratio column is the cost of remoting itself:
/// envelopes, serialization, path resolution, mailboxes and Ask.
/// Run: dotnet run -c Release --project tests/PaxosAkka.Benchmarks -- --filter '*RemoteBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class RemoteBenchmarks
{
    /// <summary>Messages per throughput invocation.</summary>
    public const int Burst = 10_000;

    private const byte Echo = 1;
    private const byte Count = 2;
    private const byte Done = 3;

    private static readonly byte[] Payload = new byte[16];

    private readonly RemoteBenchSink _sink = new();
    private ActorSystem _a = null!;
    private ActorSystem _b = null!;
    private IActorRef _remoteEcho = null!;
    private IActorRef _remoteSink = null!;
    private TcpTransport _server = null!;
    private TcpTransport _client = null!;
    private IFrameConnection _connection = null!;

    [GlobalSetup]
    public void Setup()
    {
        var settings = new RemoteSettings { Secret = "bench" };
        _a = Remoting.CreateSystemAsync("bench", settings: settings).GetAwaiter().GetResult();
        _b = Remoting.CreateSystemAsync("bench", settings: settings).GetAwaiter().GetResult();
        _b.ActorOf(Props.Create(() => new RemoteBenchEcho(_sink)), "echo");
        _remoteEcho = _a.ActorSelection(Remoting.Get(_b).Address.PathOf("/user/echo")).Resolve()!;
        _remoteSink = _remoteEcho;
        _remoteEcho.Ask<byte[]>(Payload, TimeSpan.FromSeconds(10)).GetAwaiter().GetResult(); // associate before measuring

        _server = new TcpTransport(4 * 1024 * 1024);
        var (host, port) = _server.ListenAsync("127.0.0.1", 0, ServeAsync, CancellationToken.None).GetAwaiter().GetResult();
        _client = new TcpTransport(4 * 1024 * 1024);
        _connection = _client.ConnectAsync(host, port, CancellationToken.None).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _connection.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _a.Terminate().GetAwaiter().GetResult();
        _b.Terminate().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "bare TCP echo, round trip")]
    [BenchmarkCategory("RoundTrip")]
    public async Task<byte[]?> TcpRoundTrip()
    {
        await _connection.SendAsync([[Echo, .. Payload]], CancellationToken.None);
        return await _connection.ReceiveAsync(CancellationToken.None);
    }

    [Benchmark(Description = "remote Ask, round trip")]
    [BenchmarkCategory("RoundTrip")]
    public Task<byte[]> RemoteRoundTrip() => _remoteEcho.Ask<byte[]>(Payload, TimeSpan.FromSeconds(10));

    [Benchmark(Baseline = true, OperationsPerInvoke = Burst, Description = "bare TCP, one-way messages")]
    [BenchmarkCategory("Throughput")]
    public async Task<byte[]?> TcpThroughput()
    {
        var batch = new List<byte[]>(256);
        for (var i = 0; i < Burst; i++)
        {
            batch.Add([Count, .. Payload]);
            if (batch.Count == 256)
            {
                await _connection.SendAsync(batch, CancellationToken.None);
                batch.Clear();
            }
        }

        batch.Add([Done]);
        await _connection.SendAsync(batch, CancellationToken.None);
        return await _connection.ReceiveAsync(CancellationToken.None);
    }

    [Benchmark(OperationsPerInvoke = Burst, Description = "remote Tell, one-way messages")]
    [BenchmarkCategory("Throughput")]
    public Task RemoteThroughput()
    {
        var done = _sink.Expect(Burst);
        for (var i = 0; i < Burst; i++)
        {
            _remoteSink.Tell(RemoteBenchSink.Count, ActorRefs.NoSender);
        }

        return done;
    }

    private static async Task ServeAsync(IFrameConnection connection, CancellationToken cancellationToken)
    {
        while (await connection.ReceiveAsync(cancellationToken) is { } frame)
        {
            if (frame[0] != Count)
            {
                await connection.SendAsync([frame], cancellationToken);
            }
        }
    }
}

/// <summary>Counts one-way messages and completes a task when the expected number arrived.</summary>
public sealed class RemoteBenchSink
{
    /// <summary>The one-way message: a string, so it is told apart from echo payloads.</summary>
    public const string Count = "count";

    private int _remaining;
    private TaskCompletionSource _done = new();

    public Task Expect(int count)
    {
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _remaining, count);
        return _done.Task;
    }

    public void OnCount()
    {
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            _done.TrySetResult();
        }
    }
}

/// <summary>Echoes byte arrays to the sender; counts the sink's one-way messages.</summary>
public sealed class RemoteBenchEcho : ReceiveActor
{
    public RemoteBenchEcho(RemoteBenchSink sink)
    {
        Receive<string>(_ => sink.OnCount());
        Receive<byte[]>(bytes => Sender.Tell(bytes, Self));
    }
}
