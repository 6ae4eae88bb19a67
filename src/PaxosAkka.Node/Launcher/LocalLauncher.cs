using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace PaxosAkka.Node.Launcher;

/// <summary>
/// <c>PaxosAkka.Node local --nodes 5</c> (or <c>--topology seed004</c>, <c>--topology seed000</c>): runs a whole cluster on loopback as child processes of this one,
/// prefixes their output with <c>[node-N]</c>, waits for a leader (with <c>auto</c> nodes also for the leader's
/// role assignment and one acknowledged write), prints the URLs and one READY line, and on
/// Ctrl-C or SIGTERM stops every child (SIGTERM, then SIGKILL after a grace period). Data persists under the
/// data folder, so running it again continues where the last run stopped.
/// </summary>
public static class LocalLauncher
{
    /// <summary>How long a child may take to stop after SIGTERM before it is killed.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    private static readonly Lock ConsoleGate = new();

    /// <summary>Runs the launcher; 0 after a clean stop, 1 when the cluster did not come up, 2 for bad arguments.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        LocalLauncherOptions options;
        string assembly;
        try
        {
            options = LocalLauncherOptions.Parse(args);
            assembly = NodeBinary.NodeAssembly();
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException)
        {
            await Console.Error.WriteLineAsync($"local: {e.Message}\n{LocalLauncherOptions.Usage}").ConfigureAwait(false);
            return 2;
        }

        var topology = options.Layout;
        var nodes = LocalClusterLayout.Create(topology, options.BasePort, options.DataRoot);
        if (PortInUse(nodes) is { } busy)
        {
            await Console.Error.WriteLineAsync($"local: {busy}; stop whatever uses it or pick another --base-port").ConfigureAwait(false);
            return 2;
        }

        string? crowded = CrowdedHostSettings(nodes.Count, Environment.ProcessorCount);
        LocalClusterLayout.WriteConfigs(nodes, crowded);
        if (crowded is not null)
        {
            Print($"[launcher] {nodes.Count} nodes share {Environment.ProcessorCount} cores: {crowded}");
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => { ctx.Cancel = true; stop.Cancel(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; stop.Cancel(); });

        var children = new List<NodeProcess>();
        try
        {
            foreach (var node in nodes)
            {
                var child = NodeProcess.Start(node, assembly, (n, line) => Print($"[{n.Name}] {line}"));
                children.Add(child);
                _ = ReportExit(child, stop.Token);
            }

            Print($"[launcher] started {nodes.Count} node(s) ({topology.Name}) from {assembly}; data under {Path.GetFullPath(options.DataRoot)}");
            int? leader = await WaitForLeader(nodes, options.ReadyTimeout, stop.Token).ConfigureAwait(false);
            if (leader is null)
            {
                Print($"[launcher] no leader within {options.ReadyTimeout.TotalSeconds:0} s; stopping (see the node output above)");
                return 1;
            }

            foreach (var line in TopologyTable(nodes, leader.Value))
            {
                Print(line);
            }

            var tryUrl = nodes[0].HttpUrl;
            if (topology.HasAutoNodes)
            {
                var assignment = await WaitForAssignment(nodes, leader.Value, options.ReadyTimeout, stop.Token).ConfigureAwait(false);
                if (assignment is null)
                {
                    Print($"[launcher] no complete role assignment and acknowledged write within {options.ReadyTimeout.TotalSeconds:0} s; stopping (see the node output above)");
                    return 1;
                }

                Print($"[launcher] role assignment {assignment} (GET /cluster/roles); a write through node-{assignment.Store[0]} succeeded");
                tryUrl = nodes.First(n => n.Id == assignment.Store[0]).HttpUrl;
            }

            string named = options.Topology is null ? "" : $" ({topology.Name})";
            Print($"READY: {nodes.Count} nodes{named}, leader node-{leader}; try: curl -X PUT --data hello {tryUrl}kv/greeting; Ctrl-C stops");
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0;
        }
        finally
        {
            Print("[launcher] stopping nodes (SIGTERM, SIGKILL after 5 s)");
            bool[] clean = await Task.WhenAll(children.Select(c => c.StopAsync(StopGrace, CancellationToken.None))).ConfigureAwait(false);
            Print($"[launcher] stopped {children.Count} node(s){(clean.All(c => c) ? "" : $", {clean.Count(c => !c)} killed after the grace period")}");
            foreach (var child in children)
            {
                child.Dispose();
            }
        }
    }

