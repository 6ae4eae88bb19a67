using System.Collections.Immutable;
using Akka.Actor;
using PaxosAkka.Node.Hosting;
using PaxosAkka.Consensus;
using Prometheus;

namespace PaxosAkka.Node.Metrics;

/// <summary>
/// What the role actors of one node count and time: commits, batch sizes, phase-2 and persist latencies, leader
/// changes, elections, missed heartbeats, two-phase-commit aborts and snapshot installs. One instance per node
/// (per actor system, <see cref="Of"/>), on the node's own registry, which <c>GET /metrics</c> serves together
/// with <see cref="NodeMetrics"/>. Every series is unlabelled, so a node exports each name (at 0) from its start,
/// whatever roles it runs: dashboards never meet a missing series, only a flat one.
/// </summary>
/// <remarks>
/// The actors only report what they already observe (a Ready they handle, a write they make, a message they send);
/// nothing here feeds back into the protocol. prometheus-net's counters and histograms are thread-safe, so a scrape
/// may run while an actor records.
/// </remarks>
public sealed class ConsensusMetrics : IExtension
{
    /// <summary>Batch-size buckets: commands per slot (1 to the default max-batch-size and beyond).</summary>
    private static readonly double[] SizeBuckets = [0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

    private readonly Counter _chosenSlots;
    private readonly Counter _chosenCommands;
    private readonly Histogram _batchSize;
    private readonly Histogram _phase2Duration;
    private readonly Counter _campaigns;
    private readonly Histogram _persistDuration;
    private readonly Histogram _persistBatchSize;
    private readonly Counter _commits;
    private readonly Counter _committedSlots;
    private readonly Counter _leaderChanges;
    private readonly Counter _elections;
    private readonly Counter _heartbeatsMissed;
    private readonly Counter _suspicions;
    private readonly Counter _twoPhaseAborts;
    private readonly Counter _snapshotInstalls;

    /// <summary>Creates the metrics on <paramref name="registry"/>; <paramref name="clock"/> times phase 2 and persists.</summary>
    public ConsensusMetrics(CollectorRegistry registry, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(clock);
        Registry = registry;
        Clock = clock;
        var f = Prometheus.Metrics.WithCustomRegistry(registry);
        var latency = new HistogramConfiguration { Buckets = NodeMetrics.LatencyBuckets };
        var sizes = new HistogramConfiguration { Buckets = SizeBuckets };
        _chosenSlots = f.CreateCounter("paxos_proposer_chosen_slots_total", "Slots this node's proposer saw chosen while leading (an Accepted quorum).");
        _chosenCommands = f.CreateCounter("paxos_proposer_chosen_commands_total", "Client commands in the slots this node's proposer saw chosen while leading.");
        _batchSize = f.CreateHistogram("paxos_proposer_batch_size", "Client commands per slot this node's proposer sent Accepts for (no-ops excluded).", sizes);
        _phase2Duration = f.CreateHistogram("paxos_proposer_phase2_duration_seconds", "Phase 2 of one slot: from its first Accept to the Accepted quorum that chose it.", latency);
        _campaigns = f.CreateCounter("paxos_proposer_campaigns_total", "Phase-1 rounds (Prepare with a new ballot) this node's proposer started.");
        _persistDuration = f.CreateHistogram("paxos_acceptor_persist_duration_seconds", "One durable write of the acceptor (promise and votes of one Ready, fsynced) before it answers.", latency);
        _persistBatchSize = f.CreateHistogram("paxos_acceptor_persist_batch_size", "Accepted entries per durable write of the acceptor (the group commit; 0 for a promise alone).", sizes);
        _commits = f.CreateCounter("paxos_learner_commits_total", "Client commands this node's learner delivered in slot order (its rate is the commit rate).");
        _committedSlots = f.CreateCounter("paxos_learner_committed_slots_total", "Slots this node's learner delivered in slot order (no-ops included).");
        _leaderChanges = f.CreateCounter("paxos_leader_changes_total", "Times this node's election saw the coordinator (the Paxos leader to be) change, none included.");
        _elections = f.CreateCounter("paxos_elections_total", "Bully elections this node ran as a candidate (ELECTION sent, or waited for peers' progress).");
        _heartbeatsMissed = f.CreateCounter("paxos_heartbeats_missed_total", "Heartbeat intervals that passed without a heartbeat from a peer that had been sending them.");
        _suspicions = f.CreateCounter("paxos_election_peer_suspicions_total", "Times the failure detector of this node declared a peer down.");
        _twoPhaseAborts = f.CreateCounter("paxos_2pc_aborts_total", "Two-phase-commit transactions over the stores this node's learner aborted (a No vote, a timeout or a store lost).");
        _snapshotInstalls = f.CreateCounter("paxos_store_snapshot_installs_total", "Peer snapshots this node's store installed to catch up.");
    }

    /// <summary>The node's registry (served by <c>GET /metrics</c>).</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>The clock that times phase 2 and persists (the actor system's).</summary>
    public TimeProvider Clock { get; }

    /// <summary>
    /// The metrics of the node that runs <paramref name="system"/>: created on first use with a fresh registry
    /// (<see cref="NodeMetrics.CreateRegistry"/>) and the system's clock. Several nodes in one process get one each.
    /// </summary>
    public static ConsensusMetrics Of(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return (ConsensusMetrics)system.RegisterExtension(ExtensionId.Default);
    }

    /// <summary>Makes <paramref name="registry"/> the one <paramref name="system"/>'s actors record into (the node serves it at /metrics); call before any actor starts.</summary>
    public static ConsensusMetrics Register(ActorSystem system, CollectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(system);
        return (ConsensusMetrics)system.RegisterExtension(new ExtensionId(registry));
    }

    /// <summary>A timestamp of <see cref="Clock"/>, to pass back to an <c>Observe…</c> method.</summary>
    public long Timestamp() => Clock.GetTimestamp();

    /// <summary>The proposer sent the first Accepts of a slot whose value holds <paramref name="commands"/> client commands.</summary>
    public void ObserveBatch(int commands)
    {
        if (commands > 0)
        {
            _batchSize.Observe(commands);
        }
    }

    /// <summary>A slot the proposer sent Accepts for at <paramref name="startTimestamp"/> was chosen, with <paramref name="commands"/> commands.</summary>
    public void ObserveChosen(long startTimestamp, int commands)
    {
        _chosenSlots.Inc();
        _chosenCommands.Inc(commands);
        _phase2Duration.Observe(Clock.GetElapsedTime(startTimestamp).TotalSeconds);
    }

    /// <summary>The proposer started phase 1 with a new ballot.</summary>
    public void ObserveCampaign() => _campaigns.Inc();

    /// <summary>The acceptor made a Ready durable (started at <paramref name="startTimestamp"/>), with <paramref name="entries"/> accepted entries.</summary>
    public void ObservePersist(long startTimestamp, int entries)
    {
        _persistDuration.Observe(Clock.GetElapsedTime(startTimestamp).TotalSeconds);
        _persistBatchSize.Observe(entries);
    }

    /// <summary>The learner delivered <paramref name="entries"/> (chosen slots, in slot order).</summary>
    public void ObserveCommitted(ImmutableArray<ChosenEntry> entries)
    {
        if (entries.IsDefaultOrEmpty)
        {
            return;
        }

        int commands = 0;
        foreach (var entry in entries)
        {
            commands += CommandCount(entry.Value);
        }

        _committedSlots.Inc(entries.Length);
        _commits.Inc(commands);
    }

    /// <summary>The election's coordinator changed.</summary>
    public void ObserveLeaderChange() => _leaderChanges.Inc();

    /// <summary>This node started a Bully election.</summary>
    public void ObserveElection() => _elections.Inc();

    /// <summary><paramref name="count"/> more heartbeat intervals passed without a peer's heartbeat.</summary>
    public void ObserveHeartbeatsMissed(int count)
    {
        if (count > 0)
        {
            _heartbeatsMissed.Inc(count);
        }
    }

    /// <summary>The failure detector declared a peer down.</summary>
    public void ObservePeerSuspected() => _suspicions.Inc();

    /// <summary>The learner's two-phase-commit coordinator aborted <paramref name="count"/> more transactions.</summary>
    public void ObserveTwoPhaseAborts(long count)
    {
        if (count > 0)
        {
            _twoPhaseAborts.Inc(count);
        }
    }

    /// <summary>The store installed a peer's snapshot.</summary>
    public void ObserveSnapshotInstalled() => _snapshotInstalls.Inc();

    /// <summary>Client commands in <paramref name="value"/> (0 for a no-op).</summary>
    internal static int CommandCount(SlotValue value) => value.Commands.IsDefault ? 0 : value.Commands.Length;

    /// <summary>One <see cref="ConsensusMetrics"/> per actor system (Akka creates it once, on first use).</summary>
    private sealed class ExtensionId(CollectorRegistry? registry) : ExtensionIdProvider<ConsensusMetrics>
    {
        public static ExtensionId Default { get; } = new(null);

        public override ConsensusMetrics CreateExtension(ExtendedActorSystem system) =>
            new(registry ?? NodeMetrics.CreateRegistry(), NodeServices.For(system).Clock);
    }
}
