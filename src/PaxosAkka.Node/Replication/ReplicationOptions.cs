namespace PaxosAkka.Node.Replication;

/// <summary>
/// How the coordinating learner runs two-phase commit over the stores. Counted in the learner's ticks
/// (<c>paxos.node.tick-interval</c>, 10 ms by default), so tests drive them without a clock.
/// </summary>
public sealed record ReplicationOptions
{
    /// <summary>Ticks a store has to vote before the transaction aborts and is retried without it. Default 100 (1 s).</summary>
    public int PrepareTimeoutTicks { get; init; } = 100;

    /// <summary>Ticks a store has to confirm a commit before it is dropped from the in-sync set. Default 100 (1 s).</summary>
    public int CommitTimeoutTicks { get; init; } = 100;

    /// <summary>Ticks a new coordinator waits for the stores' states before it resolves with those that answered. Default 100 (1 s).</summary>
    public int RecoveryTimeoutTicks { get; init; } = 100;

    /// <summary>Every this many ticks, stores out of sync are asked for their state (to notice one came back). Default 20 (200 ms).</summary>
    public int QueryIntervalTicks { get; init; } = 20;

    /// <summary>Most chosen slots one transaction carries (later slots wait for the next). Default 64.</summary>
    public int MaxTransactionSlots { get; init; } = 64;

    /// <summary>Most slots one catch-up message carries to a store that is behind. Default 1,000.</summary>
    public int MaxCatchUpEntries { get; init; } = 1_000;

    /// <summary>
    /// A store further behind than this many slots (or one that came back empty) installs an in-sync peer's snapshot
    /// before the rest is replayed from the learned log. Default 1,000.
    /// </summary>
    public int SnapshotThresholdSlots { get; init; } = 1_000;

    /// <summary>Most keys, sessions and remembered answers (together) in one snapshot chunk. Default 1,000.</summary>
    public int SnapshotChunkItems { get; init; } = 1_000;

    /// <summary>Most payload bytes in one snapshot chunk (well under the 4 MiB remoting frame). Default 512 KiB.</summary>
    public int SnapshotChunkBytes { get; init; } = 512 * 1024;

    /// <summary>The defaults.</summary>
    public static ReplicationOptions Default { get; } = new();

    /// <summary>Throws when a value is out of range.</summary>
    public ReplicationOptions Validated()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(PrepareTimeoutTicks, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(CommitTimeoutTicks, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(RecoveryTimeoutTicks, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(QueryIntervalTicks, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTransactionSlots, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCatchUpEntries, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(SnapshotThresholdSlots);
        ArgumentOutOfRangeException.ThrowIfLessThan(SnapshotChunkItems, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(SnapshotChunkBytes, 1_024);
        return this;
    }
}
