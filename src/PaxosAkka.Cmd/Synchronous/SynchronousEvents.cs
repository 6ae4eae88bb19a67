using System.Collections.Immutable;
using PaxosAkka.Consensus;

namespace PaxosAkka.Cmd.Synchronous;

/// <summary>
/// What a synchronous run reports as it goes, in order. The engine only emits these; printing them is
/// the report's job, so tests can check the run without parsing text.
/// </summary>
internal static class SynchronousEvents
{
    /// <summary>Base of every event.</summary>
    internal abstract record SynchronousEvent;

    /// <summary>The run begins: every node's input and the quorum sizes.</summary>
    internal sealed record RunStarted(ImmutableArray<int> Inputs, int Phase1Quorum, int Phase2Quorum) : SynchronousEvent;

    /// <summary>A round begins with a new ballot led by node <c>round % nodes</c>.</summary>
    internal sealed record RoundStarted(int Round, int Proposer, Ballot Ballot) : SynchronousEvent;

    /// <summary>A node that crashed in the previous round restarts from its durable acceptor state.</summary>
    internal sealed record NodeRecovered(int Round, int Node, AcceptorDurableState State) : SynchronousEvent;

    /// <summary>A node crashes at the start of <paramref name="Step"/>: it neither receives nor sends from then on.</summary>
    internal sealed record NodeCrashed(int Round, int Step, int Node) : SynchronousEvent;

    /// <summary>A message leaves its sender during <paramref name="Step"/>; it arrives at the next step.</summary>
    internal sealed record MessageSent(int Round, int Step, PaxosMessage Message) : SynchronousEvent;

    /// <summary>A message could not be delivered at <paramref name="Step"/> because its recipient is down.</summary>
    internal sealed record MessageLost(int Round, int Step, PaxosMessage Message) : SynchronousEvent;

    /// <summary>A learner saw <paramref name="Value"/> chosen.</summary>
    internal sealed record ValueLearned(int Round, int Step, int Node, SlotValue Value, Ballot? Ballot) : SynchronousEvent;

    /// <summary>A round is over; what it achieved.</summary>
    internal sealed record RoundEnded(RoundSummary Summary) : SynchronousEvent;

    /// <summary>The run is over; the verdict on Agreement and Validity.</summary>
    internal sealed record RunEnded(SynchronousResult Result) : SynchronousEvent;
}
