using System.Collections.Immutable;
using System.Globalization;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Store;

namespace PaxosAkka.Node.Replication;

/// <summary>
/// Fault-injection hooks for process tests only: a store that waits before it votes or before it applies a
/// commit opens a precise window (a store killed with a prepare pending, or between prepare and commit) that a
/// test can hit with SIGKILL. Both are zero unless the environment variables
/// <c>PAXOS_FAULT_STORE_VOTE_DELAY_MS</c> / <c>PAXOS_FAULT_STORE_COMMIT_DELAY_MS</c> are set for the process and
/// <c>PAXOS_FAULT_STORE_IDS</c> (comma-separated node ids) names the store, and then only for transactions that
/// carry a command on a key starting with <see cref="KeyPrefix"/>: ordinary traffic is never delayed, so a test
/// picks the one write whose window it wants.
/// </summary>
/// <param name="VoteDelay">How long the store holds its vote on each prepare.</param>
/// <param name="CommitDelay">How long the store holds each commit before applying it.</param>
public sealed record StoreFaults(TimeSpan VoteDelay, TimeSpan CommitDelay)
{
    /// <summary>Name of the vote-delay variable (milliseconds).</summary>
    public const string VoteDelayVariable = "PAXOS_FAULT_STORE_VOTE_DELAY_MS";

    /// <summary>Name of the variable listing the stores the delays apply to (comma-separated node ids).</summary>
    public const string StoreIdsVariable = "PAXOS_FAULT_STORE_IDS";

    /// <summary>Name of the commit-delay variable (milliseconds).</summary>
    public const string CommitDelayVariable = "PAXOS_FAULT_STORE_COMMIT_DELAY_MS";

    /// <summary>Only transactions touching a key with this prefix are delayed.</summary>
    public const string KeyPrefix = "fault-";

    /// <summary>No faults.</summary>
    public static StoreFaults None { get; } = new(TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>True when any delay is set.</summary>
    public bool Any => VoteDelay > TimeSpan.Zero || CommitDelay > TimeSpan.Zero;

    /// <summary>Reads the hooks of store <paramref name="store"/> from the process environment (unset, unparsable or another store: no delay).</summary>
    public static StoreFaults FromEnvironment(int store)
    {
        var ids = (Environment.GetEnvironmentVariable(StoreIdsVariable) ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return ids.Contains(store.ToString(CultureInfo.InvariantCulture))
            ? new StoreFaults(Read(VoteDelayVariable), Read(CommitDelayVariable))
            : None;
    }

    /// <summary>True when the transaction of <paramref name="entries"/> touches a fault key.</summary>
    public static bool Targets(ImmutableArray<ChosenEntry> entries) =>
        !entries.IsDefault && entries.Any(e => e.Value.Commands.Any(c => IsFaultKey(c.Payload)));

    private static bool IsFaultKey(byte[] payload)
    {
        try
        {
            return KvCommandCodec.Decode(payload).Key.StartsWith(KeyPrefix, StringComparison.Ordinal);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static TimeSpan Read(string variable) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out int ms)
            ? TimeSpan.FromMilliseconds(ms)
            : TimeSpan.Zero;
}
