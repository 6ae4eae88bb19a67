using System.Collections.Immutable;
using PaxosAkka.Consensus;

namespace PaxosAkka.Simulation;

/// <summary>
/// Everything a simulation run depends on. Together with the code version, these options ARE the run:
/// the same options replay the same run, event for event (see <see cref="SimulationResult.TraceHash"/>).
/// </summary>
public sealed record SimulationOptions
{
    /// <summary>Seed of the single PRNG every random choice comes from. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Ticks of the fault phase. Default 2000.</summary>
    public int Steps { get; init; } = 2000;

    /// <summary>Number of nodes; by default every node hosts an acceptor and a learner. Default 5.</summary>
    public int Nodes { get; init; } = 5;

    /// <summary>Nodes 0..Proposers-1 also host a proposer. Default 3 (so duels are possible).</summary>
    public int Proposers { get; init; } = 3;

    /// <summary>How many nodes host an acceptor: the LAST ones (ids Nodes-Acceptors..Nodes-1), so that with few
    /// proposers and learners the roles can sit on separate nodes. 0 (default) means every node.</summary>
    public int Acceptors { get; init; }

    /// <summary>How many nodes host a learner: the FIRST ones (ids 0..Learners-1, beside the proposers).
    /// 0 (default) means every node.</summary>
    public int Learners { get; init; }

    /// <summary>Phase-1 quorum size (Flexible Paxos: |Q1| + |Q2| must exceed the acceptor count). 0 (default) means a majority.</summary>
    public int Phase1Quorum { get; init; }

    /// <summary>Phase-2 quorum size. 0 (default) means a majority.</summary>
    public int Phase2Quorum { get; init; }

    /// <summary>Number of clients submitting commands, each one command at a time with increasing sequence
    /// numbers, retrying the same command until it is chosen. Default 3.</summary>
    public int Clients { get; init; } = 3;

    /// <summary>Per tick per idle client, chance it submits its next command during the fault phase. Default 0.15.</summary>
    public double SubmitProbability { get; init; } = 0.15;

    /// <summary>Ticks a client waits for its command to be chosen before re-sending it. Default 25.</summary>
    public int ClientRetryTicks { get; init; } = 25;

    /// <summary>Shortest election timeout in ticks: a proposer that saw no leader activity this long campaigns. Default 12.</summary>
    public int ElectionTimeoutMinTicks { get; init; } = 12;

    /// <summary>Longest (randomised) election timeout in ticks. Default 30.</summary>
    public int ElectionTimeoutMaxTicks { get; init; } = 30;

    /// <summary>Longest backoff in ticks of a proposer that was preempted before it may campaign again. Default 20.</summary>
    public int StepDownBackoffMaxTicks { get; init; } = 20;

    /// <summary>Options of every node's proposer. Default <see cref="ProposerOptions.Default"/>.</summary>
    public ProposerOptions Proposer { get; init; } = ProposerOptions.Default;

    /// <summary>Options of every node's learner. Default <see cref="LearnerOptions.Default"/>.</summary>
    public LearnerOptions Learner { get; init; } = LearnerOptions.Default;

    /// <summary>Per tick, chance that one random running node snapshots its state machine (below the slots its
    /// learner delivered) and compacts its acceptor and learner below the lowest snapshot of all learners —
    /// the floor every restarted learner can still catch up from. 0 disables snapshots. Default 0.01.</summary>
    public double SnapshotProbability { get; init; } = 0.01;

    /// <summary>The faults of the fault phase. Default <see cref="FaultOptions.AllOn"/>.</summary>
    public FaultOptions Faults { get; init; } = FaultOptions.AllOn;

    /// <summary>Deliberately broken acceptors, to prove the checker bites. Default <see cref="BrokenAcceptorMode.None"/>.</summary>
    public BrokenAcceptorMode BrokenAcceptor { get; init; } = BrokenAcceptorMode.None;

    /// <summary>Upper bound, in ticks, of the fault-free phase after <see cref="Steps"/>: with faults off and
    /// one proposer campaigning, every submitted command must be chosen and every learner caught up within
    /// it, or the run reports a Liveness violation. Default 1000.</summary>
    public int QuietSteps { get; init; } = 1000;

