using System.Net;
using System.Net.Sockets;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Storage;
using PaxosAkka.Persistence.Tests.Infrastructure;

namespace PaxosAkka.Node.Tests.Storage;

/// <summary>The acceptor-store contract on a real throwaway PostgreSQL server on 127.0.0.1.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgresAcceptorStoreSpec(PostgreSqlServerFixture server) : AcceptorStoreSpec
{
    // Each test gets its own tables, so tests never see each other's rows.
    private readonly string _table = "acceptor_" + Guid.NewGuid().ToString("N")[..12];

    protected override IAcceptorStore Open() => PostgresAcceptorStore.Open(server.ConnectionString, acceptorId: 3, _table);

    protected override IAcceptorStore OpenBroken() =>
        PostgresAcceptorStore.Open($"Host=127.0.0.1;Port={ClosedLoopbackPort()};Username=postgres;Database=postgres;Timeout=5", acceptorId: 3, _table);

    [Fact]
    public void Acceptors_sharing_one_database_keep_their_own_promises_and_votes()
    {
        var value = SlotValue.Of(new Command(new CommandId("c", 1), [7]));
        using (var first = PostgresAcceptorStore.Open(server.ConnectionString, acceptorId: 1, _table))
        using (var second = PostgresAcceptorStore.Open(server.ConnectionString, acceptorId: 2, _table))
        {
            first.Persist(new Ballot(4, 1), [new AcceptedEntry(0, new Ballot(4, 1), value)]);
            second.Persist(new Ballot(6, 2), []);
        }

        using var reopened = PostgresAcceptorStore.Open(server.ConnectionString, acceptorId: 1, _table);
        var state = reopened.Load();
        Assert.Equal(new Ballot(4, 1), state.Promised);
        Assert.Equal(new AcceptedEntry(0, new Ballot(4, 1), value), Assert.Single(state.Accepted).Value);
    }

    [Fact]
    public void A_bad_table_name_is_refused_with_a_storage_exception()
    {
        Assert.Throws<AcceptorStorageException>(() => PostgresAcceptorStore.Open(server.ConnectionString, 1, "acceptor; DROP TABLE x"));
    }

    private static int ClosedLoopbackPort()
    {
        // A port that was just free and has no listener: connecting is refused at once.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
