using PaxosAkka.Consensus;
using Akka.Configuration;
using PaxosAkka.Node.Configuration;
using PaxosAkka.Node.Hosting;
using PaxosAkka.Node.Storage;
using PaxosAkka.Persistence.Tests.Infrastructure;

namespace PaxosAkka.Node.Tests.Storage;

/// <summary><c>paxos.node.acceptor.plugin</c> picks the acceptor's storage: SQLite by default, PostgreSQL by config.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class AcceptorStorageSelectionTests(PostgreSqlServerFixture server) : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "paxos-node-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void Without_a_plugin_setting_the_acceptor_stores_in_sqlite_under_data_dir()
    {
        var config = NodeConfig(acceptor: string.Empty);
        using var store = PaxosNodeRuntime.AcceptorStoreFor(NodeSettings.Create(config), config)();
        var sqlite = Assert.IsType<SqliteAcceptorStore>(store);
        Assert.Equal(Path.Combine(_folder, "acceptor.db"), sqlite.Path);
        Assert.True(File.Exists(sqlite.Path));
    }

    [Fact]
    public async Task Plugin_postgresql_stores_on_the_configured_server_under_the_node_id()
    {
        string connection = await FreshDatabase.CreateAsync(server);
        var config = NodeConfig($"plugin = postgresql, connection-string = \"{connection}\"");
        var open = PaxosNodeRuntime.AcceptorStoreFor(NodeSettings.Create(config), config);
        var vote = new AcceptedEntry(0, new Ballot(8, 1), SlotValue.NoOp);
        using (var store = open())
        {
            Assert.IsType<PostgresAcceptorStore>(store);
            store.Persist(new Ballot(8, 1), [vote]);
        }

        using var direct = PostgresAcceptorStore.Open(connection, acceptorId: 1);
        var state = direct.Load();
        Assert.Equal(new Ballot(8, 1), state.Promised);
        Assert.Equal(vote, state.Accepted[0]);
        Assert.False(File.Exists(Path.Combine(_folder, "acceptor.db")));
    }

    [Fact]
    public void Plugin_postgresql_without_a_connection_string_is_a_config_error_naming_the_setting()
    {
        var config = NodeConfig("plugin = postgresql");
        var error = Assert.Throws<ConfigurationException>(() => PaxosNodeRuntime.AcceptorStoreFor(NodeSettings.Create(config), config));
        Assert.Contains("paxos.node.acceptor.connection-string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_plugin_is_a_config_error_naming_the_choices()
    {
        var config = NodeConfig("plugin = mongodb");
        var error = Assert.Throws<ConfigurationException>(() => PaxosNodeRuntime.AcceptorStoreFor(NodeSettings.Create(config), config));
        Assert.Contains("\"sqlite\" or \"postgresql\"", error.Message, StringComparison.Ordinal);
    }

    private Config NodeConfig(string acceptor) => ConfigurationFactory.ParseString($$"""
        paxos.node {
          id = 1
          data-dir = "{{_folder}}"
          members = [ { id = 1, host = 127.0.0.1, remote-port = 9101, http-port = 8081 } ]
          acceptors = [1]
          acceptor { {{acceptor}} }
        }
        """);
}
