using Akka.Configuration;
using PaxosAkka.Node.Replication;

namespace PaxosAkka.Node.Configuration;

/// <summary>The replicated stores' settings (<c>paxos.node.replication</c>; defaults in reference.conf).</summary>
public sealed partial class NodeSettings
{
    /// <summary>Two-phase commit over stores on nodes of their own (system 004): timeouts, batch and snapshot sizes.</summary>
    public ReplicationOptions ReplicationOptions { get; init; } = ReplicationOptions.Default;

    /// <summary>
    /// Parses <c>paxos.node.replication</c> of <paramref name="node"/> (the merged <c>paxos.node</c> section).
    /// Durations become learner ticks of <paramref name="tickInterval"/>, rounded up, so a timeout never fires
    /// earlier than configured.
    /// </summary>
    /// <exception cref="ConfigurationException">A value is missing, malformed or out of range; the message names its path.</exception>
    internal static ReplicationOptions ParseReplication(Config node, TimeSpan tickInterval)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(tickInterval, TimeSpan.Zero);
        const string Section = "paxos.node.replication";
        var c = node.GetConfig("replication");
        int Ticks(string key) => TicksOf(c.Duration(key, Section), tickInterval, $"{Section}.{key}");
        int AtLeast(string key, int minimum)
        {
            int value = c.Int(key, Section);
            return value >= minimum ? value : throw new ConfigurationException($"{Section}.{key} must be at least {minimum}, not {value}");
        }

        long bytes = c.GetByteSize("snapshot-chunk-size") ?? throw new ConfigurationException($"{Section}.snapshot-chunk-size must be a size");
        return new ReplicationOptions
        {
            PrepareTimeoutTicks = Ticks("prepare-timeout"),
            CommitTimeoutTicks = Ticks("commit-timeout"),
            RecoveryTimeoutTicks = Ticks("recovery-timeout"),
            QueryIntervalTicks = Ticks("query-interval"),
            MaxTransactionSlots = AtLeast("max-transaction-slots", 1),
            MaxCatchUpEntries = AtLeast("max-catch-up-entries", 1),
            SnapshotThresholdSlots = AtLeast("snapshot-threshold-slots", 0),
            SnapshotChunkItems = AtLeast("snapshot-chunk-items", 1),
            SnapshotChunkBytes = bytes is >= 1_024 and <= 2 * 1024 * 1024
                ? (int)bytes
                : throw new ConfigurationException($"{Section}.snapshot-chunk-size must be between 1 KiB and 2 MiB (a remoting frame holds 4 MiB), not {bytes} bytes"),
        }.Validated();
    }

    /// <summary>Whole ticks covering <paramref name="duration"/> (at least one).</summary>
    internal static int TicksOf(TimeSpan duration, TimeSpan tickInterval, string path)
    {
        if (duration <= TimeSpan.Zero)
        {
            throw new ConfigurationException($"{path} must be a positive duration, not {duration}");
        }

        long ticks = (duration.Ticks + tickInterval.Ticks - 1) / tickInterval.Ticks;
        return ticks <= int.MaxValue ? (int)ticks : throw new ConfigurationException($"{path} = {duration} is too long");
    }
}
