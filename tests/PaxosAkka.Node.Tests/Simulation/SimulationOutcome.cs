namespace PaxosAkka.Node.Tests.Simulation;

/// <summary>Counters of one simulation run, printed with every outcome so a failing seed shows what it went through.</summary>
internal sealed record SimulationStats
{
    public long Steps { get; init; }

    public TimeSpan VirtualTime { get; init; }

    public int Crashes { get; init; }

    public int Pauses { get; init; }

    public int Partitions { get; init; }

    public int Succeeded { get; init; }

    public int Unknown { get; init; }

    public int Retries { get; init; }

    /// <summary>Reads answered by read index, without a log slot (the others fell back to the log).</summary>
    public long ReadIndexReads { get; init; }

    public long SlotsChosen { get; init; }

    public long MessagesSent { get; init; }

    public long MessagesDropped { get; init; }

    public override string ToString() =>
        $"{Steps} turns, {VirtualTime.TotalSeconds:0.###} s virtual, {Crashes} crashes, {Pauses} pauses, {Partitions} partitions, " +
        $"{Succeeded} ops answered, {Unknown} unknown, {Retries} retries, {ReadIndexReads} read-index reads, {SlotsChosen} slots, {MessagesSent} sent, {MessagesDropped} dropped";
}

/// <summary>What one seed's run found: the safety violations (none when it passed), its counters and its trace.</summary>
internal sealed record SimulationOutcome(int Seed, IReadOnlyList<string> Violations, SimulationStats Stats, IReadOnlyList<string> Trace)
{
    public bool Passed => Violations.Count == 0;

    /// <summary>The failure report: seed, what broke, how to replay it, and the tail of the trace when one was kept.</summary>
    public string Describe(string replay)
    {
        var lines = new List<string>
        {
            $"Cluster simulation seed {Seed} FAILED: {string.Join(" | ", Violations)}",
            $"  run: {Stats}",
            $"  replay: {replay}",
        };
        if (Trace.Count > 0)
        {
            lines.Add($"  last {Math.Min(60, Trace.Count)} of {Trace.Count} trace lines:");
            lines.AddRange(Trace.Skip(Math.Max(0, Trace.Count - 60)).Select(l => "    " + l));
        }

        return string.Join(Environment.NewLine, lines);
    }
}
