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
