using PaxosAkka.Persistence.Tests.Infrastructure;

namespace PaxosAkka.Persistence.Tests.Journal;

/// <summary>The journal contract on a real throwaway PostgreSQL server.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlJournalSpec(PostgreSqlServerFixture server) : JournalSpec
{
    protected override PersistencePlugin Plugin => PersistencePlugin.PostgreSql;

    protected override string ConnectionString => server.ConnectionString;
}
