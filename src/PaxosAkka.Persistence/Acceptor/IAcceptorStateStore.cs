using PaxosAkka.Consensus;

namespace PaxosAkka.Persistence.Acceptor;

/// <summary>
/// Durable storage of an acceptor's promise and accepted entries (Paxos Made Simple §2.3: an acceptor must
/// remember them across a crash). Honour the core's contract: call <see cref="SaveAsync"/> with a Ready's
/// PromiseToPersist and EntriesToPersist and send its Messages only after the task completed.
/// </summary>
public interface IAcceptorStateStore : IAsyncDisposable
{
    /// <summary>Makes the promise (kept only if higher than the stored one) and entries durable, atomically.</summary>
    Task SaveAsync(int acceptorId, Ballot? promise, IReadOnlyList<AcceptedEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>The recovered state (<see cref="AcceptorDurableState.Empty"/> for an acceptor never saved).</summary>
    Task<AcceptorDurableState> LoadAsync(int acceptorId, CancellationToken cancellationToken = default);

    /// <summary>Drops accepted entries below <paramref name="belowSlot"/> and remembers the bound durably.</summary>
    Task CompactBelowAsync(int acceptorId, long belowSlot, CancellationToken cancellationToken = default);
}

/// <summary>Convenience for hosts of the consensus core.</summary>
public static class AcceptorStateStoreExtensions
{
    /// <summary>Persists what <paramref name="ready"/> asks to persist; send its messages after this completes.</summary>
    public static Task SaveAsync(this IAcceptorStateStore store, int acceptorId, Ready ready, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(ready);
        return ready.PromiseToPersist is null && ready.EntriesToPersist.IsDefaultOrEmpty
            ? Task.CompletedTask
            : store.SaveAsync(acceptorId, ready.PromiseToPersist, ready.EntriesToPersist.IsDefault ? [] : ready.EntriesToPersist, cancellationToken);
    }
}
