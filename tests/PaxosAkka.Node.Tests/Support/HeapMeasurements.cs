namespace PaxosAkka.Node.Tests;

/// <summary>
/// Tests that measure the process's heap (GC.GetTotalMemory) run alone: tests running beside them allocate too and
/// would make a bounded structure look as if it grew.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeapMeasurements
{
    public const string Name = "heap measurements";
}
