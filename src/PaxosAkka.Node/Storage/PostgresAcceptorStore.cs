using System.Collections.Immutable;
using PaxosAkka.Consensus;
using PaxosAkka.Persistence;
using PaxosAkka.Persistence.Acceptor;

namespace PaxosAkka.Node.Storage;

/// <summary>
/// Acceptor storage on a PostgreSQL server (<c>paxos.node.acceptor.plugin = "postgresql"</c>). It is the
/// persistence module's <see cref="SqlAcceptorStateStore"/> behind the acceptor's synchronous contract: the same
/// schema, CRC-checked rows and group commit as every other SQL store, one promise row per acceptor id and one
/// row per accepted slot, so several nodes may share one database.
/// </summary>
/// <remarks>
/// <see cref="Persist"/> blocks the acceptor actor until the transaction committed. That is the contract, not a
/// shortcut: an acceptor must not answer before its vote is durable (Paxos Made Simple §2.3), so the SQLite store
/// blocks on its fsync in the same way. Every call is bounded by <see cref="OperationTimeout"/>, so a server that
/// stops answering turns into an <see cref="AcceptorStorageException"/> (restart with backoff), never a hung actor.
/// </remarks>
public sealed class PostgresAcceptorStore : IAcceptorStore
{
    /// <summary>Table prefix used when none is given: <c>acceptor_state_promise</c> and <c>acceptor_state_accepted</c>.</summary>
    public const string DefaultTableName = "acceptor_state";

    /// <summary>The longest one load or save may take before it counts as a storage failure.</summary>
    public static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(30);

    private readonly SqlAcceptorStateStore _store;
    private readonly int _acceptorId;

    private PostgresAcceptorStore(SqlAcceptorStateStore store, int acceptorId)
    {
        _store = store;
        _acceptorId = acceptorId;
    }

    /// <summary>
    /// Creates the store of acceptor <paramref name="acceptorId"/> (the node id). Nothing touches the server until
    /// <see cref="Load"/>, which also creates the tables when missing.
    /// </summary>
    /// <param name="connectionString">Npgsql connection string, e.g. <c>Host=127.0.0.1;Port=5432;Username=paxos;Database=paxos</c>.</param>
    /// <param name="acceptorId">The acceptor's id: its rows are keyed by it.</param>
    /// <param name="tableName">Table prefix (letters, digits, underscores).</param>
    /// <exception cref="AcceptorStorageException">The settings cannot work (empty connection string, bad table name).</exception>
    public static PostgresAcceptorStore Open(string connectionString, int acceptorId, string tableName = DefaultTableName)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(acceptorId);
        try
        {
            var settings = new AcceptorStoreSettings
            {
                Plugin = PersistencePlugin.PostgreSql,
                ConnectionString = connectionString,
                TableName = tableName,
            };
            return new PostgresAcceptorStore(new SqlAcceptorStateStore(settings), acceptorId);
        }
        catch (ArgumentException e)
        {
            throw new AcceptorStorageException($"cannot open the PostgreSQL acceptor store: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public AcceptorDurableState Load() => Run("load", ct => _store.LoadAsync(_acceptorId, ct));

    /// <inheritdoc />
    public void Persist(Ballot? promise, ImmutableArray<AcceptedEntry> entries)
    {
        if (promise is null && entries.IsDefaultOrEmpty)
        {
            return;
        }

        IReadOnlyList<AcceptedEntry> rows = entries.IsDefault ? [] : entries;
        Run("save", async ct =>
        {
            await _store.SaveAsync(_acceptorId, promise, rows, ct).ConfigureAwait(false);
            return true;
        });
    }

    /// <summary>Lets queued saves finish, then closes the connections.</summary>
    public void Dispose() => _store.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private T Run<T>(string what, Func<CancellationToken, Task<T>> operation)
    {
        using var deadline = new CancellationTokenSource(OperationTimeout);
        try
        {
            // The store's own awaits use ConfigureAwait(false), so blocking here cannot deadlock on the actor's thread,
            // and the acceptor runs on its own pinned thread (paxos.node.storage-dispatcher), so the wait stalls no other
            // actor. Issue 14 replaces this store with Akka.Persistence.Sql's asynchronous journal.
            return operation(deadline.Token).GetAwaiter().GetResult();
        }
#pragma warning disable CA1031 // Any server, network or corruption failure means the same to the acceptor: restart and reload.
        catch (Exception e) when (e is not (ArgumentException or AcceptorStorageException))
#pragma warning restore CA1031
        {
            string reason = e is OperationCanceledException ? $"no answer within {OperationTimeout.TotalSeconds:0} s" : e.Message;
            throw new AcceptorStorageException($"PostgreSQL acceptor store of acceptor {_acceptorId}: {what} failed: {reason}", e);
        }
    }
}
