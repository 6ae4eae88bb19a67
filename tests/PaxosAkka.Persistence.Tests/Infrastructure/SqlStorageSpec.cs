using System.Data.Common;
using Microsoft.Data.Sqlite;
using PaxosAkka.Persistence.Sql;

namespace PaxosAkka.Persistence.Tests.Infrastructure;

/// <summary>
/// What a storage spec needs from a provider: which engine, where, and raw SQL access so tests can damage rows
/// or fake a newer schema the way a real incident would. Each test gets fresh tables.
/// </summary>
public abstract class SqlStorageSpec : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _owned = [];

    protected abstract PersistencePlugin Plugin { get; }

    protected abstract string ConnectionString { get; }

    /// <summary>Unique per test so tests sharing one server never see each other's rows.</summary>
    protected string TableName { get; } = "t_" + Guid.NewGuid().ToString("N")[..20];

    protected T Own<T>(T disposable)
        where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    /// <summary>A fresh SQLite database, deleted when the spec is disposed (after the stores that use it).</summary>
    private protected TempSqliteDatabase OwnTempSqliteDatabase()
    {
        var database = new TempSqliteDatabase();
        _owned.Add(new Cleanup(database.Delete));
        return database;
    }

    /// <summary>Runs raw SQL against the test database; <c>{table}</c> stands for <see cref="TableName"/>.</summary>
    protected async Task<int> ExecuteSqlAsync(string sql, params (string Name, object Value)[] parameters)
    {
        var dialect = SqlDialect.For(Plugin);
        await using var connection = await dialect.OpenAsync(ConnectionString, TimeSpan.FromSeconds(30), CancellationToken.None);
        await using var command = SqlDialect.Command(connection, null, sql.Replace("{table}", TableName, StringComparison.Ordinal));
        foreach (var (name, value) in parameters)
        {
            SqlDialect.AddParameter(command, name, value);
        }

        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Opens a raw connection (for holding locks in tests).</summary>
    protected Task<DbConnection> OpenRawAsync() => SqlDialect.For(Plugin).OpenAsync(ConnectionString, TimeSpan.FromSeconds(30), CancellationToken.None);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    private sealed class Cleanup(Action action) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            action();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>
    /// Disposes what the test owns, newest first (stores before their database). One failing disposal does not
    /// skip the others, so a broken store never leaves its temp folder behind; the first failure is rethrown.
    /// </summary>
    public virtual async Task DisposeAsync()
    {
        Exception? first = null;
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            try
            {
                await _owned[i].DisposeAsync();
            }
#pragma warning disable CA1031 // Keep disposing the rest; the first failure is rethrown below.
            catch (Exception e)
#pragma warning restore CA1031
            {
                first ??= e;
            }
        }

        if (first is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }
    }
}

/// <summary>A fresh SQLite database file per test; Delete removes its folder.</summary>
internal sealed class TempSqliteDatabase
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "paxos-sqlite-" + Guid.NewGuid().ToString("N"));

    public TempSqliteDatabase()
    {
        Directory.CreateDirectory(_directory);
        FilePath = Path.Combine(_directory, "persistence.db");
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = true }.ToString();
    }

    public string FilePath { get; }

    public string ConnectionString { get; }

    public void Delete()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
