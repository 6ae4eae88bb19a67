namespace PaxosAkka.Simulation;

/// <summary>Marks the assembly; lets tools find it by type.</summary>
public static class AssemblyMarker
{
}