    /// <summary>One line per node: id, roles, HTTP URL, remoting port, data folder; the leader marked.</summary>
    internal static IEnumerable<string> TopologyTable(IReadOnlyList<LocalNode> nodes, int leader)
    {
        yield return $"[launcher] {"node",-8} {"roles",-34} {"http",-24} {"remoting",-16} {"pbm",-16} data";
        foreach (var node in nodes)
        {
            string roles = string.Join(",", node.RoleList) + (node.Id == leader ? " (leader)" : "");
            string pbm = node.CmdPort is int cmd ? LocalNode.Host + ":" + cmd : "-";
            yield return $"[launcher] {node.Name,-8} {roles,-34} {node.HttpUrl,-24} {LocalNode.Host + ":" + node.RemotePort,-16} {pbm,-16} {node.DataDirectory}";
        }
    }

    /// <summary>
    /// Polls <c>/paxos</c> until a leader is agreed and the store nodes are in sync, or the deadline passes,
    /// printing a line a second.
    /// </summary>
    private static async Task<int?> WaitForLeader(IReadOnlyList<LocalNode> nodes, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = TimeProvider.System;
        var deadline = clock.GetUtcNow() + timeout;
        var nextDot = clock.GetUtcNow() + TimeSpan.FromSeconds(1);
        Print("[launcher] waiting for a leader");
        while (clock.GetUtcNow() < deadline)
        {
            if (await LeaderProbe.AgreedLeader(http, nodes, cancellationToken).ConfigureAwait(false) is { } leader
                && await LeaderProbe.StoresInSync(http, nodes, cancellationToken).ConfigureAwait(false))
            {
                return leader;
            }

            if (clock.GetUtcNow() >= nextDot)
            {
                Print("[launcher] ... still waiting for a leader");
                nextDot += TimeSpan.FromSeconds(1);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>
    /// Settings for a local cluster crowded onto few cores (more than three nodes a core, e.g. seed004's fifteen on two):
    /// there a node can stall past the election's 300 ms heartbeat pause for no fault of its own, and every false
    /// suspicion costs a leader change (reference.conf: "raise on loaded hosts"). Null when the host has room.
    /// </summary>
    internal static string? CrowdedHostSettings(int nodes, int cores) =>
        nodes > 3 * Math.Max(1, cores) ? "paxos.node.election.acceptable-heartbeat-pause = 1s" : null;

    /// <summary>
    /// Polls <c>/cluster/roles</c> (through the leader, else any node that answers) until every role has its holders among the auto nodes and a write
    /// through one of them succeeded, or the deadline passes.
    /// </summary>
    private static async Task<AssignmentSeen?> WaitForAssignment(IReadOnlyList<LocalNode> nodes, int leader, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var clock = TimeProvider.System;
        var deadline = clock.GetUtcNow() + timeout;
        int wanted = Math.Min(new Assignment.AssignmentTargets().Wanted, nodes.Count(n => n.Has(Configuration.NodeRoles.Auto)));
        Print("[launcher] waiting for the leader's role assignment");
        while (clock.GetUtcNow() < deadline)
        {
            if (await AssignmentProbe.Ready(http, nodes, leader, wanted, cancellationToken).ConfigureAwait(false) is { } seen)
            {
                return seen;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>Reports a child that exits while the launcher runs; the others keep running.</summary>
    private static async Task ReportExit(NodeProcess child, CancellationToken stopping)
    {
        int code = await child.Exited.ConfigureAwait(false);
        if (!stopping.IsCancellationRequested)
        {
            Print($"[launcher] {child.Node.Name} (pid {child.Pid}) exited with code {code}; the other nodes keep running");
        }
    }

    /// <summary>The first port of the layout something else already listens on, described, or null.</summary>
    internal static string? PortInUse(IReadOnlyList<LocalNode> nodes)
    {
        var ports = nodes.SelectMany(n => new[] { (n, n.HttpPort, "HTTP"), (n, n.RemotePort, "remoting") })
            .Concat(nodes.Where(n => n.CmdPort is not null).Select(n => (n, n.CmdPort!.Value, "pbm command endpoint")));
        foreach (var (node, port, what) in ports)
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            try
            {
                listener.Start();
            }
            catch (SocketException)
            {
                return $"port {port} ({what} of {node.Name}) is in use";
            }
            finally
            {
                listener.Stop();
            }
        }

        return null;
    }

    private static void Print(string line)
    {
        lock (ConsoleGate)
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
    }
}
