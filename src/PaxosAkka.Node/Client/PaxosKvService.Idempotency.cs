using PaxosAkka.Node.Configuration;
using PaxosAkka.Node.Roles;
using PaxosAkka.Node.Store;

namespace PaxosAkka.Node.Client;

/// <summary>
/// The Idempotency-Key pre-check: before a keyed request is proposed, this node's store is asked what its table
/// decides. A key it remembers for a different request is answered 422 at once and the request never reaches the
/// log; the same request is answered from memory without a new slot. A key it does not know goes to the log.
/// </summary>
/// <remarks>
/// The pre-check is an optimisation, not the guarantee. This store may lag the log, and two different requests with one
/// key may be in flight at once (on one node or on two): then both are proposed, and the store's apply-time check
/// (<see cref="KvStateMachine"/>), which every replica makes identically in log order, applies the first and refuses
/// the other with the same 422. A lagging store can only err towards refusing a key the log forgot a moment ago,
/// i.e. a key that was just reused for another request anyway. In two-phase-commit topologies (stores on other nodes)
/// there is no local store to ask, and the apply-time check alone decides.
/// </remarks>
public sealed partial class PaxosKvService
{
    private bool RecallsLocally => !_twoPhaseCommit && _settings.Has(NodeRoles.Store);

    /// <summary>
    /// This node's store's decision for <paramref name="command"/> under <paramref name="idempotencyKey"/>: the
    /// remembered answer, a conflict, or null (not remembered, or no answer within <see cref="ReadIndexTimeout"/>, e.g.
    /// while the store replays the log after a restart): then the log decides.
    /// </summary>
    private async Task<KvResult?> RecallAsync(string idempotencyKey, KvCommand command, CancellationToken cancellationToken)
    {
        var waiter = new ReadWaiter();
        using var giveUp = _clock.CreateTimer(static w => ((ReadWaiter)w!).GiveUp(), waiter, ReadIndexTimeout, Timeout.InfiniteTimeSpan);
        await using var cancel = cancellationToken.Register(static w => ((ReadWaiter)w!).Cancel(), waiter).ConfigureAwait(false);
        var recall = new StoreReadProtocol.RecallIdempotent(idempotencyKey, RequestFingerprint.Of(command));
        _router.Tell(_settings.Id, RoleNames.Store, recall, waiter);
        return await waiter.Answer.ConfigureAwait(false); // throws when the request was cancelled or timed out
    }
}
