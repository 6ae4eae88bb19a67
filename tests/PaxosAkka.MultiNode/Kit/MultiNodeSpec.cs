using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Xunit.Abstractions;

namespace PaxosAkka.MultiNode.Kit;

/// <summary>
/// A running multi-node spec, in the spirit of Akka's MultiNodeSpec: one node per declared role, and a body that
/// <see cref="RunAsync"/> runs once per role, concurrently, as Akka runs it once per JVM or process. Inside the body
/// <see cref="RoleContext.RunOnAsync"/> restricts code to some roles and <see cref="RoleContext.EnterBarrierAsync"/>
/// waits for every role still in the spec. <see cref="TestConductor"/> cuts, throttles and heals links and kills
/// nodes. Disposing stops every node, writes every node's log to the test output and deletes the data.
/// </summary>
public sealed class MultiNodeSpec : IAsyncDisposable
{
    private readonly string _root;
    private readonly Dictionary<RoleName, NodeHost> _nodes;
    private readonly ConcurrentDictionary<RoleName, CancellationTokenSource> _bodies = new();
    private Barriers _barriers;

    private MultiNodeSpec(MultiNodeConfig config, SpecLog log, string root, IReadOnlyList<SpecNode> nodes)
    {
        Config = config;
        Log = log;
        _root = root;
        TestConductor = new TestConductor(this);
        _barriers = new Barriers(config.Roles);
        _nodes = nodes.ToDictionary(n => n.Role, n => CreateHost(config, n, nodes, log));
    }

    /// <summary>What the spec declared.</summary>
    public MultiNodeConfig Config { get; }

    /// <summary>The conductor.</summary>
    public TestConductor TestConductor { get; }

    /// <summary>Every node's log.</summary>
    public SpecLog Log { get; }

    /// <summary>How long a barrier waits for the last role.</summary>
    public TimeSpan BarrierTimeout { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>The roles, in declaration order.</summary>
    public IReadOnlyList<RoleName> Roles => Config.Roles;

    /// <summary>Starts a node for every role (on free loopback ports, data in a temporary folder).</summary>
    public static async Task<MultiNodeSpec> StartAsync(MultiNodeConfig config, ITestOutputHelper output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        string root = Path.Combine(Path.GetTempPath(), "paxos-multinode-" + Guid.NewGuid().ToString("N")[..12]);
        int[] ports = FreePorts(2 * config.Roles.Count);
        var nodes = config.Roles.Select((role, i) => new SpecNode(role, i + 1, ports[2 * i], ports[(2 * i) + 1], Path.Combine(root, role.Name))).ToList();
        var spec = new MultiNodeSpec(config, new SpecLog(output), root, nodes);
        try
        {
            await Task.WhenAll(spec._nodes.Values.Where(n => !config.StartsLater(n.Role)).Select(n => n.StartAsync(cancellationToken))).ConfigureAwait(false);
            spec.Log.Write(null, $"nodes {string.Join(", ", nodes.Select(n => $"{n.Role}=node {n.Id} (http {n.HttpPort}, remote {n.RemotePort}{(config.StartsLater(n.Role) ? ", starts later" : string.Empty)})"))}");
            return spec;
        }
        catch
        {
            await spec.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The node of <paramref name="role"/>.</summary>
    public NodeHost Node(RoleName role) => _nodes.TryGetValue(role, out var node) ? node : throw new ArgumentException($"no role {role}", nameof(role));

    /// <summary>Starts the node of <paramref name="role"/> (one declared to start later, or one stopped).</summary>
    public async Task StartNodeAsync(RoleName role, CancellationToken cancellationToken = default)
    {
        await Node(role).StartAsync(cancellationToken).ConfigureAwait(false);
        Log.Write(null, $"{role} started");
    }

    /// <summary>The in-process node of <paramref name="role"/>.</summary>
    public InProcessNodeHost InProcess(RoleName role) =>
        Node(role) as InProcessNodeHost ?? throw new InvalidOperationException($"{role} does not run in-process");

    /// <summary>
    /// Runs <paramref name="body"/> once per role, concurrently, and returns when every role has finished. A role
    /// that leaves the spec (killed, shut down) has its body cancelled; that is no failure. The first failure breaks
    /// every barrier and is rethrown.
    /// </summary>
    public async Task RunAsync(Func<RoleContext, Task> body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        _barriers = new Barriers(Roles.Where(r => !_bodies.TryGetValue(r, out var c) || !c.IsCancellationRequested));
        var runs = Roles.Select(role => RunRoleAsync(role, body, cancellationToken)).ToList();
        await Task.WhenAll(runs).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_nodes.Values.Select(n => n.DisposeAsync().AsTask())).ConfigureAwait(false);
        foreach (var body in _bodies.Values)
        {
            body.Dispose();
        }

        Log.Flush();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temp folder is harmless; never fail a spec over it.
        }
    }

    internal Task EnterBarrierAsync(string name, RoleName role, CancellationToken cancellationToken) =>
        _barriers.EnterAsync(name, role, BarrierTimeout, cancellationToken);

    /// <summary>Takes <paramref name="role"/> out of the spec: its body is cancelled, barriers no longer wait for it.</summary>
    internal void Leave(RoleName role)
    {
        _bodies.GetOrAdd(role, _ => new CancellationTokenSource()).Cancel();
        _barriers.Leave(role);
    }

    private async Task RunRoleAsync(RoleName role, Func<RoleContext, Task> body, CancellationToken cancellationToken)
    {
        var own = _bodies.GetOrAdd(role, _ => new CancellationTokenSource());
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(own.Token, cancellationToken);
        if (own.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await Task.Run(() => body(new RoleContext(this, role, linked.Token)), CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (own.IsCancellationRequested)
        {
            // The role left the spec (its node was killed): its body ends here, as a killed JVM's does in Akka.
        }
        catch (Exception e)
        {
            Log.Write(role, $"body failed: {e.GetType().Name}: {e.Message}");
            _barriers.Break(e);
            throw;
        }
    }

    private NodeHost CreateHost(MultiNodeConfig config, SpecNode node, IReadOnlyList<SpecNode> all, SpecLog log)
    {
        string hocon = SpecNodeConfig.Build(config, node, all);
        if (config.Hosting == NodeHosting.ChildProcess)
        {
            return new ChildProcessNodeHost(node, hocon, log);
        }

        var host = new InProcessNodeHost(node, hocon, log);
        host.RuntimeStarted += TestConductor.OnRuntimeStarted;
        return host;
    }

    private static int[] FreePorts(int count)
    {
        // Hold every listener until all ports are picked, so no port is handed out twice.
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
