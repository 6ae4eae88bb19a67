namespace PaxosAkka.Cmd;

/// <summary>
/// Process exit codes of <c>pbm</c>. They are part of the interface: scripts and CI branch on them, so a
/// broken safety property must never be confused with a typo on the command line.
/// </summary>
internal static class ExitCodes
{
    /// <summary>The command ran and every checked property held.</summary>
    public const int Success = 0;

    /// <summary>The command ran and a checked safety property (Agreement, Validity, ...) was violated.</summary>
    public const int PropertyViolated = 1;

    /// <summary>The command line was not understood or a value was out of range; nothing was run.</summary>
    public const int BadArguments = 2;

    /// <summary>A node could not be reached, gave no answer in time, or answered 503 (no quorum, outcome unknown).</summary>
    public const int Unavailable = 3;

    /// <summary>
    /// The node answered and refused: no such key (<c>kv get</c>, <c>kv del</c>), a compare-and-set conflict, no such
    /// member or actor, or the node cannot do it (<c>paxos log</c> on a node without a learner).
    /// </summary>
    public const int Refused = 4;

    /// <summary>One line per code, as <c>pbm --help</c>, the prompt's <c>help</c> and the README print them.</summary>
    public const string Summary =
        "Exit codes: 0 = done; 1 = a simulation found a safety property violated; 2 = bad arguments (nothing was run); "
        + "3 = node unreachable, no answer in time, or no quorum; 4 = the node refused (no such key or member, CAS conflict).";
}
