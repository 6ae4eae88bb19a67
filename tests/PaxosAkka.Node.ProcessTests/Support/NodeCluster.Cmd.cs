using PaxosAkka.Node.Launcher;
using Xunit.Abstractions;

namespace PaxosAkka.Node.ProcessTests.Support;

/// <summary>Clusters whose nodes serve pbm's command endpoint (<c>paxos.cmd.port</c>) on free loopback ports.</summary>
internal sealed partial class NodeCluster
{
    /// <summary>
    /// Starts <paramref name="count"/> nodes, each with a command endpoint, and waits for a leader.
    /// <paramref name="extraHocon"/> is appended to every node's file.
    /// </summary>
    public static Task<NodeCluster> StartWithCommandEndpointsAsync(int count, ITestOutputHelper output, string? extraHocon = null)
    {
        string root = Path.Combine(Path.GetTempPath(), "paxos-e2e-" + Guid.NewGuid().ToString("N")[..12]);
        int[] ports = FreePorts.Take(3 * count);
        var nodes = Enumerable.Range(1, count)
            .Select(id => new LocalNode(id, ports[id - 1], ports[count + id - 1], Path.Combine(root, $"node-{id}"), CmdPort: ports[(2 * count) + id - 1]))
            .ToList();
        return LaunchAsync(root, nodes, TestHocon + Environment.NewLine + extraHocon, output);
    }

    /// <summary>The <c>host:port</c> pbm is given for node <paramref name="id"/>.</summary>
    public string CmdAddress(int id) => $"{LocalNode.Host}:{Node(id).CmdPort ?? throw new InvalidOperationException($"node-{id} serves no command endpoint")}";

    /// <summary>Node <paramref name="id"/>'s Akka address, as <c>cluster show</c> prints it.</summary>
    public string AkkaAddress(int id) => $"akka.tcp://paxos@{LocalNode.Host}:{Node(id).RemotePort}";
}
