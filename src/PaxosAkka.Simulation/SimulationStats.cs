namespace PaxosAkka.Simulation;

/// <summary>What happened in one run; all counts are over the whole run (fault and quiet phases).</summary>
public sealed record SimulationStats
{
    /// <summary>Ticks simulated in total.</summary>
    public long Ticks { get; init; }

    /// <summary>Slots known chosen at the end (the length of the one true log).</summary>
    public long ChosenSlots { get; init; }

    public long CommandsSubmitted { get; init; }

    /// <summary>Distinct submitted commands found in chosen slots.</summary>
    public long CommandsChosen { get; init; }

    /// <summary>Re-sends of a command by its client (timeouts, rejections and spurious retries).</summary>
    public long ClientRetries { get; init; }

    public long MessagesSent { get; init; }

    public long MessagesDelivered { get; init; }

    public long MessagesDropped { get; init; }

    public long MessagesDuplicated { get; init; }

    public long Crashes { get; init; }

    /// <summary>Crashes that hit a node part way through handling a Ready.</summary>
    public long CrashesDuringReady { get; init; }

    public long Partitions { get; init; }

    public long Pauses { get; init; }

    public long Campaigns { get; init; }

    /// <summary>BecameLeader events seen.</summary>
    public long LeaderChanges { get; init; }

    /// <summary>State-machine snapshots taken.</summary>
    public long Snapshots { get; init; }

    /// <summary>Times a node compacted its acceptor and learner below a higher floor.</summary>
    public long Compactions { get; init; }

    /// <summary>Snapshots shipped to and installed by lagging nodes.</summary>
    public long SnapshotsInstalled { get; init; }

    /// <summary>Ticks the quiet phase needed until everything submitted was chosen and learned (-1 if never).</summary>
    public long QuietTicksToConverge { get; init; } = -1;

    public override string ToString() =>
        $"ticks={Ticks} chosenSlots={ChosenSlots} commands={CommandsChosen}/{CommandsSubmitted} retries={ClientRetries} " +
        $"messages sent={MessagesSent} delivered={MessagesDelivered} dropped={MessagesDropped} duplicated={MessagesDuplicated} " +
        $"crashes={Crashes} (mid-Ready {CrashesDuringReady}) partitions={Partitions} pauses={Pauses} campaigns={Campaigns} " +
        $"leaderChanges={LeaderChanges} snapshots={Snapshots} compactions={Compactions} installed={SnapshotsInstalled} " +
        $"quietTicksToConverge={QuietTicksToConverge}";
}
