using System.Collections.Immutable;
using PaxosAkka.Node.Configuration;
using PaxosAkka.Node.Launcher;

namespace PaxosAkka.Node.ProcessTests.Support;

/// <summary>
/// The smallest split-role topology that still has system 004's proposer and acceptor failures in it: proposer
/// nodes 1-3, acceptor nodes 4-8, learner 9, store 10 (ten processes instead of the full fifteen).
/// Why this size: five separate acceptors are needed because the acceptor group alone defines the quorum (3 of 5),
/// so "2 down, writes go on" and "3 down, writes refused" are only those scenarios with five; three proposers is
/// the fewest that still leaves several (two) to serve clients and elect among once the leader is killed; one
/// learner and one store are enough because these scenarios never kill either (learner and store failures are
/// <see cref="Seed004StoreTests"/>'s), while split roles still mean replication by two-phase commit. Each process
/// left out saves CPU on a 2-core machine and keeps each test well under a minute.
/// </summary>
internal static class Seed004SplitTopology
{
    private static readonly ImmutableArray<string> ProposerOnly = [NodeRoles.Proposer];
    private static readonly ImmutableArray<string> AcceptorOnly = [NodeRoles.Acceptor];
    private static readonly ImmutableArray<string> LearnerOnly = [NodeRoles.Learner];
    private static readonly ImmutableArray<string> StoreOnly = [NodeRoles.Store];

    /// <summary>The proposer nodes (Bully elects the highest live one).</summary>
    public static ImmutableArray<int> Proposers { get; } = [1, 2, 3];

    /// <summary>The acceptor group: every quorum is 3 of these 5.</summary>
    public static ImmutableArray<int> Acceptors { get; } = [4, 5, 6, 7, 8];

    /// <summary>The only learner: it coordinates two-phase commit over the store.</summary>
    public const int Learner = 9;

    /// <summary>The only store.</summary>
    public const int Store = 10;

    /// <summary>The topology, node 1 first.</summary>
    public static LocalTopology Topology { get; } = new(
        "seed004-split-10",
        [ProposerOnly, ProposerOnly, ProposerOnly, AcceptorOnly, AcceptorOnly, AcceptorOnly, AcceptorOnly, AcceptorOnly, LearnerOnly, StoreOnly]);
}
