using PaxosAkka.Node.Election;

namespace PaxosAkka.Node.Tests.Election;

/// <summary>The catch-up rule of the election (issue 6): a candidate far behind the live cluster does not stand while a caught-up one could.</summary>
public sealed class CandidateProgressTests
{
    private static readonly int[] Candidates = [1, 2, 3, 4, 5];

    /// <summary>Progress of node 5 (own) and its peers; <paramref name="peers"/> is pairs of (id, first unchosen slot).</summary>
    private static CandidateProgress With(long own, params long[] peers)
    {
        var progress = new CandidateProgress(maxLagSlots: 100);
        progress.ObserveOwn(own);
        for (int i = 0; i < peers.Length; i += 2)
        {
            progress.ObservePeer((int)peers[i], peers[i + 1]);
        }

        return progress;
    }

    [Theory]
    [InlineData(1000, new long[] { 4, 1000, 3, 1000 }, true)]
    [InlineData(900, new long[] { 4, 1000, 3, 1000 }, true)]
    [InlineData(899, new long[] { 4, 1000, 3, 1000 }, false)]
    [InlineData(0, new long[] { 4, 61_000 }, false)]
    [InlineData(0, new long[] { }, true)]
    public void Candidate_stands_only_within_the_lag_of_the_furthest_live_node_while_a_caught_up_candidate_is_live(long own, long[] peers, bool mayStand) =>
        Assert.Equal(mayStand, With(own, peers).MayStand(5, Candidates, []));

    [Fact]
    public void Candidate_far_behind_still_stands_when_every_live_candidate_is_behind()
    {
        // Node 9 is a learner-only node far ahead; every candidate trails it, so the highest candidate must lead.
        var progress = With(10, 4, 20, 3, 30, 9, 5000);

        Assert.True(progress.MayStand(5, Candidates, []));
    }

    [Fact]
    public void Reports_of_peers_held_down_do_not_count()
    {
        var progress = With(0, 4, 5000);

        Assert.False(progress.MayStand(5, Candidates, []));
        Assert.True(progress.MayStand(5, Candidates, [4]));
    }

    [Fact]
    public void The_latest_report_replaces_the_earlier_one_so_a_peer_that_restarted_behind_is_seen_behind()
    {
        var progress = With(0, 4, 5000);
        progress.ObservePeer(4, 0);

        Assert.True(progress.MayStand(5, Candidates, []));
    }

    [Fact]
    public void A_forgotten_peer_no_longer_holds_a_candidate_back()
    {
        var progress = With(0, 4, 5000);
        progress.Forget(4);

        Assert.True(progress.MayStand(5, Candidates, []));
        Assert.False(progress.HeardFromPeers);
    }

    [Fact]
    public void A_peer_reporting_unknown_progress_counts_as_heard_at_slot_zero()
    {
        var progress = With(0);
        progress.ObservePeer(4, -1);

        Assert.True(progress.HeardFromPeers);
        Assert.True(progress.MayStand(5, Candidates, []));
    }

    [Fact]
    public void Negative_lag_is_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CandidateProgress(-1));
}