    /// <summary>Stop at the first violation instead of collecting up to <see cref="MaxViolations"/>. Default true.</summary>
    public bool StopOnFirstViolation { get; init; } = true;

    /// <summary>Most violations kept in the result. Default 20.</summary>
    public int MaxViolations { get; init; } = 20;

    /// <summary>Receives one readable line per event (deliveries, crashes, choices...). Default null (no trace).</summary>
    public Action<string>? Trace { get; init; }

    /// <summary>All faults on (the CI preset).</summary>
    public static SimulationOptions AllFaults(int seed, int steps = 2000) => new() { Seed = seed, Steps = steps };

    /// <summary>No faults: a baseline that must always choose everything.</summary>
    public static SimulationOptions NoFaults(int seed, int steps = 2000) =>
        new() { Seed = seed, Steps = steps, Faults = FaultOptions.None };

    /// <summary>The number of acceptors after applying the "0 means every node" default.</summary>
    public int AcceptorCount => Acceptors == 0 ? Nodes : Acceptors;

    /// <summary>The number of learners after applying the "0 means every node" default.</summary>
    public int LearnerCount => Learners == 0 ? Nodes : Learners;

    /// <summary>The topology these options describe (throws like <see cref="QuorumConfig.Flexible"/> on bad quorum sizes).</summary>
    public PaxosTopology BuildTopology()
    {
        var acceptors = Enumerable.Range(Nodes - AcceptorCount, AcceptorCount).ToImmutableArray();
        var majority = QuorumConfig.Majority(acceptors);
        var quorum = Phase1Quorum == 0 && Phase2Quorum == 0
            ? majority
            : QuorumConfig.Flexible(
                acceptors,
                Phase1Quorum == 0 ? majority.Phase1Size : Phase1Quorum,
                Phase2Quorum == 0 ? majority.Phase2Size : Phase2Quorum);
        return new PaxosTopology(
            [.. Enumerable.Range(0, Proposers)],
            acceptors,
            [.. Enumerable.Range(0, LearnerCount)],
            quorum);
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Steps);
        ArgumentOutOfRangeException.ThrowIfLessThan(Nodes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Nodes, 64);
        ArgumentOutOfRangeException.ThrowIfLessThan(Proposers, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Proposers, Nodes);
        ArgumentOutOfRangeException.ThrowIfNegative(Acceptors);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Acceptors, Nodes);
        ArgumentOutOfRangeException.ThrowIfNegative(Learners);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Learners, Nodes);
        if (Math.Max(Proposers, LearnerCount) < Nodes - AcceptorCount)
        {
            throw new ArgumentException(
                $"With {Nodes} nodes, {Proposers} proposers (first), {LearnerCount} learners (first) and {AcceptorCount} acceptors (last), some node plays no role.",
                nameof(Acceptors));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(Phase1Quorum);
        ArgumentOutOfRangeException.ThrowIfNegative(Phase2Quorum);
        ArgumentOutOfRangeException.ThrowIfLessThan(Clients, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(ClientRetryTicks, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ElectionTimeoutMinTicks, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ElectionTimeoutMaxTicks, ElectionTimeoutMinTicks);
        ArgumentOutOfRangeException.ThrowIfLessThan(StepDownBackoffMaxTicks, 0);
        ArgumentOutOfRangeException.ThrowIfNegative(QuietSteps);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxViolations, 1);
        if (double.IsNaN(SubmitProbability) || SubmitProbability < 0 || SubmitProbability > 1)
        {
            throw new ArgumentException($"SubmitProbability must be in [0, 1] but was {SubmitProbability}.", nameof(SubmitProbability));
        }

        if (double.IsNaN(SnapshotProbability) || SnapshotProbability < 0 || SnapshotProbability > 1)
        {
            throw new ArgumentException($"SnapshotProbability must be in [0, 1] but was {SnapshotProbability}.", nameof(SnapshotProbability));
        }

        ArgumentNullException.ThrowIfNull(Proposer);
        ArgumentNullException.ThrowIfNull(Learner);
        ArgumentNullException.ThrowIfNull(Faults);
        Faults.Validate();
        if (!Enum.IsDefined(BrokenAcceptor))
        {
            throw new ArgumentException($"Unknown BrokenAcceptorMode {BrokenAcceptor}.", nameof(BrokenAcceptor));
        }

        _ = BuildTopology();
    }
}
