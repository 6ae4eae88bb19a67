namespace PaxosAkka.MultiNode.Kit;

/// <summary>One role's node, however it runs; its HTTP client API through <see cref="Client"/>.</summary>
public abstract class NodeHost : IAsyncDisposable
{
    private protected NodeHost(SpecNode node, SpecLog log)
    {
        Node = node;
        Log = log;
        Client = new NodeClient(node.HttpUrl);
    }

    /// <summary>Where the node listens.</summary>
    public SpecNode Node { get; }

    /// <summary>The role.</summary>
    public RoleName Role => Node.Role;

    /// <summary>Its Paxos node id.</summary>
    public int Id => Node.Id;

    /// <summary>Its HTTP API.</summary>
    public NodeClient Client { get; }

    /// <summary>True while the node runs (a node restarting its actor system in-process counts as running).</summary>
    public abstract bool IsRunning { get; }

    private protected SpecLog Log { get; }

    /// <summary>Starts the node and returns once its HTTP API listens.</summary>
    public abstract Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Stops the node cleanly (it leaves the cluster).</summary>
    public abstract Task StopAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await DisposeCoreAsync().ConfigureAwait(false);
        Client.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Stops whatever still runs.</summary>
    private protected abstract ValueTask DisposeCoreAsync();
}
