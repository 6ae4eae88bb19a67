using System.Collections.Immutable;
using PaxosAkka.Consensus;

namespace PaxosAkka.Node.Storage;

/// <summary>What an <see cref="InMemoryAcceptorDisk"/> flushes before <see cref="IAcceptorStore.Persist"/> returns.</summary>
public enum AcceptorFlushPolicy
{
    /// <summary>Everything (the contract): a write that returned survives a crash.</summary>
    Always,

    /// <summary>Deliberately broken: votes stay in the volatile cache and a crash loses them (tests prove the simulation catches it).</summary>
    SkipVotes,
}

/// <summary>
/// The simulated disk of one node's acceptor: it outlives the node's incarnations. Writes land in a volatile cache
/// (what a running process reads back) and are flushed to the durable part; <see cref="Crash"/> drops the cache, so
/// only flushed writes survive — exactly what fsync promises a SQLite file. Single-threaded, like its acceptor.
/// </summary>
public sealed class InMemoryAcceptorDisk
{
    private AcceptorDurableState _durable = AcceptorDurableState.Empty;
    private AcceptorDurableState _cache = AcceptorDurableState.Empty;

    /// <summary>Creates an empty disk with the given flush policy.</summary>
    public InMemoryAcceptorDisk(AcceptorFlushPolicy policy = AcceptorFlushPolicy.Always) => Policy = policy;

    /// <summary>What is flushed before a write returns.</summary>
    public AcceptorFlushPolicy Policy { get; }

    /// <summary>Incremented by every crash; handles opened before a crash are dead.</summary>
    public int Generation { get; private set; }

    /// <summary>What survives a crash right now.</summary>
    public AcceptorDurableState Durable => _durable;

    /// <summary>Opens a store handle on this disk (the acceptor does at every start).</summary>
    public InMemoryAcceptorStore Open() => new(this, Generation);

    /// <summary>The machine lost power: everything not flushed is gone and open handles fail from now on.</summary>
    public void Crash()
    {
        _cache = _durable;
        Generation++;
    }

    internal AcceptorDurableState Read(int generation)
    {
        ThrowIfStale(generation);
        return _cache;
    }

    internal void Write(int generation, Ballot? promise, ImmutableArray<AcceptedEntry> entries)
    {
        ThrowIfStale(generation);
        _cache = Fold(_cache, promise, entries);
        // The flush: one atomic step, so a crash sees either the whole transaction or none of it.
        _durable = Fold(
            _durable,
            promise,
            Policy == AcceptorFlushPolicy.SkipVotes ? [] : entries);
    }

    /// <summary>Folds one transaction into a state the way the SQLite store does: promises only grow, a slot keeps its latest vote.</summary>
    internal static AcceptorDurableState Fold(AcceptorDurableState state, Ballot? promise, ImmutableArray<AcceptedEntry> entries)
    {
        var promised = promise is { } p ? Ballot.Max(state.Promised, p) : state.Promised;
        var accepted = state.Accepted;
        if (!entries.IsDefaultOrEmpty)
        {
            foreach (var entry in entries)
            {
                accepted = accepted.SetItem(entry.Slot, entry);
            }
        }

        return state with { Promised = promised, Accepted = accepted };
    }

    private void ThrowIfStale(int generation)
    {
        if (generation != Generation)
        {
            throw new AcceptorStorageException("the acceptor disk crashed after this store was opened");
        }
    }
}

/// <summary>
/// An <see cref="IAcceptorStore"/> over an <see cref="InMemoryAcceptorDisk"/>, for the deterministic cluster
/// simulation: the same contract as the SQLite store (one transaction per <see cref="Persist"/>, durable when it
/// returns unless the disk's policy is deliberately broken), without files or threads.
/// </summary>
public sealed class InMemoryAcceptorStore : IAcceptorStore
{
    private readonly InMemoryAcceptorDisk _disk;
    private readonly int _generation;
    private bool _disposed;

    internal InMemoryAcceptorStore(InMemoryAcceptorDisk disk, int generation)
    {
        _disk = disk;
        _generation = generation;
    }

    /// <inheritdoc />
    public AcceptorDurableState Load()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _disk.Read(_generation);
    }

    /// <inheritdoc />
    public void Persist(Ballot? promise, ImmutableArray<AcceptedEntry> entries)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (promise is null && entries.IsDefaultOrEmpty)
        {
            return;
        }

        _disk.Write(_generation, promise, entries);
    }

    /// <inheritdoc />
    public void Dispose() => _disposed = true;
}
