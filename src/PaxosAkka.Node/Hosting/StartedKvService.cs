using PaxosAkka.Node.Client;
using PaxosAkka.Node.Store;

namespace PaxosAkka.Node.Hosting;

/// <summary>
/// The HTTP endpoints' <see cref="IKvService"/> on a real node: the routes are mapped before the host starts, while
/// the service behind them is made when Akka.Hosting starts the actor system (before Kestrel listens). Until then a
/// request waits for it; a status read answers with this node's id and nothing else yet (the prime endpoints read the
/// id when they are mapped).
/// </summary>
internal sealed class StartedKvService<TParts>(int self, Task<TParts> parts, Func<TParts, PaxosKvService> service) : IKvService
{
    private PaxosKvService? Ready => parts.IsCompletedSuccessfully ? service(parts.Result) : null;

    public async Task<KvResult> ExecuteAsync(KvCommand command, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var kv = service(await parts.WaitAsync(cancellationToken).ConfigureAwait(false));
        return await kv.ExecuteAsync(command, idempotencyKey, cancellationToken).ConfigureAwait(false);
    }

    public PaxosStatus GetPaxosStatus() =>
        Ready?.GetPaxosStatus() ?? new PaxosStatus(self, null, Consensus.Ballot.Zero.ToString(), 0, -1, new Dictionary<string, object>());

    public ClusterStatus GetClusterStatus() => Ready?.GetClusterStatus() ?? new ClusterStatus([], null);

    public Uri? ServingPeer() => Ready?.ServingPeer();

    // Every member of IKvService is forwarded, its default methods too: a default here would hide the node's answer.
    public IReadOnlyList<ChosenLogEntry> GetChosenLogTail(int count) => Ready is { } kv ? ((IKvService)kv).GetChosenLogTail(count) : [];
}
