using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using PaxosAkka.Consensus;
using Akka.Configuration;
using PaxosAkka.Node.Configuration;
using PaxosAkka.Node.Hosting;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace PaxosAkka.Node.Tests;

/// <summary>
/// N real nodes in this process, each with its own actor system, TCP remoting on 127.0.0.1, and SQLite acceptor
/// database in a temporary folder. Records the order in which every node's store applied slots.
/// </summary>
internal sealed class InProcessCluster : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "paxos-node-cluster", Guid.NewGuid().ToString("N"));
    private readonly ILoggerFactory _loggers;
    private readonly string _membersHocon;
    private readonly int[] _ids;
    private readonly TimeSpan _requestTimeout;

    private InProcessCluster(int size, ITestOutputHelper output, TimeSpan requestTimeout)
    {
        _requestTimeout = requestTimeout;
        _ids = [.. Enumerable.Range(1, size)];
        _loggers = LoggerFactory.Create(b => b.AddProvider(new XunitLoggerProvider(output, LogLevel.Warning)));
        _membersHocon = string.Join(", ", _ids.Select(id =>
            $"{{ id = {id}, host = \"127.0.0.1\", remote-port = {FreePort()}, http-port = 0 }}"));
    }

    public ConcurrentDictionary<int, PaxosNodeRuntime> Nodes { get; } = new();

    /// <summary>
    /// Stable-leader election (the node's default) or classic Bully (off here by default: these tests assert that the
    /// highest live node leads, which stable mode only promises for the first election after all nodes are up).
    /// </summary>
    public bool StableLeader { get; init; }

    /// <summary>Slots as each node's store applied them, in order.</summary>
    public ConcurrentDictionary<int, ConcurrentQueue<ChosenEntry>> Applied { get; } = new();

    public static async Task<InProcessCluster> StartAsync(int size, ITestOutputHelper output, TimeSpan? requestTimeout = null, bool stableLeader = false)
    {
        var cluster = new InProcessCluster(size, output, requestTimeout ?? TimeSpan.FromSeconds(10)) { StableLeader = stableLeader };
        foreach (int id in cluster._ids)
        {
            await cluster.StartNodeAsync(id);
        }

        return cluster;
    }

    public async Task StartNodeAsync(int id)
    {
        var config = ConfigurationFactory.ParseString($$"""
            paxos.node {
              id = {{id}}
              data-dir = "{{Path.Combine(_folder, "node-" + id)}}"
              http.port = 0
              members = [ {{_membersHocon}} ]
              acceptors = [ {{string.Join(", ", _ids)}} ]
              request-timeout = {{(long)_requestTimeout.TotalMilliseconds}}ms
              election { acceptable-heartbeat-pause = 600ms, stable-leader = {{(StableLeader ? "on" : "off")}} }
            }
            """);
        var settings = NodeSettings.Create(config);
        var applied = Applied.GetOrAdd(id, _ => new ConcurrentQueue<ChosenEntry>());
        Nodes[id] = await PaxosNodeRuntime.StartAsync(settings, config, _loggers, CancellationToken.None, applied.Enqueue);
    }

    public async Task StopNodeAsync(int id)
    {
        if (Nodes.TryRemove(id, out var node))
        {
            await node.DisposeAsync();
        }
    }

    /// <summary>
    /// The node every running node agrees leads, or null: exactly one proposer leads, and every node either names
    /// it as coordinator or its proposer knows it as the Paxos leader. (The Bully coordinators alone can stay
    /// misordered for a while when announcements overtake each other — a known election issue that routing
    /// survives by forwarding; what the tests need is one Paxos leader that everyone reaches.)
    /// </summary>
    public int? AgreedLeader()
    {
        var leaders = Nodes.Values.Where(n => n.Board.Proposer?.IsLeader == true).Select(n => n.Settings.Id).ToList();
        if (leaders.Count != 1)
        {
            return null;
        }

        int leader = leaders[0];
        return Nodes.Values.All(n => n.Board.Election?.Coordinator == leader || n.Board.Proposer?.KnownLeader == leader) ? leader : null;
    }

    public async Task<int> AwaitLeaderAsync(TimeSpan timeout)
    {
        int? leader = null;
        try
        {
            await AwaitAsync(() => (leader = AgreedLeader()) is not null, timeout, "agreed leader");
        }
        catch (TimeoutException e)
        {
            var views = string.Join("; ", Nodes.Values.OrderBy(n => n.Settings.Id).Select(n => $"node {n.Settings.Id}: {n.Board.Proposer}, coordinator {n.Board.Election?.Coordinator}"));
            throw new TimeoutException($"{e.Message}: {views}", e);
        }

        return leader!.Value;
    }

    /// <summary>Awaits <paramref name="condition"/>, checking it every few milliseconds until the deadline.</summary>
    public static async Task AwaitAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"no {what} within {timeout}");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (int id in Nodes.Keys.ToList())
        {
            await StopNodeAsync(id);
        }

        _loggers.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still being released; the temp folder is cleaned by the OS eventually.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
