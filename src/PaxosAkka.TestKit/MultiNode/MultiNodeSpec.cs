using System.Globalization;
using PaxosAkka.Cluster;

namespace PaxosAkka.TestKit.MultiNode;

/// <summary>
/// Runs several cluster nodes on loopback TCP for one spec (Akka's <c>MultiNodeSpec</c>, driven from one test
/// process): nodes are declared by <see cref="RoleName"/>, started in this process or as child processes, and
/// addressed by role. <see cref="RunOnEachNodeAsync"/> runs one body per node concurrently, with
/// <see cref="EnterBarrierAsync"/> to keep them in step and <see cref="RunOnAsync"/> for role-specific parts;
/// <see cref="Conductor"/> cuts and crashes; the cluster helpers (<see cref="AwaitMembersUpAsync"/>, …) await
/// conditions with deadlines. Disposing stops every node.
/// </summary>
public sealed partial class MultiNodeSpec : IAsyncDisposable
{
    private readonly Dictionary<RoleName, NodeHandle> _nodes = [];
    private readonly List<NodeHandle> _all = [];
    private readonly Lock _gate = new();

    public MultiNodeSpec(MultiNodeSpecOptions? options = null)
    {
        Options = options ?? new MultiNodeSpecOptions();
        Conductor = new TestConductor(this);
    }

    public MultiNodeSpecOptions Options { get; }

    public TestConductor Conductor { get; }

    public BarrierCoordinator Barriers { get; } = new();

    /// <summary>The roles with a node, in start order.</summary>
    public IReadOnlyList<RoleName> Roles
    {
        get { lock (_gate) { return [.. _nodes.Keys]; } }
    }

    /// <summary>The current node of <paramref name="role"/>; a clear error if there is none.</summary>
    public NodeHandle Handle(RoleName role)
    {
        ArgumentNullException.ThrowIfNull(role);
        lock (_gate)
        {
            return _nodes.TryGetValue(role, out var node)
                ? node
                : throw new ArgumentException($"no node plays role '{role}' (roles: [{string.Join(", ", _nodes.Keys)}])", nameof(role));
        }
    }

    /// <summary>The in-process node of <paramref name="role"/> (its actor system and cluster extension).</summary>
    public InProcessNode InProcess(RoleName role) =>
        Handle(role) as InProcessNode ?? throw new InvalidOperationException($"{role} runs in a child process");

    /// <summary>The address of <paramref name="role"/>'s node.</summary>
    public NodeAddress Node(RoleName role) => Handle(role).Address;

    /// <summary>
    /// Starts the node of <paramref name="role"/> on <paramref name="port"/> (0 = a free port; a restarted node passes
    /// its old port). A role whose previous node stopped gets the new incarnation.
    /// </summary>
    public async Task<NodeHandle> StartAsync(RoleName role, NodeMode mode = NodeMode.InProcess, int port = 0, string extraConfig = "")
    {
        ArgumentNullException.ThrowIfNull(role);
        NodeHandle? previous;
        lock (_gate)
        {
            if (_nodes.TryGetValue(role, out previous) && !previous.HasStopped)
            {
                throw new InvalidOperationException($"{previous} is still running");
            }
        }

        if (previous is InProcessNode stopped)
        {
            // A downed node's system terminates before its remoting lets go of the port; a restart on the same
            // port must wait for that.
            await stopped.WhenPortReleased.WaitAsync(Options.Patience);
        }

        var config = $"{Options.Config}\npaxos.remote.port = {port.ToString(CultureInfo.InvariantCulture)}\n{extraConfig}";
        NodeHandle node = mode == NodeMode.InProcess
            ? await InProcessNode.StartAsync(role, config, Options.SystemName, Options.LoggerFactory)
            : await ChildProcessNode.StartAsync(role, Options.HostAssembly, config, Options.SystemName, Options.Patience, Options.Log);
        lock (_gate)
        {
            _nodes[role] = node;
            _all.Add(node);
        }

        Barriers.Restore(role);
        Options.Log?.Invoke($"started {node} as {mode}, uid {node.Uid}");
        return node;
    }

    /// <summary>Starts one node per role, one after the other.</summary>
    public async Task StartAllAsync(IEnumerable<RoleName> roles, NodeMode mode = NodeMode.InProcess)
    {
        ArgumentNullException.ThrowIfNull(roles);
        foreach (var role in roles)
        {
            await StartAsync(role, mode);
        }
    }

    /// <summary>Every running node (or those of <paramref name="roles"/>) joins through the seed roles' nodes.</summary>
    public async Task JoinAsync(IReadOnlyList<RoleName> seeds, IEnumerable<RoleName>? roles = null)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        NodeAddress[] seedAddresses = [.. seeds.Select(Node)];
        foreach (var node in Running(roles))
        {
            await node.JoinSeedNodesAsync(seedAddresses);
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> once per running node, concurrently, as Akka runs a multi-node test on every
    /// node; barriers entered from the body wait for all of these nodes. Fails with the first failure.
    /// </summary>
    public async Task RunOnEachNodeAsync(Func<NodeHandle, Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        await Task.WhenAll(Running(null).Select(node => Task.Run(() => body(node))));
    }

    /// <summary>Runs <paramref name="action"/> only when <paramref name="me"/> plays one of <paramref name="roles"/> (Akka's <c>runOn</c>).</summary>
    public static async Task RunOnAsync(NodeHandle me, IReadOnlyCollection<RoleName> roles, Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(me);
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(action);
        if (roles.Contains(me.Role))
        {
            await action();
        }
    }

    /// <summary>Runs <paramref name="action"/> on the node of <paramref name="role"/> right away (single-driver style).</summary>
    public Task RunOnAsync(RoleName role, Func<NodeHandle, Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action(Handle(role));
    }

    /// <summary>
    /// Waits until every running node has entered barrier <paramref name="name"/>; throws a
    /// <see cref="BarrierTimeoutException"/> naming the missing nodes after <paramref name="timeout"/> (default: patience).
    /// </summary>
    public Task EnterBarrierAsync(NodeHandle me, string name, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(me);
        Options.Log?.Invoke($"{me.Role} enters barrier '{name}'");
        return Barriers.EnterAsync(me.Role, name, [.. Running(null).Select(n => n.Role)], timeout ?? Options.Patience);
    }

    public async ValueTask DisposeAsync()
    {
        NodeHandle[] all;
        lock (_gate)
        {
            all = [.. _all];
        }

        await Task.WhenAll(all.Select(n => n.DisposeAsync().AsTask()));
    }

    private NodeHandle[] Running(IEnumerable<RoleName>? roles)
    {
        lock (_gate)
        {
            var nodes = roles is null ? _nodes.Values : roles.Select(r => _nodes[r]);
            return [.. nodes.Where(n => !n.HasStopped)];
        }
    }
}
