namespace PaxosAkka.MultiNode.Kit;

/// <summary>What a spec body sees while it runs as one role (Akka's MultiNodeSpec inside one JVM).</summary>
public sealed class RoleContext
{
    private readonly MultiNodeSpec _spec;

    internal RoleContext(MultiNodeSpec spec, RoleName myself, CancellationToken cancellation)
    {
        _spec = spec;
        Myself = myself;
        Cancellation = cancellation;
    }

    /// <summary>The role this body runs as.</summary>
    public RoleName Myself { get; }

    /// <summary>This role's node.</summary>
    public NodeHost Node => _spec.Node(Myself);

    /// <summary>The spec (other nodes, the conductor, the log).</summary>
    public MultiNodeSpec Spec => _spec;

    /// <summary>The conductor.</summary>
    public TestConductor TestConductor => _spec.TestConductor;

    /// <summary>Cancelled when this role leaves the spec (its node was killed or shut down).</summary>
    public CancellationToken Cancellation { get; }

    /// <summary>True when this body runs as one of <paramref name="roles"/>.</summary>
    public bool IsNode(params RoleName[] roles) => roles.Contains(Myself);

    /// <summary>Runs <paramref name="action"/> only when this body runs as one of <paramref name="roles"/>.</summary>
    public async Task RunOnAsync(Func<Task> action, params RoleName[] roles)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (IsNode(roles))
        {
            await action().ConfigureAwait(false);
        }
    }

    /// <summary>Waits until every role still in the spec has entered the barrier <paramref name="name"/>.</summary>
    public Task EnterBarrierAsync(string name)
    {
        Cancellation.ThrowIfCancellationRequested();
        _spec.Log.Write(Myself, $"enters barrier {name}");
        return _spec.EnterBarrierAsync(name, Myself, Cancellation);
    }
}
