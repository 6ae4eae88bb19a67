using PaxosAkka.Node.Launcher;
using Xunit.Abstractions;

namespace PaxosAkka.Node.ProcessTests.Support;

/// <summary>Clusters whose nodes run different roles (reference system 004 and smaller split topologies).</summary>
internal sealed partial class NodeCluster
{
    /// <summary>
    /// Starts one node per entry of <paramref name="topology"/> (the acceptor group = the nodes with the acceptor role)
    /// and waits for a leader. <paramref name="extraHocon"/> is appended to every node's file; <paramref name="environment"/>
    /// is set for the child processes started here (fault-injection hooks) and not for later restarts.
    /// </summary>
    public static async Task<NodeCluster> StartAsync(LocalTopology topology, ITestOutputHelper output, string? extraHocon = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        string root = Path.Combine(Path.GetTempPath(), "paxos-e2e-" + Guid.NewGuid().ToString("N")[..12]);
        int count = topology.Count;
        int[] ports = FreePorts.Take(2 * count);
        var nodes = Enumerable.Range(1, count)
            .Select(id => new LocalNode(id, ports[id - 1], ports[count + id - 1], Path.Combine(root, $"node-{id}"), topology.Roles[id - 1]))
            .ToList();
        LocalClusterLayout.WriteConfigs(nodes, TestHocon + Environment.NewLine + extraHocon);
        var cluster = new NodeCluster(output, root, LocateNodeAssembly(), nodes);
        try
        {
            foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            foreach (var node in nodes)
            {
                cluster.Start(node.Id);
            }
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        finally
        {
            foreach (var name in (environment ?? new Dictionary<string, string>()).Keys)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }

        try
        {
            await cluster.WaitForLeaderAsync(TimeSpan.FromSeconds(60));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The lines node <paramref name="id"/> printed lately (the last few dozen) that contain <paramref name="text"/>.</summary>
    public IReadOnlyList<string> RecentLines(int id, string text) => [.. _logs[id].Where(l => l.Contains(text, StringComparison.Ordinal))];

    /// <summary>Waits until node <paramref name="id"/> prints a line containing <paramref name="text"/> that was not among <paramref name="seen"/>.</summary>
    public Task WaitForNewLineAsync(int id, string text, IReadOnlyCollection<string> seen, TimeSpan timeout) =>
        Eventually.True(() => Task.FromResult(RecentLines(id, text).Any(l => !seen.Contains(l))), timeout, $"node-{id} to print \"{text}\"");
}
