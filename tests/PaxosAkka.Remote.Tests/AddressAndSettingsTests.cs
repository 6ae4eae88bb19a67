using PaxosAkka.Remote.Endpoint;

namespace PaxosAkka.Remote.Tests;

public sealed class AddressAndSettingsTests
{
    [Fact]
    public void Remote_actor_path_splits_into_node_address_and_actor_path()
    {
        Assert.True(RemoteAddress.TryParseActorPath("paxos.tcp://sys@127.0.0.1:2552/user/acceptor", out var address, out var path));
        Assert.Equal(new RemoteAddress("sys", "127.0.0.1", 2552), address);
        Assert.Equal("/user/acceptor", path);
        Assert.Equal("paxos.tcp://sys@127.0.0.1:2552/user/acceptor", address.PathOf(path));
        Assert.Equal(address, RemoteAddress.Parse("paxos.tcp://sys@127.0.0.1:2552"));
    }

    [Theory]
    [InlineData("akka.tcp://sys@h:1/user/a")]
    [InlineData("paxos.tcp://h:1/user/a")]
    [InlineData("paxos.tcp://sys@h/user/a")]
    [InlineData("paxos.tcp://sys@h:99999")]
    [InlineData("paxos.tcp://@h:1")]
    [InlineData("/user/a")]
    public void Malformed_remote_paths_are_refused(string text)
    {
        Assert.False(RemoteAddress.TryParseActorPath(text, out _, out _));
        Assert.Throws<FormatException>(() => RemoteAddress.Parse(text));
    }

    [Fact]
    public void Backoff_doubles_up_to_the_maximum_with_seeded_jitter()
    {
        var min = TimeSpan.FromMilliseconds(100);
        var max = TimeSpan.FromSeconds(1);
        var delays = Enumerable.Range(0, 8).Select(i => Backoff.Next(i, min, max, 0.2, new Random(5))).ToList();

        Assert.InRange(delays[0].TotalMilliseconds, 100, 120);
        Assert.InRange(delays[1].TotalMilliseconds, 200, 240);
        Assert.All(delays.Skip(4), d => Assert.InRange(d.TotalMilliseconds, 1000, 1200));
        Assert.Equal(Backoff.Next(3, min, max, 0.2, new Random(5)), delays[3]);
    }

    [Fact]
    public void Reference_conf_is_embedded_and_documents_every_setting()
    {
        var conf = RemoteSettings.ReferenceConfig();
        foreach (var key in new[]
        {
            "hostname", "port", "secret", "maximum-frame-size", "handshake-timeout", "reconnect-backoff-min",
            "reconnect-backoff-max", "reconnect-backoff-random-factor", "node-loss-timeout", "outbound-queue-size",
            "maximum-inbound-connections", "shutdown-flush-timeout",
        })
        {
            Assert.Contains(key + " =", conf, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Invalid_settings_name_the_offending_key()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => (new RemoteSettings() with { MaximumFrameSize = 10 }).Validate());
        Assert.Contains("paxos.remote.maximum-frame-size", e.Message, StringComparison.Ordinal);
    }
}
