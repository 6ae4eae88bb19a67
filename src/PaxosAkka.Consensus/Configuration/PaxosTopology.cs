using System.Collections.Immutable;

namespace PaxosAkka.Consensus;

/// <summary>
/// Who plays which role. Roles are separate state machines (Paxos Made Simple §2.1), so a node may host any
/// subset; the common deployment co-locates all three on every node (<see cref="Symmetric(int)"/>).
/// </summary>
public sealed record PaxosTopology
{
    /// <summary>Builds a topology; the quorum's acceptors must be exactly <paramref name="acceptors"/>.</summary>
    /// <exception cref="ArgumentException">Empty role lists, duplicate ids, or a quorum over other acceptors.</exception>
    public PaxosTopology(ImmutableArray<int> proposers, ImmutableArray<int> acceptors, ImmutableArray<int> learners, QuorumConfig quorum)
    {
        ArgumentNullException.ThrowIfNull(quorum);
        Proposers = Normalize(proposers, nameof(proposers));
        Acceptors = Normalize(acceptors, nameof(acceptors));
        Learners = Normalize(learners, nameof(learners));
        if (!Acceptors.SequenceEqual(quorum.Acceptors))
        {
            throw new ArgumentException("The quorum configuration must be over exactly the topology's acceptors.", nameof(quorum));
        }

        Quorum = quorum;
        AllNodes = [.. Proposers.Concat(Acceptors).Concat(Learners).Distinct().Order()];
    }

    /// <summary>Ids that may lead (sorted, distinct).</summary>
    public ImmutableArray<int> Proposers { get; }

    /// <summary>Ids that vote (sorted, distinct).</summary>
    public ImmutableArray<int> Acceptors { get; }

    /// <summary>Ids that learn and deliver the log (sorted, distinct).</summary>
    public ImmutableArray<int> Learners { get; }

    /// <summary>Quorum sizes for the two phases.</summary>
    public QuorumConfig Quorum { get; }

    /// <summary>Every node 0..n-1 plays every role, with majority quorums: the usual cluster.</summary>
    public static PaxosTopology Symmetric(int nodeCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodeCount, 1);
        var ids = Enumerable.Range(0, nodeCount).ToImmutableArray();
        return new PaxosTopology(ids, ids, ids, QuorumConfig.Majority(ids));
    }

    /// <summary>Every node plays every role, with the given quorum (e.g. flexible).</summary>
    public static PaxosTopology Symmetric(QuorumConfig quorum)
    {
        ArgumentNullException.ThrowIfNull(quorum);
        return new PaxosTopology(quorum.Acceptors, quorum.Acceptors, quorum.Acceptors, quorum);
    }

    /// <summary>All ids that play at least one role.</summary>
    public ImmutableArray<int> AllNodes { get; }

    /// <summary>True if <paramref name="id"/> is a proposer.</summary>
    public bool IsProposer(int id) => Proposers.BinarySearch(id) >= 0;

    /// <summary>True if <paramref name="id"/> is an acceptor.</summary>
    public bool IsAcceptor(int id) => Acceptors.BinarySearch(id) >= 0;

    /// <summary>True if <paramref name="id"/> is a learner.</summary>
    public bool IsLearner(int id) => Learners.BinarySearch(id) >= 0;

    /// <inheritdoc />
    public bool Equals(PaxosTopology? other) =>
        other is not null
        && Proposers.SequenceEqual(other.Proposers)
        && Acceptors.SequenceEqual(other.Acceptors)
        && Learners.SequenceEqual(other.Learners)
        && Quorum.Equals(other.Quorum);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Proposers.Length, Acceptors.Length, Learners.Length, Quorum);

    private static ImmutableArray<int> Normalize(ImmutableArray<int> ids, string name)
    {
        if (ids.IsDefaultOrEmpty)
        {
            throw new ArgumentException($"{name} must not be empty.", name);
        }

        var distinct = ids.Distinct().Order().ToImmutableArray();
        if (distinct.Length != ids.Length)
        {
            throw new ArgumentException($"{name} ids must be distinct.", name);
        }

        return distinct;
    }
}
