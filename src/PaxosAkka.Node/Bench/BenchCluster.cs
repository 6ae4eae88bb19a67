using System.Collections.Concurrent;
using PaxosAkka.Node.Launcher;

namespace PaxosAkka.Node.Bench;

/// <summary>
/// A fresh local cluster for one bench run: N child node processes (the launcher's <see cref="NodeProcess"/>)
/// on free loopback ports, with their data in a temporary folder that <see cref="DisposeAsync"/> deletes after
/// killing every child, whatever happened.
/// </summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    private const int LogTail = 20;
    private readonly string _root;
    private readonly string _assembly;
    private readonly NodeProcess?[] _processes;
    private readonly ConcurrentQueue<string>[] _logs;

    private BenchCluster(string root, string assembly, IReadOnlyList<LocalNode> nodes)
    {
        _root = root;
        _assembly = assembly;
        Nodes = nodes;
        _processes = new NodeProcess?[nodes.Count + 1];
        _logs = [.. Enumerable.Range(0, nodes.Count + 1).Select(_ => new ConcurrentQueue<string>())];
    }

    /// <summary>The nodes, index 0 = node 1.</summary>
    public IReadOnlyList<LocalNode> Nodes { get; }

    /// <summary>Writes the configs of <paramref name="size"/> nodes under a new temporary folder and starts them all.</summary>
    public static BenchCluster Start(int size, string nodeAssembly)
    {
        string root = Path.Combine(Path.GetTempPath(), "paxos-bench-" + Guid.NewGuid().ToString("N")[..12]);
        var nodes = FreeLayout(size, root);
        LocalClusterLayout.WriteConfigs(nodes);
        var cluster = new BenchCluster(root, nodeAssembly, nodes);
        foreach (var node in nodes)
        {
            cluster.StartNode(node.Id);
        }

        return cluster;
    }

    /// <summary>Node <paramref name="id"/>.</summary>
    public LocalNode Node(int id) => Nodes[id - 1];

    /// <summary>True while node <paramref name="id"/>'s process runs.</summary>
    public bool IsRunning(int id) => _processes[id]?.IsRunning == true;

    /// <summary>Starts node <paramref name="id"/> (again) over its data folder.</summary>
    public void StartNode(int id)
    {
        if (IsRunning(id))
        {
            throw new InvalidOperationException($"node-{id} already runs");
        }

        _processes[id]?.Dispose();
        var log = _logs[id];
        _processes[id] = NodeProcess.Start(Node(id), _assembly, (node, line) =>
        {
            log.Enqueue(line);
            while (log.Count > LogTail && log.TryDequeue(out _))
            {
            }
        });
    }

    /// <summary>SIGKILL node <paramref name="id"/> and wait until it is gone.</summary>
    public async Task KillAsync(int id, CancellationToken cancellationToken)
    {
        var process = _processes[id] ?? throw new InvalidOperationException($"node-{id} is not running");
        await process.KillAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The last lines each node printed, for the error report when the cluster misbehaves.</summary>
    public string Tails() => string.Join(Environment.NewLine, Nodes.SelectMany(n => _logs[n.Id].Select(line => $"[{n.Name}] {line}")));

    /// <summary>Kills every child (SIGKILL: the data is thrown away anyway) and deletes the data folder.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (process is not null)
            {
                try
                {
                    await process.KillAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // Exit not yet reported on an overloaded machine: Dispose kills again and waits, and a timeout here
                    // must not hide the error the bench is reporting.
                }

                process.Dispose();
            }
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left behind in the temp folder rather than failing the bench.
        }
    }

    /// <summary>
    /// The launcher's layout (HTTP on base+N, remoting on base+1000+N) at a random base whose ports are all free,
    /// so a bench never collides with a cluster started by <c>local</c> or another bench.
    /// </summary>
    private static IReadOnlyList<LocalNode> FreeLayout(int size, string root)
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            var nodes = LocalClusterLayout.Create(size, Random.Shared.Next(20_000, 60_000), root);
            if (LocalLauncher.PortInUse(nodes) is null)
            {
                return nodes;
            }
        }

        throw new InvalidOperationException("found no free range of loopback ports for the bench cluster");
    }
}
