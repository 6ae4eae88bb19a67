namespace PaxosAkka.Simulation;

/// <summary>Mutable tallies of one run, turned into the immutable <see cref="SimulationStats"/> at the end.</summary>
internal sealed class RunCounters
{
    public long Submitted { get; set; }

    public long ClientRetries { get; set; }

    public long Crashes { get; set; }

    public long CrashesDuringReady { get; set; }

    public long Partitions { get; set; }

    public long Pauses { get; set; }

    public long Campaigns { get; set; }

    public long LeaderChanges { get; set; }

    public long Snapshots { get; set; }

    public long Compactions { get; set; }

    public long SnapshotsInstalled { get; set; }

    public long QuietTicksToConverge { get; set; } = -1;
}
