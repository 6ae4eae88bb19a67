namespace PaxosAkka.Simulation;

/// <summary>
/// Deterministic fault simulator of the Multi-Paxos core (FoundationDB / TigerBeetle style): the same
/// <see cref="SimulationOptions"/> always produce the same run, and a failing run prints how to replay it.
/// </summary>
public static class Simulator
{
    /// <summary>Runs one seed to completion; never throws for an invariant violation (see <see cref="SimulationResult.Violations"/>).</summary>
    /// <exception cref="ArgumentException">Invalid options (the message names the setting).</exception>
    public static SimulationResult Run(SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SimulationRun(options).Execute();
    }
}
