namespace PaxosAkka.Actors;

/// <summary>
/// Akka's coordinated shutdown: named phases run in a fixed order; each runs its tasks concurrently and waits
/// for them up to the phase timeout (a late or failing task is logged and skipped, never blocks the node).
/// The last phase stops all actors. <see cref="Run"/> is idempotent: every caller gets the same task.
/// Phase timeouts use the real clock on purpose: a node must shut down even when a test froze virtual time.
/// </summary>
public sealed class CoordinatedShutdown
{
    /// <summary>Stop accepting new work before unbinding.</summary>
    public const string PhaseBeforeServiceUnbind = "before-service-unbind";

    /// <summary>Unbind listeners (client ports).</summary>
    public const string PhaseServiceUnbind = "service-unbind";

    /// <summary>Wait for in-flight requests.</summary>
    public const string PhaseServiceRequestsDone = "service-requests-done";

    /// <summary>Stop services.</summary>
    public const string PhaseServiceStop = "service-stop";

    /// <summary>Before cluster shutdown.</summary>
    public const string PhaseBeforeClusterShutdown = "before-cluster-shutdown";

    /// <summary>Hand over sharded state (kept for Akka familiarity).</summary>
    public const string PhaseClusterShardingShutdownRegion = "cluster-sharding-shutdown-region";

    /// <summary>Leave the cluster gracefully.</summary>
    public const string PhaseClusterLeave = "cluster-leave";

    /// <summary>Wait for the exiting state to spread.</summary>
    public const string PhaseClusterExiting = "cluster-exiting";

    /// <summary>Exiting acknowledged.</summary>
    public const string PhaseClusterExitingDone = "cluster-exiting-done";

    /// <summary>Shut the cluster extension down.</summary>
    public const string PhaseClusterShutdown = "cluster-shutdown";

    /// <summary>Last chance before actors stop.</summary>
    public const string PhaseBeforeActorSystemTerminate = "before-actor-system-terminate";

    /// <summary>All actors stop.</summary>
    public const string PhaseActorSystemTerminate = "actor-system-terminate";

    /// <summary>The phases, in the order they run.</summary>
    public static IReadOnlyList<string> PhaseOrder { get; } =
    [
        PhaseBeforeServiceUnbind, PhaseServiceUnbind, PhaseServiceRequestsDone, PhaseServiceStop,
        PhaseBeforeClusterShutdown, PhaseClusterShardingShutdownRegion, PhaseClusterLeave, PhaseClusterExiting,
        PhaseClusterExitingDone, PhaseClusterShutdown, PhaseBeforeActorSystemTerminate, PhaseActorSystemTerminate,
    ];

    private readonly ActorSystem _system;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<(string Name, Func<CancellationToken, Task> Task)>> _tasks = new(StringComparer.Ordinal);
    private Task? _run;

    internal CoordinatedShutdown(ActorSystem system) => _system = system;

    /// <summary>Why shutdown runs.</summary>
    public abstract class Reason
    {
        /// <inheritdoc />
        public override string ToString() => GetType().Name;
    }

    /// <summary><c>ActorSystem.Terminate()</c> was called.</summary>
    public sealed class ActorSystemTerminateReason : Reason
    {
        private ActorSystemTerminateReason() { }

        /// <summary>The single instance.</summary>
        public static ActorSystemTerminateReason Instance { get; } = new();
    }

    /// <summary>The node left the cluster.</summary>
    public sealed class ClusterLeavingReason : Reason
    {
        private ClusterLeavingReason() { }

        /// <summary>The single instance.</summary>
        public static ClusterLeavingReason Instance { get; } = new();
    }

    /// <summary>Any other reason.</summary>
    public sealed class UnknownReason : Reason
    {
        private UnknownReason() { }

        /// <summary>The single instance.</summary>
        public static UnknownReason Instance { get; } = new();
    }

    /// <summary>The shutdown of a system (Akka's <c>CoordinatedShutdown.Get(system)</c>).</summary>
    public static CoordinatedShutdown Get(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.CoordinatedShutdown;
    }

    /// <summary>The reason of the running (or finished) shutdown; null before.</summary>
    public Reason? ShutdownReason { get; private set; }

    /// <summary>Adds a task to a phase; tasks of one phase run concurrently and get a token cancelled at the phase timeout.</summary>
    public void AddTask(string phase, string taskName, Func<CancellationToken, Task> task)
    {
        ArgumentException.ThrowIfNullOrEmpty(phase);
        ArgumentException.ThrowIfNullOrEmpty(taskName);
        ArgumentNullException.ThrowIfNull(task);
        if (!PhaseOrder.Contains(phase))
        {
            throw new ArgumentException($"Unknown coordinated-shutdown phase [{phase}]; known phases: {string.Join(", ", PhaseOrder)}.", nameof(phase));
        }

        lock (_gate)
        {
            if (_run is not null) throw new InvalidOperationException($"Coordinated shutdown of [{_system.Name}] already runs; task [{taskName}] is too late.");
            if (!_tasks.TryGetValue(phase, out var list)) _tasks[phase] = list = [];
            list.Add((taskName, task));
        }
    }

    /// <summary>Runs all phases once; later calls return the same task.</summary>
    public Task Run(Reason reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        lock (_gate)
        {
            if (_run is not null) return _run;
            ShutdownReason = reason;
            _run = Task.Run(() => RunPhases(reason));
            return _run;
        }
    }

    private async Task RunPhases(Reason reason)
    {
        foreach (var phase in PhaseOrder)
        {
            List<(string Name, Func<CancellationToken, Task> Task)> tasks;
            lock (_gate) tasks = _tasks.TryGetValue(phase, out var list) ? [.. list] : [];
            var timeout = _system.Settings.PhaseTimeout(phase);
            if (tasks.Count > 0 || phase == PhaseActorSystemTerminate)
            {
                RuntimeLog.LogInfoShutdownPhase(_system.Log, _system.Name, phase, reason);
            }

            using var cts = new CancellationTokenSource(timeout);
            var running = tasks.Select(t => RunTask(phase, t.Name, t.Task, timeout, cts.Token)).ToList();
            if (phase == PhaseActorSystemTerminate)
            {
                running.Add(RunTask(phase, "terminate-actor-system", _ => _system.StopGuardians(), timeout, cts.Token));
            }

            await Task.WhenAll(running).ConfigureAwait(false);
        }
    }

    private async Task RunTask(string phase, string name, Func<CancellationToken, Task> task, TimeSpan timeout, CancellationToken token)
    {
        try
        {
            await Task.Run(() => task(token), CancellationToken.None).WaitAsync(timeout, TimeProvider.System, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            RuntimeLog.LogWarningShutdownTaskTimedOut(_system.Log, name, phase, timeout);
        }
        catch (Exception e)
        {
            RuntimeLog.LogWarningShutdownTaskFailed(_system.Log, e, name, phase);
        }
    }
}
