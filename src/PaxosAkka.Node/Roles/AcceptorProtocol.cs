using PaxosAkka.Consensus;

namespace PaxosAkka.Node.Roles;

/// <summary>Messages of the acceptor actor besides the core's Prepare and Accept.</summary>
public static class AcceptorProtocol
{
    /// <summary>Asks for the highest ballot the acceptor has on disk; the answer is <see cref="DurableBallot"/>.</summary>
    public sealed record GetDurableBallot
    {
        /// <summary>The single instance.</summary>
        public static GetDurableBallot Instance { get; } = new();
    }

    /// <summary>
    /// The highest ballot durable at this acceptor (promise or vote): a co-located proposer that restarts seeds
    /// itself with it, so it never reuses a ballot it may already have sent.
    /// </summary>
    public sealed record DurableBallot(Ballot Highest);

    /// <summary>Processes every message stepped since the last flush as one Ready (one transaction).</summary>
    internal sealed record Flush
    {
        public static Flush Instance { get; } = new();
    }
}
