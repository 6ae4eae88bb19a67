using System.Collections.Immutable;
using PaxosAkka.Consensus;
using static PaxosAkka.Cmd.Synchronous.SynchronousEvents;

namespace PaxosAkka.Cmd.Synchronous;

/// <summary>Everything a synchronous run established.</summary>
/// <param name="Inputs">Each node's input, by node id.</param>
/// <param name="Rounds">One summary per round, in order.</param>
/// <param name="Learned">Every decision by every learner in every round, in order.</param>
/// <param name="Verdict">Whether Agreement and Validity held.</param>
internal sealed record SynchronousResult(
    ImmutableArray<int> Inputs,
    ImmutableArray<RoundSummary> Rounds,
    ImmutableArray<ValueLearned> Learned,
    SynchronousVerdict Verdict)
{
    /// <summary>The first round in which some learner learned a value, or null if none ever did.</summary>
    public int? FirstDecisionRound => Learned.IsEmpty ? null : Learned[0].Round;
}

/// <summary>
/// The safety verdict. Agreement: every decision, in every round and at every node, is the same value,
/// and no ballot ever carried two values. Validity: every decided value is some node's input.
/// Termination is reported but is not a property of this run: with crashes Paxos may never decide.
/// </summary>
/// <param name="Agreement">True when all decisions are equal and no ballot carried two values.</param>
/// <param name="Validity">True when every decided value is one of the inputs.</param>
/// <param name="Decided">The decided input when Agreement held and something was decided.</param>
/// <param name="Problems">One line per breach, empty when both held.</param>
internal sealed record SynchronousVerdict(bool Agreement, bool Validity, int? Decided, ImmutableArray<string> Problems)
{
    /// <summary>True when Agreement and Validity both held.</summary>
    public bool Holds => Agreement && Validity;

    /// <summary>Judges a run from its inputs and every decision made.</summary>
    public static SynchronousVerdict Judge(
        ImmutableArray<int> inputs, IReadOnlyList<ValueLearned> learned, bool sawConflictingBallot)
    {
        ArgumentNullException.ThrowIfNull(learned);
        var problems = ImmutableArray.CreateBuilder<string>();
        var distinct = learned.Select(l => l.Value).Distinct().ToList();
        var agreement = distinct.Count <= 1 && !sawConflictingBallot;
        if (distinct.Count > 1)
        {
            problems.Add($"Agreement violated: decisions differ ({string.Join(", ", distinct.Select(SynodValues.Show))})");
        }

        if (sawConflictingBallot)
        {
            problems.Add("Agreement violated: one ballot was accepted with two different values");
        }

        var validity = true;
        foreach (var value in distinct)
        {
            if (SynodValues.Decode(value) is not { } input || !inputs.Contains(input))
            {
                validity = false;
                problems.Add($"Validity violated: decided {SynodValues.Show(value)}, which no node had as input");
            }
        }

        int? decided = agreement && distinct.Count == 1 ? SynodValues.Decode(distinct[0]) : null;
        return new SynchronousVerdict(agreement, validity, decided, problems.ToImmutable());
    }
}
