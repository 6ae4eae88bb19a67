using PaxosAkka.Node.Configuration;
using PaxosAkka.Node.Launcher;
using Akka.Configuration;

namespace PaxosAkka.Node.Tests.Launcher;

public sealed class CrowdedHostTests
{
    [Theory]
    [InlineData(15, 2)]
    [InlineData(7, 2)]
    [InlineData(4, 1)]
    public void A_local_cluster_of_more_than_three_nodes_a_core_tolerates_a_one_second_heartbeat_pause(int nodes, int cores)
    {
        string? extra = LocalLauncher.CrowdedHostSettings(nodes, cores);

        Assert.NotNull(extra);
        var settings = NodeSettings.Create(ConfigurationFactory.ParseString(
            "paxos.node { id = 1, acceptors = [1], members = [{ id = 1, host = \"127.0.0.1\", remote-port = 9101, http-port = 8081 }] }\n" + extra));
        Assert.Equal(TimeSpan.FromSeconds(1), settings.Election.AcceptableHeartbeatPause);
    }

    [Theory]
    [InlineData(5, 2)]
    [InlineData(6, 2)]
    [InlineData(15, 8)]
    public void A_local_cluster_with_room_keeps_the_default_election_settings(int nodes, int cores) =>
        Assert.Null(LocalLauncher.CrowdedHostSettings(nodes, cores));
}
