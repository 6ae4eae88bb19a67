using System.Collections.Immutable;
using Microsoft.Data.Sqlite;
using PaxosAkka.Consensus;

namespace PaxosAkka.Node.Storage;

/// <summary>
/// Acceptor storage in one SQLite file (WAL, <c>synchronous=FULL</c>: a committed transaction survives power
/// loss). One row holds the promise, one row per slot the highest-ballot accepted entry. Each
/// <see cref="Persist"/> is one transaction, so a Ready's promise and votes become durable together; the
/// acceptor actor batches every message queued in its mailbox into one Ready, which is the group commit.
/// </summary>
public sealed class SqliteAcceptorStore : IAcceptorStore
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _upsertPromise;
    private readonly SqliteCommand _upsertEntry;

    private SqliteAcceptorStore(SqliteConnection connection)
    {
        _connection = connection;
        _upsertPromise = connection.CreateCommand();
        _upsertPromise.CommandText =
            "INSERT INTO acceptor_promise (id, round, proposer) VALUES (0, $round, $proposer) " +
            "ON CONFLICT (id) DO UPDATE SET round = excluded.round, proposer = excluded.proposer " +
            "WHERE (excluded.round, excluded.proposer) > (acceptor_promise.round, acceptor_promise.proposer)";
        _upsertPromise.Parameters.Add("$round", SqliteType.Integer);
        _upsertPromise.Parameters.Add("$proposer", SqliteType.Integer);
        _upsertEntry = connection.CreateCommand();
        _upsertEntry.CommandText =
            "INSERT INTO acceptor_accepted (slot, round, proposer, value) VALUES ($slot, $round, $proposer, $value) " +
            "ON CONFLICT (slot) DO UPDATE SET round = excluded.round, proposer = excluded.proposer, value = excluded.value";
        _upsertEntry.Parameters.Add("$slot", SqliteType.Integer);
        _upsertEntry.Parameters.Add("$round", SqliteType.Integer);
        _upsertEntry.Parameters.Add("$proposer", SqliteType.Integer);
        _upsertEntry.Parameters.Add("$value", SqliteType.Blob);
    }

    /// <summary>The database file.</summary>
    public required string Path { get; init; }

    /// <summary>Opens (creating when missing) the acceptor database at <paramref name="path"/>.</summary>
    /// <exception cref="AcceptorStorageException">The file cannot be opened or initialised.</exception>
    public static SqliteAcceptorStore Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        SqliteConnection? connection = null;
        try
        {
            var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }

            connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            connection.Open();
            Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;");
            Execute(connection,
                "CREATE TABLE IF NOT EXISTS acceptor_promise (id INTEGER PRIMARY KEY CHECK (id = 0), round INTEGER NOT NULL, proposer INTEGER NOT NULL);" +
                "CREATE TABLE IF NOT EXISTS acceptor_accepted (slot INTEGER PRIMARY KEY, round INTEGER NOT NULL, proposer INTEGER NOT NULL, value BLOB NOT NULL);");
            return new SqliteAcceptorStore(connection) { Path = path };
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            connection?.Dispose();
            throw new AcceptorStorageException($"cannot open acceptor database {path}: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public AcceptorDurableState Load()
    {
        try
        {
            var promised = Ballot.Zero;
            using (var read = _connection.CreateCommand())
            {
                read.CommandText = "SELECT round, proposer FROM acceptor_promise WHERE id = 0";
                using var reader = read.ExecuteReader();
                if (reader.Read())
                {
                    promised = new Ballot(reader.GetInt64(0), reader.GetInt32(1));
                }
            }

            var accepted = ImmutableSortedDictionary.CreateBuilder<long, AcceptedEntry>();
            using (var read = _connection.CreateCommand())
            {
                read.CommandText = "SELECT slot, round, proposer, value FROM acceptor_accepted ORDER BY slot";
                using var reader = read.ExecuteReader();
                while (reader.Read())
                {
                    long slot = reader.GetInt64(0);
                    var value = SlotValueCodec.Decode((byte[])reader.GetValue(3));
                    accepted[slot] = new AcceptedEntry(slot, new Ballot(reader.GetInt64(1), reader.GetInt32(2)), value);
                }
            }

            return new AcceptorDurableState(promised, accepted.ToImmutable());
        }
        catch (Exception e) when (e is SqliteException or FormatException or InvalidCastException)
        {
            throw new AcceptorStorageException($"cannot read acceptor database {Path}: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public void Persist(Ballot? promise, ImmutableArray<AcceptedEntry> entries)
    {
        if (promise is null && entries.IsDefaultOrEmpty)
        {
            return;
        }

        try
        {
            using var transaction = _connection.BeginTransaction();
            if (promise is { } ballot)
            {
                _upsertPromise.Transaction = transaction;
                _upsertPromise.Parameters["$round"].Value = ballot.Round;
                _upsertPromise.Parameters["$proposer"].Value = ballot.ProposerId;
                _upsertPromise.ExecuteNonQuery();
            }

            if (!entries.IsDefaultOrEmpty)
            {
                _upsertEntry.Transaction = transaction;
                foreach (var entry in entries)
                {
                    _upsertEntry.Parameters["$slot"].Value = entry.Slot;
                    _upsertEntry.Parameters["$round"].Value = entry.Ballot.Round;
                    _upsertEntry.Parameters["$proposer"].Value = entry.Ballot.ProposerId;
                    _upsertEntry.Parameters["$value"].Value = SlotValueCodec.Encode(entry.Value);
                    _upsertEntry.ExecuteNonQuery();
                }
            }

            transaction.Commit();
        }
        catch (SqliteException e)
        {
            throw new AcceptorStorageException($"cannot write acceptor database {Path}: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _upsertPromise.Dispose();
        _upsertEntry.Dispose();
        _connection.Dispose();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
