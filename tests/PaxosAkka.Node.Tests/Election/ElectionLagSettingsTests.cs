using Akka.Configuration;
using PaxosAkka.Node.Configuration;

namespace PaxosAkka.Node.Tests.Election;

/// <summary><c>paxos.node.election.max-candidate-lag</c>: documented default, override, and a clear error for a negative value.</summary>
public sealed class ElectionLagSettingsTests
{
    private static string Node(string extra) =>
        "paxos.node {\n" + extra + "\n"
        + "id = 1, acceptors = [1], members = [ { id = 1, host = \"h\", remote-port = 1, http-port = 2, roles = [acceptor, proposer, learner, store] } ] }";

    [Theory]
    [InlineData("", 256)]
    [InlineData("election.max-candidate-lag = 0", 0)]
    [InlineData("election.max-candidate-lag = 5000", 5000)]
    public void Max_candidate_lag_defaults_to_256_slots_and_can_be_configured(string extra, long expected) =>
        Assert.Equal(expected, NodeSettings.Create(ConfigurationFactory.ParseString(Node(extra))).Election.MaxCandidateLagSlots);

    [Fact]
    public void Negative_max_candidate_lag_is_a_clear_config_error()
    {
        var error = Assert.Throws<ConfigurationException>(() => NodeSettings.Create(ConfigurationFactory.ParseString(Node("election.max-candidate-lag = -1"))));
        Assert.Contains("max-candidate-lag", error.Message, StringComparison.Ordinal);
    }
}
