using Akka.Configuration;
using PaxosAkka.Node.Configuration;
using PaxosAkka.Node.Replication;

namespace PaxosAkka.Node.Tests.Replication;

/// <summary><c>paxos.node.replication</c>: documented defaults in reference.conf, overrides, clear errors.</summary>
public sealed class ReplicationSettingsTests
{
    private const string Node = "paxos.node { id = 1, acceptors = [1], members = [ { id = 1, host = \"127.0.0.1\", remote-port = 1, http-port = 2 } ] }";

    [Fact]
    public void Reference_conf_defaults_equal_the_documented_replication_options()
    {
        var settings = NodeSettings.Create(ConfigurationFactory.ParseString(Node));

        Assert.Equal(ReplicationOptions.Default, settings.ReplicationOptions);
    }

    [Fact]
    public void Durations_become_learner_ticks_rounded_up_and_sizes_are_read()
    {
        var config = ConfigurationFactory.ParseString(
            Node + "\n" + """
             paxos.node { tick-interval = 20ms, replication { prepare-timeout = 2s, commit-timeout = 45ms, recovery-timeout = 1s,
               query-interval = 100ms, max-transaction-slots = 8, max-catch-up-entries = 50, snapshot-threshold-slots = 0,
               snapshot-chunk-items = 10, snapshot-chunk-size = 64 KiB } }
            """);

        var options = NodeSettings.Create(config).ReplicationOptions;

        Assert.Equal(
            new ReplicationOptions
            {
                PrepareTimeoutTicks = 100,
                CommitTimeoutTicks = 3,
                RecoveryTimeoutTicks = 50,
                QueryIntervalTicks = 5,
                MaxTransactionSlots = 8,
                MaxCatchUpEntries = 50,
                SnapshotThresholdSlots = 0,
                SnapshotChunkItems = 10,
                SnapshotChunkBytes = 64 * 1024,
            },
            options);
    }

    [Theory]
    [InlineData("prepare-timeout = 0s", "paxos.node.replication.prepare-timeout")]
    [InlineData("max-transaction-slots = 0", "paxos.node.replication.max-transaction-slots")]
    [InlineData("snapshot-chunk-size = 8 MiB", "paxos.node.replication.snapshot-chunk-size")]
    [InlineData("query-interval = soon", "query-interval")]
    public void A_bad_replication_value_is_refused_naming_its_path(string setting, string path)
    {
        var config = ConfigurationFactory.ParseString(Node + "\npaxos.node.replication { " + setting + " }");

        var error = Assert.Throws<ConfigurationException>(() => NodeSettings.Create(config));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
