using FsCheck;
using FsCheck.Fluent;

namespace PaxosAkka.Consensus.Tests;

/// <summary>Quorums: majorities by default, flexible sizes when they intersect (Flexible Paxos, Howard et al. 2016).</summary>
public class QuorumTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    [InlineData(5, 3)]
    public void Majority_quorum_is_more_than_half(int n, int expected)
    {
        var quorum = QuorumConfig.Majority(Enumerable.Range(0, n));
        Assert.Equal(expected, quorum.Phase1Size);
        Assert.Equal(expected, quorum.Phase2Size);
    }

    [Fact]
    public void Flexible_quorum_requires_intersection()
    {
        var ok = QuorumConfig.Flexible([0, 1, 2, 3, 4], phase1Size: 4, phase2Size: 2);
        Assert.Equal(4, ok.Phase1Size);
        Assert.Equal(2, ok.Phase2Size);

        var error = Assert.Throws<ArgumentException>(() => QuorumConfig.Flexible([0, 1, 2, 3, 4], 3, 2));
        Assert.Contains("phase1 + phase2 > N", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => QuorumConfig.Flexible([0, 1, 2], 0, 3));
        Assert.Throws<ArgumentException>(() => QuorumConfig.Flexible([0, 1, 2], 4, 1));
    }

    [Fact]
    public void Quorum_rejects_empty_or_duplicate_acceptors()
    {
        Assert.Throws<ArgumentException>(() => QuorumConfig.Majority([]));
        Assert.Throws<ArgumentException>(() => QuorumConfig.Majority([1, 1, 2]));
    }

    [Fact]
    public void Quorum_counts_distinct_acceptors_only()
    {
        var quorum = QuorumConfig.Majority([0, 1, 2]);
        Assert.False(quorum.IsPhase2Quorum([0, 0, 0]));
        Assert.False(quorum.IsPhase2Quorum([0, 7]));
        Assert.True(quorum.IsPhase2Quorum([2, 0]));
    }

    /// <summary>
    /// The safety of Paxos rests on this: any phase-1 quorum and any phase-2 quorum share an acceptor, for
    /// every configuration <see cref="QuorumConfig.Flexible"/> accepts.
    /// </summary>
    [Fact]
    public void Any_phase_one_and_phase_two_quorums_intersect() =>
        Prop.ForAll<(int, int), int, int>((sizes, q2Seed, shuffleSeed) =>
            {
                var (nSeed, q1Seed) = sizes;
                int n = (Math.Abs(nSeed % 9)) + 1;
                int q1 = (Math.Abs(q1Seed % n)) + 1;
                int q2 = (Math.Abs(q2Seed % n)) + 1;
                var ids = Enumerable.Range(10, n).ToArray();
                if (!QuorumConfig.Intersects(n, q1, q2))
                {
                    return Assert.Throws<ArgumentException>(() => QuorumConfig.Flexible(ids, q1, q2)) is not null;
                }

                var config = QuorumConfig.Flexible(ids, q1, q2);
                var random = new Random(shuffleSeed);
                var phase1 = ids.OrderBy(_ => random.Next()).Take(config.Phase1Size).ToArray();
                var phase2 = ids.OrderBy(_ => random.Next()).Take(config.Phase2Size).ToArray();
                return config.IsPhase1Quorum(phase1) && config.IsPhase2Quorum(phase2) && phase1.Intersect(phase2).Any();
            })
            .QuickCheckThrowOnFailure();

    [Fact]
    public void Topology_requires_quorum_over_its_acceptors()
    {
        Assert.Throws<ArgumentException>(() =>
            new PaxosTopology([0], [0, 1, 2], [0], QuorumConfig.Majority([0, 1])));
        Assert.Throws<ArgumentException>(() =>
            new PaxosTopology([], [0], [0], QuorumConfig.Majority([0])));
        var topology = PaxosTopology.Symmetric(3);
        Assert.Equal([0, 1, 2], topology.AllNodes.ToArray());
    }
}
