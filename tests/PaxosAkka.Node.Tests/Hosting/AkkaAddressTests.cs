using Akka.Actor;
using Akka.Configuration;
using PaxosAkka.Node.Configuration;
using PaxosAkka.Node.Hosting;

namespace PaxosAkka.Node.Tests;

/// <summary>Member addresses follow the transport stack: TLS and test adapters change the protocol, seeds follow.</summary>
public sealed class AkkaAddressTests
{
    [Theory]
    [InlineData("", false, "akka.tcp")]
    [InlineData("", true, "akka.ssl.tcp")]
    [InlineData("akka.remote.dot-netty.tcp.applied-adapters = [trttl, gremlin]", false, "akka.trttl.gremlin.tcp")]
    [InlineData("akka.remote.dot-netty.tcp.applied-adapters = [trttl, gremlin]", true, "akka.trttl.gremlin.ssl.tcp")]
    public void The_protocol_is_akka_then_the_adapters_then_ssl_then_tcp(string hocon, bool tls, string expected)
    {
        Assert.Equal(expected, AkkaSettings.ProtocolOf(ConfigurationFactory.ParseString(hocon), tls));
    }

    [Fact]
    public void Configured_seeds_take_the_nodes_protocol()
    {
        Assert.Equal("akka.ssl.tcp://paxos@127.0.0.1:9101", AkkaSettings.WithProtocol("akka.tcp://paxos@127.0.0.1:9101", "akka.ssl.tcp"));
    }

    [Fact]
    public void A_seed_that_is_no_address_is_a_configuration_error()
    {
        var e = Assert.Throws<ConfigurationException>(() => AkkaSettings.WithProtocol("127.0.0.1:9101", "akka.tcp"));

        Assert.Contains("akka.cluster.seed-nodes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_seeds_are_every_member_lowest_id_first_with_the_nodes_protocol()
    {
        var config = ConfigurationFactory.ParseString("""
            paxos.node { id = 4, acceptors = [1, 2, 3, 4]
              members = [{ id = 4, host = "127.0.0.1", remote-port = 9104, http-port = 8084 }, { id = 1, host = "127.0.0.1", remote-port = 9101, http-port = 8081 },
                         { id = 2, host = "127.0.0.1", remote-port = 9102, http-port = 8082 }, { id = 3, host = "127.0.0.1", remote-port = 9103, http-port = 8083 }] }
            akka.remote.dot-netty.tcp.applied-adapters = [trttl, gremlin]
            """);

        var akka = AkkaSettings.Create(NodeSettings.Create(config), config);

        Assert.Equal(
            ["akka.trttl.gremlin.tcp://paxos@127.0.0.1:9101", "akka.trttl.gremlin.tcp://paxos@127.0.0.1:9102", "akka.trttl.gremlin.tcp://paxos@127.0.0.1:9103", "akka.trttl.gremlin.tcp://paxos@127.0.0.1:9104"],
            akka.Cluster.SeedNodes!);
    }

    [Fact]
    public void A_downed_or_silently_ended_actor_system_is_replaced_and_a_requested_shutdown_is_not()
    {
        Assert.True(NodeRunLoop.MustRestart(CoordinatedShutdown.ClusterDowningReason.Instance));
        Assert.True(NodeRunLoop.MustRestart(null));
        Assert.False(NodeRunLoop.MustRestart(CoordinatedShutdown.ClrExitReason.Instance));
        Assert.False(NodeRunLoop.MustRestart(CoordinatedShutdown.ClusterLeavingReason.Instance));
    }
}
