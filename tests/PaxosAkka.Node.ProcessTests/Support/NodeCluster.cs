using System.Collections.Concurrent;
using PaxosAkka.Node.Launcher;
using Xunit.Abstractions;

namespace PaxosAkka.Node.ProcessTests.Support;

/// <summary>
/// A cluster of real node processes on free loopback ports with its data in a temporary folder. Nodes are
/// numbered 1..N. Kill = SIGKILL, Pause/Resume = SIGSTOP/SIGCONT, Restart = start again over the same data.
/// Dispose kills every child and deletes the folder, whatever the test's outcome, and writes the tail of each
/// node's output to the test log.
/// </summary>
internal sealed partial class NodeCluster : IAsyncDisposable
{
    /// <summary>Settings that keep the suite short: a client request gives up after 2 s (503, outcome unknown).</summary>
    public const string TestHocon = "paxos.node.request-timeout = 2s";

    private const int LogTail = 30;
    private const int MaxLineLength = 400;
    private readonly ITestOutputHelper _output;
    private readonly string _root;
    private readonly string _assembly;
    private readonly NodeProcess?[] _processes;
    private readonly ConcurrentQueue<string>[] _logs;
    private readonly ConcurrentBag<StreamWriter> _fullLogs = [];

    private NodeCluster(ITestOutputHelper output, string root, string assembly, IReadOnlyList<LocalNode> nodes)
    {
        _output = output;
        _root = root;
        _assembly = assembly;
        Nodes = nodes;
        _processes = new NodeProcess?[nodes.Count + 1];
        _logs = [.. Enumerable.Range(0, nodes.Count + 1).Select(_ => new ConcurrentQueue<string>())];
        Http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
    }

    /// <summary>The nodes, index 0 = node 1.</summary>
    public IReadOnlyList<LocalNode> Nodes { get; }

    /// <summary>Ids 1..N.</summary>
    public IEnumerable<int> Ids => Nodes.Select(n => n.Id);

    /// <summary>The client every helper uses; its 5 s timeout outlasts the node's 2 s request timeout.</summary>
    public HttpClient Http { get; }

    /// <summary>Starts <paramref name="count"/> nodes and waits until they agree on a leader.</summary>
    public static Task<NodeCluster> StartAsync(int count, ITestOutputHelper output)
    {
        string root = Path.Combine(Path.GetTempPath(), "paxos-e2e-" + Guid.NewGuid().ToString("N")[..12]);
        int[] ports = FreePorts.Take(2 * count);
        var nodes = Enumerable.Range(1, count)
            .Select(id => new LocalNode(id, ports[id - 1], ports[count + id - 1], Path.Combine(root, $"node-{id}")))
            .ToList();
        return LaunchAsync(root, nodes, TestHocon, output);
    }

