namespace PaxosAkka.Simulation;

/// <summary>The module's commented <c>reference.conf</c> (embedded), documenting every simulator default.</summary>
public static class SimulationReferenceConfig
{
    /// <summary>The path of the simulator section.</summary>
    public const string Section = "paxos.simulation";

    /// <summary>The text of the embedded <c>reference.conf</c>.</summary>
    public static string Text { get; } = Load();

    private static string Load()
    {
        using var stream = typeof(SimulationReferenceConfig).Assembly.GetManifestResourceStream("PaxosAkka.Simulation.reference.conf")
            ?? throw new InvalidOperationException("The embedded reference.conf of PaxosAkka.Simulation is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
