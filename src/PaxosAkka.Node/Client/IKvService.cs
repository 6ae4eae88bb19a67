using PaxosAkka.Node.Store;

namespace PaxosAkka.Node.Client;

/// <summary>
/// What the HTTP layer needs from the node: run a key-value command through the replicated log and say
/// what this node knows of Paxos and the cluster. The role actors implement it; tests may fake it.
/// </summary>
public interface IKvService
{
    /// <summary>
    /// Orders <paramref name="command"/> through the log (writes and linearizable reads alike) and returns
    /// the answer once this node's store applied it.
    /// </summary>
    /// <param name="command">A validated command.</param>
    /// <param name="idempotencyKey">The client's Idempotency-Key header, if any: the command is applied at most once per key.</param>
    /// <param name="cancellationToken">Ends the wait; the command may still be chosen later.</param>
    /// <exception cref="OutcomeUnknownException">No answer within the request timeout: it may or may not take effect.</exception>
    Task<KvResult> ExecuteAsync(KvCommand command, string? idempotencyKey, CancellationToken cancellationToken);

    /// <summary>This node's Paxos state, for <c>GET /paxos</c>.</summary>
    PaxosStatus GetPaxosStatus();

    /// <summary>The cluster as this node sees it, for <c>GET /cluster</c>.</summary>
    ClusterStatus GetClusterStatus();

    /// <summary>
    /// Null when this node serves key-value requests itself; otherwise the HTTP base URL of a node that does (a
    /// spare <c>auto</c> node of system 000 holds no proposer or store, so it hands the request on as it came).
    /// </summary>
    Uri? ServingPeer() => null;

    /// <summary>
    /// Up to <paramref name="count"/> of the latest slots this node's store applied, newest first, for the web
    /// console. Empty where the node keeps no tail (no local store, or a service that does not track it).
    /// </summary>
    IReadOnlyList<ChosenLogEntry> GetChosenLogTail(int count) => [];
}
