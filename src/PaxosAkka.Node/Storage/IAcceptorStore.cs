using System.Collections.Immutable;
using PaxosAkka.Consensus;

namespace PaxosAkka.Node.Storage;

/// <summary>
/// The acceptor's stable storage (Paxos Made Simple §2.3: an acceptor must remember its promise and its votes
/// across crashes). Used by one acceptor actor at a time, from its own thread.
/// </summary>
public interface IAcceptorStore : IDisposable
{
    /// <summary>Reads the durable state: the promise and the highest-ballot accepted entry per slot.</summary>
    /// <exception cref="AcceptorStorageException">The storage cannot be read.</exception>
    AcceptorDurableState Load();

    /// <summary>
    /// Makes <paramref name="promise"/> (when not null) and <paramref name="entries"/> durable in one transaction:
    /// when this returns they survive a crash; when it throws, none of them may be relied on.
    /// </summary>
    /// <exception cref="AcceptorStorageException">The write failed; the caller must not send what depends on it.</exception>
    void Persist(Ballot? promise, ImmutableArray<AcceptedEntry> entries);
}

/// <summary>The acceptor's storage failed; the acceptor restarts and reloads what is durable.</summary>
public sealed class AcceptorStorageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AcceptorStorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public AcceptorStorageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public AcceptorStorageException()
        : base("acceptor storage failed")
    {
    }
}
