using System.Collections.Immutable;
using PaxosAkka.Consensus;

namespace PaxosAkka.Cmd.Synchronous;

/// <summary>How far one round got; each outcome names the first thing that stopped it.</summary>
internal enum RoundOutcome
{
    /// <summary>A phase-2 quorum accepted one value: it is chosen.</summary>
    Chosen,

    /// <summary>The proposer crashed before it could send Prepare.</summary>
    ProposerCrashedBeforePrepare,

    /// <summary>Fewer than a phase-1 quorum of promises reached the proposer.</summary>
    NoPromiseQuorum,

    /// <summary>The proposer had its promises but crashed (or was preempted) before Accept went out.</summary>
    NoAcceptSent,

    /// <summary>Accept went out but fewer than a phase-2 quorum of acceptors accepted it.</summary>
    NoAcceptQuorum,
}

/// <summary>One round as the summary line prints it.</summary>
/// <param name="Round">Round number, from 0.</param>
/// <param name="Proposer">Node that led it (round % nodes).</param>
/// <param name="Ballot">Its ballot, (round + 1, proposer).</param>
/// <param name="Crashes">Nodes that crashed, with the step they crashed at.</param>
/// <param name="Promises">Acceptors whose Promise reached the proposer.</param>
/// <param name="Proposed">Value sent in Accept, if any (adopted from a promise or the proposer's input).</param>
/// <param name="Adopted">The highest-ballot accepted entry the promises reported (P2c: the proposer must
/// propose its value), or null when no promiser had accepted anything and the proposer used its own input.</param>
/// <param name="Acceptances">Acceptors that sent Accepted for this round's ballot.</param>
/// <param name="Learners">Nodes that learned the chosen value this round.</param>
/// <param name="Outcome">Where the round stopped.</param>
internal sealed record RoundSummary(
    int Round,
    int Proposer,
    Ballot Ballot,
    ImmutableArray<(int Node, int Step)> Crashes,
    ImmutableArray<int> Promises,
    SlotValue? Proposed,
    AcceptedEntry? Adopted,
    ImmutableArray<int> Acceptances,
    ImmutableArray<int> Learners,
    RoundOutcome Outcome);
