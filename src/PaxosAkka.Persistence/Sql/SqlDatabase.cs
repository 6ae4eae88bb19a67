using System.Data.Common;

namespace PaxosAkka.Persistence.Sql;

/// <summary>
/// One database as a group-committing store uses it: pooled connections for reads, one long-lived connection
/// for the single writer loop (so a group pays one connection, not one per write), and the schema check run
/// once on first use. The journal and the acceptor-state store share it so both get the same recovery rule: a
/// failed transaction may leave the writer connection broken, so it is dropped and the next group opens a new one.
/// </summary>
internal sealed class SqlDatabase : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly TimeSpan _busyTimeout;
    private readonly SchemaOnce _schema = new();
    private DbConnection? _writerConnection;

    public SqlDatabase(SqlDialect dialect, string connectionString, TimeSpan busyTimeout)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        Dialect = dialect;
        _connectionString = connectionString;
        _busyTimeout = busyTimeout;
    }

    public SqlDialect Dialect { get; }

    /// <summary>Opens a pooled connection for a reader (the caller disposes it).</summary>
    public Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        Dialect.OpenAsync(_connectionString, _busyTimeout, cancellationToken);

    /// <summary>The writer loop's connection, opened on first use or after <see cref="DropWriterAsync"/>.</summary>
    public async ValueTask<DbConnection> WriterAsync(CancellationToken cancellationToken) =>
        _writerConnection ??= await OpenAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Closes the writer connection after a failed transaction; the next group starts on a fresh one.</summary>
    public async ValueTask DropWriterAsync()
    {
        if (_writerConnection is not { } connection)
        {
            return;
        }

        _writerConnection = null;
        try
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        catch (DbException)
        {
            // Already broken; nothing more to release.
        }
    }

    /// <summary>Creates or checks <paramref name="table"/>'s schema once; <paramref name="onReady"/> runs after success.</summary>
    public Task EnsureSchemaAsync(string table, string ddl, bool autoInitialize, Action? onReady, CancellationToken cancellationToken) =>
        _schema.EnsureAsync(
            async ct =>
            {
                await using var connection = await OpenAsync(ct).ConfigureAwait(false);
                await SchemaInitializer.EnsureAsync(Dialect, connection, table, ddl, autoInitialize, ct).ConfigureAwait(false);
                onReady?.Invoke();
            },
            cancellationToken);

    /// <summary>Closes the writer connection; call after the writer loop has drained.</summary>
    public async ValueTask DisposeAsync()
    {
        await DropWriterAsync().ConfigureAwait(false);
        _schema.Dispose();
    }
}
