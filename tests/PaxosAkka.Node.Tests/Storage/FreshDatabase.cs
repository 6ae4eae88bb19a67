using Npgsql;
using PaxosAkka.Persistence.Tests.Infrastructure;

namespace PaxosAkka.Node.Tests.Storage;

/// <summary>An empty database of its own on the shared throwaway server, so tests that use the default tables never meet.</summary>
internal static class FreshDatabase
{
    /// <summary>Creates the database and returns the connection string that points at it.</summary>
    public static async Task<string> CreateAsync(PostgreSqlServerFixture server)
    {
        string name = "paxos_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name }.ToString();
    }
}
