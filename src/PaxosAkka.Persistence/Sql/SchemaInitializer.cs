using System.Data.Common;

namespace PaxosAkka.Persistence.Sql;

/// <summary>
/// Creates our tables on first use and records their schema version, so a later build can migrate, and an
/// older build refuses a database it does not understand instead of misreading it.
/// </summary>
internal static class SchemaInitializer
{
    public static async Task EnsureAsync(
        SqlDialect dialect, DbConnection connection, string table, string ddl, bool autoInitialize, CancellationToken cancellationToken)
    {
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await dialect.LockSchemaAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        if (autoInitialize)
        {
            await SqlDialect.ExecuteAsync(connection, transaction,
                $"CREATE TABLE IF NOT EXISTS {SqlDialect.SchemaVersionTable} (object_name TEXT NOT NULL PRIMARY KEY, version INTEGER NOT NULL)",
                cancellationToken).ConfigureAwait(false);
        }

        int? version;
        try
        {
            version = await ReadVersionAsync(connection, transaction, table, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e) when (dialect.IsUndefinedTable(e))
        {
            throw new SchemaVersionException(
                $"Table '{table}' is not initialized ({SqlDialect.SchemaVersionTable} is missing) and auto-initialize is off. " +
                "Turn auto-initialize on or create the schema first.");
        }

        if (version is { } found)
        {
            if (found > SqlDialect.SchemaVersion)
            {
                throw new SchemaVersionException(
                    $"Table '{table}' has schema version {found}, but this build of PaxosAkka.Persistence supports only up to version " +
                    $"{SqlDialect.SchemaVersion}. The database was written by a newer version; refusing to use it.");
            }

            if (found < SqlDialect.SchemaVersion)
            {
                throw new SchemaVersionException(
                    $"Table '{table}' has schema version {found}; this build expects {SqlDialect.SchemaVersion} and has no migration from it.");
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!autoInitialize)
        {
            throw new SchemaVersionException(
                $"Table '{table}' is not initialized (no row in {SqlDialect.SchemaVersionTable}) and auto-initialize is off.");
        }

        await SqlDialect.ExecuteAsync(connection, transaction, ddl, cancellationToken).ConfigureAwait(false);
        await using (var insert = SqlDialect.Command(connection, transaction,
            $"INSERT INTO {SqlDialect.SchemaVersionTable} (object_name, version) VALUES (@name, @version)"))
        {
            SqlDialect.AddParameter(insert, "@name", table);
            SqlDialect.AddParameter(insert, "@version", SqlDialect.SchemaVersion);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int?> ReadVersionAsync(DbConnection connection, DbTransaction transaction, string table, CancellationToken cancellationToken)
    {
        await using var command = SqlDialect.Command(connection, transaction,
            $"SELECT version FROM {SqlDialect.SchemaVersionTable} WHERE object_name = @name");
        SqlDialect.AddParameter(command, "@name", table);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? null : Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
