using PaxosAkka.Hocon;

namespace PaxosAkka.Cluster.Tests.Configuration;

public class ClusterSettingsTests
{
    private static ClusterSettings Parse(string hocon) => ClusterSettings.Create(ConfigurationFactory.ParseString(hocon, "test.conf"));

    [Fact]
    public void Defaults_are_akkas_cluster_defaults()
    {
        var s = ClusterSettings.Default();
        Assert.Empty(s.SeedNodes);
        Assert.Empty(s.Roles);
        Assert.Equal(TimeSpan.FromSeconds(1), s.HeartbeatInterval);
        Assert.Equal(8.0, s.FailureDetector.Threshold);
        Assert.Equal(1000, s.FailureDetector.MaxSampleSize);
        Assert.Equal(TimeSpan.FromMilliseconds(100), s.FailureDetector.MinStdDeviation);
        Assert.Equal(TimeSpan.FromSeconds(3), s.FailureDetector.AcceptableHeartbeatPause);
        Assert.Equal(TimeSpan.FromSeconds(1), s.FailureDetector.FirstHeartbeatEstimate);
        Assert.Equal(TimeSpan.FromSeconds(1), s.ExpectedResponseAfter);
        Assert.Equal(9, s.MonitoredByNrOfMembers);
        Assert.Equal(TimeSpan.FromSeconds(1), s.GossipInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), s.LeaderActionsInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), s.UnreachableNodesReaperInterval);
        Assert.Equal(TimeSpan.Zero, s.DownRemovalMargin);
        Assert.Equal("keep-majority", s.SplitBrainResolver.ActiveStrategy);
        Assert.Equal(TimeSpan.FromSeconds(20), s.SplitBrainResolver.StableAfter);
        Assert.True(s.SplitBrainResolver.DownIfAlone);
        Assert.Null(s.SplitBrainResolver.Role);
    }

    [Fact]
    public void Application_config_overrides_the_reference()
    {
        var s = Parse("""
            paxos.cluster {
              seed-nodes = ["paxos.tcp://paxos@127.0.0.1:2551", "paxos.tcp://paxos@127.0.0.1:2552"]
              roles = [acceptor, learner]
              failure-detector { threshold = 12, acceptable-heartbeat-pause = 5s }
              split-brain-resolver { active-strategy = static-quorum, stable-after = 7s, static-quorum.quorum-size = 3 }
            }
            """);
        Assert.Equal([NodeAddress.Parse("paxos.tcp://paxos@127.0.0.1:2551"), NodeAddress.Parse("paxos.tcp://paxos@127.0.0.1:2552")], s.SeedNodes);
        Assert.Equal(["acceptor", "learner"], s.Roles);
        Assert.Equal(12.0, s.FailureDetector.Threshold);
        Assert.Equal(TimeSpan.FromSeconds(5), s.FailureDetector.AcceptableHeartbeatPause);
        Assert.Equal(1000, s.FailureDetector.MaxSampleSize);
        Assert.Equal("static-quorum", s.SplitBrainResolver.ActiveStrategy);
        Assert.Equal(TimeSpan.FromSeconds(7), s.SplitBrainResolver.StableAfter);
        Assert.Equal(3, s.SplitBrainResolver.QuorumSize);
    }

    [Theory]
    [InlineData("paxos.cluster.seed-nodes = [\"127.0.0.1:2551\"]", "seed-nodes")]
    [InlineData("paxos.cluster.failure-detector.threshold = 0", "failure-detector")]
    [InlineData("paxos.cluster.failure-detector.monitored-by-nr-of-members = 0", "monitored-by-nr-of-members")]
    [InlineData("paxos.cluster.gossip-interval = 0s", "gossip-interval")]
    [InlineData("paxos.cluster.split-brain-resolver.active-strategy = keep-luck", "keep-luck")]
    [InlineData("paxos.cluster.split-brain-resolver.active-strategy = static-quorum", "quorum-size")]
    [InlineData("paxos.cluster.failure-detector.heartbeat-interval = soon", "heartbeat-interval")]
    public void Bad_values_are_refused_with_a_message_naming_them(string hocon, string expected)
    {
        var error = Assert.ThrowsAny<ConfigException>(() => Parse(hocon));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Strategy_off_disables_the_resolver()
    {
        Assert.False(Parse("paxos.cluster.split-brain-resolver.active-strategy = off").SplitBrainResolver.IsEnabled);
    }

    [Fact]
    public void Reference_conf_is_embedded_and_has_the_section()
    {
        Assert.True(ClusterSettings.Reference.HasPath("paxos.cluster.failure-detector.threshold"));
    }
}
