using PaxosAkka.Consensus;
using PaxosAkka.Node.Store;

namespace PaxosAkka.Node.Client;

/// <summary>
/// Client requests waiting for their command to be applied by this node's store, by <see cref="CommandId"/>.
/// Concurrent retries of one Idempotency-Key on this node share one waiter. Thread-safe: the HTTP threads
/// register, the store actor completes.
/// </summary>
public sealed class PendingRequests
{
    private readonly Lock _gate = new();
    private readonly Dictionary<CommandId, Waiter> _waiters = [];

    /// <summary>Requests waiting now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _waiters.Count;
            }
        }
    }

    /// <summary>Registers interest in <paramref name="id"/>; the task completes when the store applies it.</summary>
    public Task<KvResult> Register(CommandId id)
    {
        lock (_gate)
        {
            if (!_waiters.TryGetValue(id, out var waiter))
            {
                waiter = new Waiter();
                _waiters.Add(id, waiter);
            }

            waiter.References++;
            return waiter.Completion.Task;
        }
    }

    /// <summary>Drops one registration of <paramref name="id"/> (the request finished or gave up).</summary>
    public void Release(CommandId id)
    {
        lock (_gate)
        {
            if (_waiters.TryGetValue(id, out var waiter) && --waiter.References <= 0)
            {
                _waiters.Remove(id);
            }
        }
    }

    /// <summary>The store applied <paramref name="id"/> with <paramref name="result"/>: wakes its waiters, if any.</summary>
    public void Complete(CommandId id, KvResult result)
    {
        Waiter? waiter;
        lock (_gate)
        {
            if (!_waiters.Remove(id, out waiter))
            {
                return;
            }
        }

        waiter.Completion.TrySetResult(result);
    }

    private sealed class Waiter
    {
        public TaskCompletionSource<KvResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int References { get; set; }
    }
}
