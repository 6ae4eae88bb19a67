using System.Collections.Immutable;

namespace PaxosAkka.Consensus;

/// <summary>
/// Which acceptors exist and how many of them make a phase-1 (prepare) and a phase-2 (accept) quorum.
/// Flexible Paxos (Howard et al., 2016) shows only phase-1 and phase-2 quorums need to intersect, so any
/// sizes with <c>Phase1Size + Phase2Size &gt; N</c> are safe; the majority configuration is the special case
/// where both are <c>N/2 + 1</c>. Counting quorums (rather than listing sets) is enough for this product.
/// </summary>
public sealed record QuorumConfig
{
    private QuorumConfig(ImmutableArray<int> acceptors, int phase1Size, int phase2Size)
    {
        Acceptors = acceptors;
        Phase1Size = phase1Size;
        Phase2Size = phase2Size;
    }

    /// <summary>The acceptor ids, sorted and distinct.</summary>
    public ImmutableArray<int> Acceptors { get; }

    /// <summary>How many distinct acceptors must promise before a proposer may lead.</summary>
    public int Phase1Size { get; }

    /// <summary>How many distinct acceptors must accept the same ballot before a slot is chosen.</summary>
    public int Phase2Size { get; }

    /// <summary>Classic majority quorums for both phases.</summary>
    /// <exception cref="ArgumentException">No acceptors, or duplicate ids.</exception>
    public static QuorumConfig Majority(IEnumerable<int> acceptors)
    {
        var ids = Normalize(acceptors);
        int majority = (ids.Length / 2) + 1;
        return new QuorumConfig(ids, majority, majority);
    }

    /// <summary>
    /// Flexible quorums: e.g. with 5 acceptors, phase 1 of 4 and phase 2 of 2 makes the common case (phase 2)
    /// cheaper at the price of a larger, rarer phase 1.
    /// </summary>
    /// <exception cref="ArgumentException">Sizes out of 1..N, or the quorums would not intersect.</exception>
    public static QuorumConfig Flexible(IEnumerable<int> acceptors, int phase1Size, int phase2Size)
    {
        var ids = Normalize(acceptors);
        int n = ids.Length;
        if (phase1Size < 1 || phase1Size > n)
        {
            throw new ArgumentException($"Phase-1 quorum size {phase1Size} must be between 1 and {n}.", nameof(phase1Size));
        }

        if (phase2Size < 1 || phase2Size > n)
        {
            throw new ArgumentException($"Phase-2 quorum size {phase2Size} must be between 1 and {n}.", nameof(phase2Size));
        }

        if (!Intersects(n, phase1Size, phase2Size))
        {
            throw new ArgumentException(
                $"Quorums of {phase1Size} (phase 1) and {phase2Size} (phase 2) out of {n} acceptors need not intersect; "
                + "Flexible Paxos requires phase1 + phase2 > N.",
                nameof(phase2Size));
        }

        return new QuorumConfig(ids, phase1Size, phase2Size);
    }

    /// <summary>The Flexible Paxos condition: every phase-1 quorum shares an acceptor with every phase-2 quorum.</summary>
    public static bool Intersects(int acceptorCount, int phase1Size, int phase2Size) =>
        phase1Size + phase2Size > acceptorCount;

    /// <summary>True if <paramref name="id"/> is one of the acceptors.</summary>
    public bool IsAcceptor(int id) => Acceptors.BinarySearch(id) >= 0;

    /// <summary>True when the distinct acceptors among <paramref name="ids"/> form a phase-1 quorum.</summary>
    public bool IsPhase1Quorum(IEnumerable<int> ids) => CountMembers(ids) >= Phase1Size;

    /// <summary>True when the distinct acceptors among <paramref name="ids"/> form a phase-2 quorum.</summary>
    public bool IsPhase2Quorum(IEnumerable<int> ids) => CountMembers(ids) >= Phase2Size;

    /// <inheritdoc />
    public bool Equals(QuorumConfig? other) =>
        other is not null
        && Phase1Size == other.Phase1Size
        && Phase2Size == other.Phase2Size
        && Acceptors.SequenceEqual(other.Acceptors);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Phase1Size, Phase2Size, Acceptors.Length);

    /// <summary>Readable form used in traces.</summary>
    public override string ToString() => $"Quorum(n={Acceptors.Length}, q1={Phase1Size}, q2={Phase2Size})";

    private int CountMembers(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids is HashSet<int> set)
        {
            // The roles keep their voters in hash sets; counting them without LINQ keeps the hot path allocation-free.
            int count = 0;
            foreach (int id in set)
            {
                if (IsAcceptor(id))
                {
                    count++;
                }
            }

            return count;
        }

        return ids.Distinct().Count(IsAcceptor);
    }

    private static ImmutableArray<int> Normalize(IEnumerable<int> acceptors)
    {
        ArgumentNullException.ThrowIfNull(acceptors);
        var list = acceptors.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("A quorum needs at least one acceptor.", nameof(acceptors));
        }

        var distinct = list.Distinct().Order().ToImmutableArray();
        if (distinct.Length != list.Count)
        {
            throw new ArgumentException("Acceptor ids must be distinct.", nameof(acceptors));
        }

        return distinct;
    }
}
