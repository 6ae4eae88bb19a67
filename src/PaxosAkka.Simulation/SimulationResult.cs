using System.Collections.Immutable;
using System.Text;

namespace PaxosAkka.Simulation;

/// <summary>
/// The outcome of one run. On failure <see cref="Summary"/> starts with the seed and the one-line command
/// that replays the run (TigerBeetle/FoundationDB style: a failing seed is a bug report).
/// </summary>
public sealed record SimulationResult(
    int Seed,
    ImmutableArray<InvariantViolation> Violations,
    string ReplayCommand,
    SimulationStats Stats,
    ulong TraceHash)
{
    public bool Passed => Violations.IsEmpty;

    /// <summary>Human-readable outcome: verdict, seed, replay command, violations and stats.</summary>
    public string Summary
    {
        get
        {
            var text = new StringBuilder();
            text.AppendLine(Passed
                ? $"PASSED seed {Seed}: Agreement, Validity, Integrity, Durability and Liveness held."
                : $"FAILED seed {Seed}: {Violations.Length} invariant violation(s).");
            if (!Passed)
            {
                text.AppendLine($"Replay: {ReplayCommand}");
                foreach (var violation in Violations)
                {
                    text.AppendLine($"  {violation}");
                }
            }

            text.AppendLine($"Stats: {Stats}");
            text.Append($"Trace hash: {TraceHash:x16}");
            return text.ToString();
        }
    }

    public override string ToString() => Summary;
}
