using System.Collections.Immutable;
using PaxosAkka.Consensus;

namespace PaxosAkka.Node.Roles;

/// <summary>Messages of the proposer actor besides the core's Promise, Nack, Accepted and Chosen.</summary>
public static class ProposerProtocol
{
    /// <summary>
    /// A client command to order. Crosses the wire when a follower forwards it to the leader; <paramref name="Hops"/>
    /// counts forwards so that nodes with stale views cannot bounce a command forever.
    /// </summary>
    public sealed record Submit(Command Command, int Hops);

    /// <summary>The co-located learner's newly chosen slots (so a leader stops driving them, in slot order).</summary>
    public sealed record ObserveChosen(ImmutableArray<ChosenEntry> Entries);

    /// <summary>
    /// A linearizable read of <paramref name="Key"/> by read index (Consensus <c>ReadIndexProtocol</c>), from the
    /// node's own service; the sender is the waiter, answered by the store with the value or with
    /// <see cref="ReadRefused"/>. Never crosses the wire: a follower forwards a <see cref="ReadIndexRequest"/> instead.
    /// </summary>
    public sealed record ReadIndex(string Key);

    /// <summary>A follower asks the leader's proposer for a read index on behalf of its read <paramref name="ReadId"/>.</summary>
    public sealed record ReadIndexRequest(int Origin, long ReadId);

    /// <summary>The leader confirmed its ballot after the read arrived: serve read <paramref name="ReadId"/> once slot <paramref name="Index"/> is applied.</summary>
    public sealed record ReadIndexGranted(long ReadId, long Index);

    /// <summary>The leader could not confirm the read (not leading, preempted, timed out): do not serve it locally.</summary>
    public sealed record ReadIndexDenied(long ReadId);

    /// <summary>Answer to a <see cref="ReadIndex"/> waiter: no read index now; the service orders the read through the log.</summary>
    public sealed record ReadRefused
    {
        /// <summary>The single instance.</summary>
        public static ReadRefused Instance { get; } = new();
    }

    /// <summary>How many times a command may be forwarded between proposers before it is dropped (the client retries).</summary>
    public const int MaxHops = 3;

    internal sealed record Tick
    {
        public static Tick Instance { get; } = new();
    }

    internal sealed record Flush
    {
        public static Flush Instance { get; } = new();
    }

    internal sealed record RetryRecovery
    {
        public static RetryRecovery Instance { get; } = new();
    }
}
