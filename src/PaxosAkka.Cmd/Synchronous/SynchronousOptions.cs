namespace PaxosAkka.Cmd.Synchronous;

/// <summary>Parameters of one synchronous single-decree run (already validated by the caller).</summary>
/// <param name="Nodes">Number of nodes; each is an acceptor and a learner, and proposes in its turn.</param>
/// <param name="CrashProbability">Chance in [0, 1] that a node crashes at some step of a round.</param>
/// <param name="Rounds">Number of rounds; round r is led by node r % Nodes with ballot (r + 1, r % Nodes).</param>
/// <param name="Domain">Which inputs the nodes start with.</param>
internal sealed record SynchronousOptions(int Nodes, double CrashProbability, int Rounds, ValueDomain Domain)
{
    /// <summary>
    /// Deliberately broken variant, for tests only: a restarted node comes back with EMPTY stable storage,
    /// as if the Ready contract had been ignored. It exists to prove the Agreement check can fail
    /// (house style: broken variants show the checker bites). Never set from the command line.
    /// </summary>
    public bool BreakDurability { get; init; }
}
