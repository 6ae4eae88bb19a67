using Akka.Configuration;
using PaxosAkka.Node.Store;

namespace PaxosAkka.Node.Configuration;

/// <summary>The replicated store's memory bounds (<c>paxos.node.store</c>; defaults in reference.conf).</summary>
public sealed partial class NodeSettings
{
    /// <summary>How many answered requests the store remembers (Idempotency-Key table and retry answers).</summary>
    public StoreOptions StoreOptions { get; init; } = StoreOptions.Default;

    /// <summary>Parses <c>paxos.node.store</c> of <paramref name="node"/> (the merged <c>paxos.node</c> section).</summary>
    /// <exception cref="ConfigurationException">A bound is missing or below 1; the message names its path.</exception>
    internal static StoreOptions ParseStore(Config node)
    {
        ArgumentNullException.ThrowIfNull(node);
        const string Section = "paxos.node.store";
        var c = node.GetConfig("store");
        int AtLeastOne(string key)
        {
            int value = c.Int(key, Section);
            return value >= 1 ? value : throw new ConfigurationException($"{Section}.{key} must be at least 1, not {value}");
        }

        return new StoreOptions
        {
            MaxIdempotencyKeys = AtLeastOne("max-idempotency-keys"),
            MaxRememberedAnswers = AtLeastOne("max-remembered-answers"),
        }.Validated();
    }
}
