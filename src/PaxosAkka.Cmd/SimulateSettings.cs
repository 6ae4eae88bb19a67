using PaxosAkka.Cmd.Synchronous;

namespace PaxosAkka.Cmd;

/// <summary>
/// What <c>pbm simulate</c> was asked to do, before validation. Kept apart from System.CommandLine so the
/// range rules are plain code with their own tests.
/// </summary>
/// <param name="Nodes">Number of nodes; every node is proposer (in its turn), acceptor and learner.</param>
/// <param name="CrashProbability">Chance that a node crashes during one round, in [0, 1].</param>
/// <param name="Rounds">Number of synchronous rounds to run.</param>
/// <param name="Seed">Seed of the one PRNG that drives inputs and crashes; same seed, same run.</param>
/// <param name="Domain">Which values nodes start with.</param>
/// <param name="Trace">Print every message instead of one summary line per round.</param>
internal sealed record SimulateSettings(
    int Nodes, double CrashProbability, int Rounds, int Seed, ValueDomain Domain, bool Trace)
{
    /// <summary>Largest accepted <c>--nodes</c>; a round sends O(n²) Accepted messages, so this bounds a run.</summary>
    public const int MaxNodes = 1000;

    /// <summary>Largest accepted <c>--rounds</c>; with <see cref="MaxNodes"/> it bounds the run's work.</summary>
    public const int MaxRounds = 10_000;

    /// <summary>Returns a one-line description of the first out-of-range value, or null if all are valid.</summary>
    public string? Validate()
    {
        if (Nodes is < 1 or > MaxNodes)
        {
            return $"--nodes must be between 1 and {MaxNodes}, got {Nodes}";
        }

        // Written as a negated range test so NaN (which compares false to everything) is rejected too.
        if (!(CrashProbability is >= 0.0 and <= 1.0))
        {
            return $"--crash-prob must be between 0 and 1, got {CrashProbability.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        }

        if (Rounds is < 1 or > MaxRounds)
        {
            return $"--rounds must be between 1 and {MaxRounds}, got {Rounds}";
        }

        return null;
    }

    /// <summary>Test-only: run the deliberately broken variant (see <see cref="SynchronousOptions.BreakDurability"/>).</summary>
    internal bool BreakDurability { get; init; }

    /// <summary>The simulation's own options (the output flags stay here).</summary>
    public SynchronousOptions ToOptions() =>
        new(Nodes, CrashProbability, Rounds, Domain) { BreakDurability = BreakDurability };
}
