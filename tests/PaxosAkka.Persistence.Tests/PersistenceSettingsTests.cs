using PaxosAkka.Hocon;

namespace PaxosAkka.Persistence.Tests;

public sealed class PersistenceSettingsTests
{
    [Fact]
    public void Reference_conf_defaults_match_the_documented_code_defaults()
    {
        var settings = PersistenceSettings.FromConfig(Config.Empty);

        Assert.Equal(new JournalSettings(), settings.Journal);
        Assert.Equal(new SnapshotStoreSettings(), settings.SnapshotStore);
        Assert.Equal(new PaxosAkka.Persistence.Acceptor.AcceptorStoreSettings(), settings.AcceptorStore);
    }

    [Fact]
    public void Application_config_overrides_reference_conf()
    {
        var config = ConfigurationFactory.ParseString("""
            paxos.persistence.journal {
              plugin = postgresql
              connection-string = "Host=127.0.0.1;Port=5433"
              table-name = acceptor_journal
              auto-initialize = off
              max-batch-events = 50
            }
            paxos.persistence.snapshot-store.busy-timeout = 2s
            """, "app.conf");

        var settings = PersistenceSettings.FromConfig(config);

        Assert.Equal(PersistencePlugin.PostgreSql, settings.Journal.Plugin);
        Assert.Equal("Host=127.0.0.1;Port=5433", settings.Journal.ConnectionString);
        Assert.Equal("acceptor_journal", settings.Journal.TableName);
        Assert.False(settings.Journal.AutoInitialize);
        Assert.Equal(50, settings.Journal.MaxBatchEvents);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.SnapshotStore.BusyTimeout);
        Assert.Equal(PersistencePlugin.Sqlite, settings.SnapshotStore.Plugin);
    }

    [Fact]
    public void Unknown_plugin_is_rejected_naming_the_setting()
    {
        var config = ConfigurationFactory.ParseString("paxos.persistence.journal.plugin = mongodb", "app.conf");

        var error = Assert.Throws<ConfigException>(() => PersistenceSettings.FromConfig(config));

        Assert.Contains("paxos.persistence.journal.plugin", error.Message, StringComparison.Ordinal);
        Assert.Contains("mongodb", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("journal; DROP TABLE x")]
    [InlineData("1journal")]
    [InlineData("")]
    public void Table_name_that_is_not_a_plain_identifier_is_rejected(string tableName)
    {
        var config = ConfigurationFactory.ParseString($"paxos.persistence.snapshot-store.table-name = \"{tableName}\"", "app.conf");

        var error = Assert.Throws<ConfigException>(() => PersistenceSettings.FromConfig(config));

        Assert.Contains("paxos.persistence", error.Message, StringComparison.Ordinal);
    }
}
