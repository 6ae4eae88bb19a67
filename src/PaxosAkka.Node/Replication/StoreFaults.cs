using System.Globalization;

namespace PaxosAkka.Node.Replication;

/// <summary>
/// Fault-injection hooks for process tests only: a store that waits before it votes or before it applies a
/// commit opens a precise window (a store killed with a prepare pending, or between prepare and commit) that a
/// test can hit with SIGKILL. Both are zero unless the environment variables
/// <c>PAXOS_FAULT_STORE_VOTE_DELAY_MS</c> / <c>PAXOS_FAULT_STORE_COMMIT_DELAY_MS</c> are set for the process.
/// </summary>
/// <param name="VoteDelay">How long the store holds its vote on each prepare.</param>
/// <param name="CommitDelay">How long the store holds each commit before applying it.</param>
public sealed record StoreFaults(TimeSpan VoteDelay, TimeSpan CommitDelay)
{
    /// <summary>Name of the vote-delay variable (milliseconds).</summary>
    public const string VoteDelayVariable = "PAXOS_FAULT_STORE_VOTE_DELAY_MS";

    /// <summary>Name of the commit-delay variable (milliseconds).</summary>
    public const string CommitDelayVariable = "PAXOS_FAULT_STORE_COMMIT_DELAY_MS";

    /// <summary>No faults.</summary>
    public static StoreFaults None { get; } = new(TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>True when any delay is set.</summary>
    public bool Any => VoteDelay > TimeSpan.Zero || CommitDelay > TimeSpan.Zero;

    /// <summary>Reads the hooks from the process environment (unset or unparsable: no delay).</summary>
    public static StoreFaults FromEnvironment() => new(Read(VoteDelayVariable), Read(CommitDelayVariable));

    private static TimeSpan Read(string variable) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out int ms)
            ? TimeSpan.FromMilliseconds(ms)
            : TimeSpan.Zero;
}