    /// <summary>Writes the nodes' configs (with <paramref name="hocon"/> appended), starts them and waits for a leader.</summary>
    private static async Task<NodeCluster> LaunchAsync(string root, IReadOnlyList<LocalNode> nodes, string hocon, ITestOutputHelper output)
    {
        LocalClusterLayout.WriteConfigs(nodes, hocon);
        var cluster = new NodeCluster(output, root, LocateNodeAssembly(), nodes);
        try
        {
            foreach (var node in nodes)
            {
                cluster.Start(node.Id);
            }

            await cluster.WaitForLeaderAsync(TimeSpan.FromSeconds(60));
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

    /// <summary>True while node <paramref name="id"/>'s process runs.</summary>
    public bool IsRunning(int id) => _processes[id]?.IsRunning == true;

    /// <summary>SIGKILL node <paramref name="id"/> and wait until it is gone.</summary>
    public async Task KillAsync(int id)
    {
        var process = _processes[id] ?? throw new InvalidOperationException($"node-{id} is not running");
        await process.KillAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Note($"node-{id} SIGKILLed");
    }

    /// <summary>SIGSTOP node <paramref name="id"/>.</summary>
    public async Task PauseAsync(int id)
    {
        await (_processes[id] ?? throw new InvalidOperationException($"node-{id} is not running")).PauseAsync();
        Note($"node-{id} SIGSTOPped");
    }

    /// <summary>SIGCONT node <paramref name="id"/>.</summary>
    public async Task ResumeAsync(int id)
    {
        await (_processes[id] ?? throw new InvalidOperationException($"node-{id} is not running")).ResumeAsync();
        Note($"node-{id} SIGCONTinued");
    }

    /// <summary>Starts a killed node again over its data and waits until its HTTP API answers.</summary>
    public async Task RestartAsync(int id)
    {
        if (IsRunning(id))
        {
            throw new InvalidOperationException($"node-{id} still runs; kill it first");
        }

        _processes[id]?.Dispose();
        Start(id);
        await Eventually.True(async () => await Healthy(id), TimeSpan.FromSeconds(30), $"node-{id} to answer /healthz after its restart");
        Note($"node-{id} restarted");
    }

    /// <summary>
    /// Waits until the nodes in <paramref name="among"/> (default: all running) agree on a leader, optionally one
    /// other than <paramref name="not"/>, and returns its id.
    /// </summary>
    public Task<int> WaitForLeaderAsync(TimeSpan timeout, IEnumerable<int>? among = null, int? not = null)
    {
        var ids = (among ?? Ids.Where(IsRunning)).ToList();
        var nodes = ids.Select(Node).ToList();
        return Eventually.Value<int>(
            async () => await LeaderProbe.AgreedLeader(Http, nodes, CancellationToken.None) is { } leader && leader != not && ids.Contains(leader) ? leader : null,
            timeout,
            $"a leader among nodes {string.Join(",", ids)}{(not is null ? "" : $" other than node-{not}")}");
    }

    /// <summary>The leader every running node agrees on right now, or null.</summary>
    public Task<int?> AgreedLeaderAsync() =>
        LeaderProbe.AgreedLeader(Http, [.. Ids.Where(IsRunning).Select(Node)], CancellationToken.None);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process?.Dispose();
        }

        Http.Dispose();
        foreach (var full in _fullLogs)
        {
            lock (full)
            {
                full.Dispose();
            }
        }

        for (int id = 1; id < _logs.Length; id++)
        {
            foreach (var line in _logs[id])
            {
                TryWrite($"[node-{id}] {line}");
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

    private void Start(int id)
    {
        var log = _logs[id];
        var full = FullLog(id);
        _processes[id] = NodeProcess.Start(Node(id), _assembly, (node, line) =>
        {
            if (full is not null)
            {
                lock (full)
                {
                    full.WriteLine(line);
                }
            }

            log.Enqueue(line.Length > MaxLineLength ? line[..MaxLineLength] + " ..." : line);
            while (log.Count > LogTail && log.TryDequeue(out _))
            {
            }
        });
    }

    /// <summary>
    /// With <c>PAXOS_TEST_NODE_LOGS=DIR</c> set, every line of node <paramref name="id"/> also goes to
    /// <c>DIR/&lt;test folder&gt;-node-N.log</c> (appended across restarts): the 30-line tail in the test log is too
    /// short to see how a cluster formed. Off by default.
    /// </summary>
    private StreamWriter? FullLog(int id)
    {
        if (Environment.GetEnvironmentVariable("PAXOS_TEST_NODE_LOGS") is not { Length: > 0 } dir)
        {
            return null;
        }

        Directory.CreateDirectory(dir);
        var writer = new StreamWriter(Path.Combine(dir, $"{Path.GetFileName(_root)}-node-{id}.log"), append: true) { AutoFlush = true };
        _fullLogs.Add(writer);
        return writer;
    }

    private async Task<bool> Healthy(int id)
    {
        try
        {
            using var response = await Http.GetAsync(new Uri(Node(id).HttpUrl, "healthz"));
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private void Note(string line) => TryWrite($"[cluster] {line}");

    private void TryWrite(string line)
    {
        try
        {
            _output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test already finished (output closed).
        }
    }

    /// <summary>The node project's own build output (it carries the node's deps.json and native SQLite).</summary>
    private static string LocateNodeAssembly() => NodeBinary.NodeAssemblyBuiltFor(AppContext.BaseDirectory);
}
