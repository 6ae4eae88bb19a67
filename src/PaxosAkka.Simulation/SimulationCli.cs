using System.Globalization;
using System.Text;

namespace PaxosAkka.Simulation;

/// <summary>
/// The command-line face of the simulator shared with <c>pbm simulate-multi</c>: the replay line a failure
/// prints, and parsers for the option values that line uses, so the two cannot drift apart.
/// </summary>
public static class SimulationCli
{
    /// <summary>The command the replay line runs; pbm implements it with exactly these flags.</summary>
    public const string CommandName = "simulate-multi";

    private const string Prefix = "dotnet run --project src/PaxosAkka.Cmd -- " + CommandName;

    /// <summary>
    /// One line that replays <paramref name="options"/>: always the seed and steps, plus every flag whose
    /// value differs from the default. Options with no flag (custom fault rates) are not representable: the
    /// line then says so, since replaying needs the same code and options.
    /// </summary>
    public static string FormatReplayCommand(SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var defaults = new SimulationOptions();
        var line = new StringBuilder(Prefix);
        line.Append(CultureInfo.InvariantCulture, $" --seed {options.Seed} --steps {options.Steps}");
        if (options.Nodes != defaults.Nodes)
        {
            line.Append(CultureInfo.InvariantCulture, $" --nodes {options.Nodes}");
        }

        if (options.Proposers != defaults.Proposers)
        {
            line.Append(CultureInfo.InvariantCulture, $" --proposers {options.Proposers}");
        }

        AppendIfSet(line, "--acceptors", options.Acceptors);
        AppendIfSet(line, "--learners", options.Learners);
        AppendIfSet(line, "--q1", options.Phase1Quorum);
        AppendIfSet(line, "--q2", options.Phase2Quorum);
        if (options.Faults == FaultOptions.None)
        {
            line.Append(" --faults none");
        }
        else if (options.Faults != FaultOptions.AllOn)
        {
            line.Append(" --faults all  # NOTE: custom fault rates were used; set them in code to replay exactly");
            return line.ToString();
        }

        if (options.BrokenAcceptor != BrokenAcceptorMode.None)
        {
            line.Append(" --broken-acceptor ").Append(FormatBrokenAcceptor(options.BrokenAcceptor));
        }

        if (!HasOnlyFlaggedSettings(options, defaults))
        {
            line.Append("  # NOTE: other settings differ from defaults; set them in code to replay exactly");
        }

        return line.ToString();
    }

    /// <summary>Parses <c>all</c> or <c>none</c> (case-insensitive).</summary>
    public static bool TryParseFaults(string? text, out FaultOptions faults)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "ALL":
                faults = FaultOptions.AllOn;
                return true;
            case "NONE":
                faults = FaultOptions.None;
                return true;
            default:
                faults = FaultOptions.AllOn;
                return false;
        }
    }

    /// <summary>Parses <c>none</c>, <c>forgets-state</c> or <c>accepts-below-promise</c> (case-insensitive).</summary>
    public static bool TryParseBrokenAcceptor(string? text, out BrokenAcceptorMode mode)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "NONE":
                mode = BrokenAcceptorMode.None;
                return true;
            case "FORGETS-STATE":
                mode = BrokenAcceptorMode.ForgetsStateOnRestart;
                return true;
            case "ACCEPTS-BELOW-PROMISE":
                mode = BrokenAcceptorMode.AcceptsBelowPromise;
                return true;
            default:
                mode = BrokenAcceptorMode.None;
                return false;
        }
    }

    /// <summary>The flag value of a mode, the inverse of <see cref="TryParseBrokenAcceptor"/>.</summary>
    public static string FormatBrokenAcceptor(BrokenAcceptorMode mode) => mode switch
    {
        BrokenAcceptorMode.None => "none",
        BrokenAcceptorMode.ForgetsStateOnRestart => "forgets-state",
        BrokenAcceptorMode.AcceptsBelowPromise => "accepts-below-promise",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown broken-acceptor mode."),
    };

    private static void AppendIfSet(StringBuilder line, string flag, int value)
    {
        if (value != 0)
        {
            line.Append(CultureInfo.InvariantCulture, $" {flag} {value}");
        }
    }

    private static bool HasOnlyFlaggedSettings(SimulationOptions options, SimulationOptions defaults) =>
        options with
        {
            Seed = defaults.Seed,
            Steps = defaults.Steps,
            Nodes = defaults.Nodes,
            Proposers = defaults.Proposers,
            Acceptors = defaults.Acceptors,
            Learners = defaults.Learners,
            Phase1Quorum = defaults.Phase1Quorum,
            Phase2Quorum = defaults.Phase2Quorum,
            Faults = defaults.Faults,
            BrokenAcceptor = defaults.BrokenAcceptor,
            Trace = null,
        } == defaults;
}
