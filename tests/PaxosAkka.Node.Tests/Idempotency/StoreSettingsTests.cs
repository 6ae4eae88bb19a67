using Akka.Configuration;
using PaxosAkka.Node.Configuration;
using PaxosAkka.Node.Store;

namespace PaxosAkka.Node.Tests.Idempotency;

/// <summary>Issue 12 item 2: <c>paxos.node.store</c> states how much is remembered, with documented defaults and clear errors.</summary>
public sealed class StoreSettingsTests
{
    private const string Node = "paxos.node { id = 1, acceptors = [1], members = [ { id = 1, host = \"127.0.0.1\", remote-port = 1, http-port = 2 } ] }";

    [Fact]
    public void Reference_conf_defaults_equal_the_documented_store_options()
    {
        var settings = NodeSettings.Create(ConfigurationFactory.ParseString(Node));

        Assert.Equal(StoreOptions.Default, settings.StoreOptions);
        Assert.Equal((100_000, 100_000), (settings.StoreOptions.MaxIdempotencyKeys, settings.StoreOptions.MaxRememberedAnswers));
    }

    [Fact]
    public void Bounds_are_read_from_the_node_config()
    {
        var config = ConfigurationFactory.ParseString(Node + "\npaxos.node.store { max-idempotency-keys = 500, max-remembered-answers = 7 }");

        Assert.Equal(new StoreOptions { MaxIdempotencyKeys = 500, MaxRememberedAnswers = 7 }, NodeSettings.Create(config).StoreOptions);
    }

    [Theory]
    [InlineData("max-idempotency-keys = 0", "paxos.node.store.max-idempotency-keys")]
    [InlineData("max-remembered-answers = -1", "paxos.node.store.max-remembered-answers")]
    public void A_bound_below_one_is_refused_naming_its_path(string setting, string path)
    {
        var config = ConfigurationFactory.ParseString(Node + "\npaxos.node.store { " + setting + " }");

        var error = Assert.Throws<ConfigurationException>(() => NodeSettings.Create(config));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
