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

    /// <summary>A remote node could not be reached or gave no answer in time (<c>pbm prime</c>).</summary>
    public const int Unavailable = 3;
}
