using System.Collections.Concurrent;
using System.Net;
using System.Text;
using PaxosAkka.Node.Launcher;
using PaxosAkka.Node.ProcessTests.Support;
using Xunit.Abstractions;

namespace PaxosAkka.Node.ProcessTests;

/// <summary>
/// The seed004 topology (5 proposers, 5 acceptors, 2 learners, 3 stores) as fifteen real node processes on free
/// loopback ports, laid out by the launcher's own <see cref="LocalClusterLayout"/>. Dispose kills every child,
/// writes each node's last lines to the test log and deletes the data folder.
/// </summary>
internal sealed class Seed004Cluster : IAsyncDisposable
{
    private const int LogTail = 15;
    private readonly ITestOutputHelper _output;
    private readonly string _root;
    private readonly List<NodeProcess> _processes = [];
    private readonly ConcurrentDictionary<int, ConcurrentQueue<string>> _logs = new();

    private Seed004Cluster(ITestOutputHelper output, string root, IReadOnlyList<LocalNode> nodes)
    {
        _output = output;
        _root = root;
        Nodes = nodes;
    }

    /// <summary>The nodes, index 0 = node 1.</summary>
    public IReadOnlyList<LocalNode> Nodes { get; }

    /// <summary>A client whose timeout outlasts the nodes' request timeout.</summary>
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Starts the fifteen processes and waits until one proposer leads and the stores are in sync.</summary>
    public static async Task<Seed004Cluster> StartAsync(ITestOutputHelper output, TimeSpan readyTimeout)
    {
        string root = Path.Combine(Path.GetTempPath(), "paxos-seed004-" + Guid.NewGuid().ToString("N")[..12]);
        var topology = LocalTopology.Seed004;
        int[] ports = FreePorts.Take(2 * topology.Count);
        var nodes = Enumerable.Range(1, topology.Count)
            .Select(id => new LocalNode(id, ports[id - 1], ports[topology.Count + id - 1], Path.Combine(root, $"node-{id}"), topology.Roles[id - 1]))
            .ToList();
        LocalClusterLayout.WriteConfigs(nodes, NodeCluster.TestHocon);
        var cluster = new Seed004Cluster(output, root, nodes);
        try
        {
            string assembly = NodeBinary.NodeAssemblyBuiltFor(AppContext.BaseDirectory);
            foreach (var node in nodes)
            {
                var log = cluster._logs.GetOrAdd(node.Id, _ => new ConcurrentQueue<string>());
                cluster._processes.Add(NodeProcess.Start(node, assembly, (started, line) =>
                {
                    log.Enqueue(line.Length > 300 ? line[..300] + " ..." : line);
                    while (log.Count > LogTail && log.TryDequeue(out _))
                    {
                    }
                }));
            }

            await Eventually.True(
                async () => await LeaderProbe.AgreedLeader(cluster.Http, nodes, CancellationToken.None) is not null
                    && await LeaderProbe.StoresInSync(cluster.Http, nodes, CancellationToken.None),
                readyTimeout,
                "a leader among the seed004 proposers and stores in sync");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Node <paramref name="id"/>.</summary>
    public LocalNode Node(int id) => Nodes[id - 1];

    /// <summary>SIGKILLs node <paramref name="id"/> and waits until it is gone.</summary>
    public Task KillAsync(int id) => _processes[id - 1].KillAsync();

    /// <summary>True while node <paramref name="id"/>'s process runs.</summary>
    public bool IsRunning(int id) => _processes[id - 1].IsRunning;

    /// <summary>PUT /kv/{key} through node <paramref name="id"/> with one Idempotency-Key until it answers 200.</summary>
    public async Task PutUntilOkAsync(int id, string key, string value, TimeSpan timeout)
    {
        string last = "";
        try
        {
            await Eventually.True(
                async () =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(Node(id).HttpUrl, $"kv/{key}")) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(value)) };
                    request.Headers.Add("Idempotency-Key", $"{key}={value}");
                    (var status, last) = await SendAsync(request);
                    return status == HttpStatusCode.OK;
                },
                timeout,
                $"PUT {key}={value} through node-{id}");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; last answer: {last}", e);
        }
    }

    /// <summary>GET /kv/{key} through node <paramref name="id"/>: status and body ("" when no answer).</summary>
    public async Task<(HttpStatusCode? Status, string Body)> GetAsync(int id, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Node(id).HttpUrl, $"kv/{key}"));
        return await SendAsync(request);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        Http.Dispose();
        foreach (var (id, log) in _logs.OrderBy(l => l.Key))
        {
            foreach (var line in log)
            {
                try
                {
                    _output.WriteLine($"[node-{id}] {line}");
                }
                catch (InvalidOperationException)
                {
                    // The test already finished (output closed).
                }
            }
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never fail a test over it.
        }

        await Task.CompletedTask;
    }

    private async Task<(HttpStatusCode? Status, string Body)> SendAsync(HttpRequestMessage request)
    {
        try
        {
            using var response = await Http.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (null, e.Message);
        }
    }
}
