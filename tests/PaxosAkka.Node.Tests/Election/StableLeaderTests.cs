using PaxosAkka.Node.Election;

namespace PaxosAkka.Node.Tests.Election;

/// <summary>
/// Stable-leader mode: a coordinator that is alive and serving is never deposed by id, so one failure costs at most
/// one leader change; wins carry epochs and the highest (epoch, id) announcement is followed.
/// </summary>
public sealed class StableLeaderTests
{
    private static BullyElection Create(int self) =>
        new(self, [1, 2, 3, 4, 5], [1, 2, 3, 4, 5], answerTimeoutTicks: 3, coordinatorTimeoutTicks: 5, stableLeader: true);

    private static void Ticks(BullyElection election, int count)
    {
        for (int i = 0; i < count; i++)
        {
            election.Tick();
        }
    }

    [Fact]
    public void A_returning_highest_node_follows_the_sitting_coordinator_instead_of_deposing_it()
    {
        var returning = Create(5);
        returning.Start();
        Assert.Null(returning.Coordinator);

        // The sitting coordinator (node 4, elected while 5 was away) re-announces itself to a peer it hears again.
        returning.OnCoordinator(4, epoch: 2);
        Ticks(returning, 10);

        Assert.Equal(4, returning.Coordinator);
        Assert.DoesNotContain(returning.Drain(), m => m.Kind == BullyMessageKind.Coordinator);
    }

    [Fact]
    public void A_node_that_hears_no_coordinator_while_it_listens_wins_with_the_next_epoch()
    {
        var election = Create(5);
        election.Start();
        Ticks(election, 2);
        Assert.Null(election.Coordinator);
        election.Tick();

        Assert.Equal(5, election.Coordinator);
        Assert.Equal(1, election.CoordinatorEpoch);
    }

    [Fact]
    public void A_resumed_old_coordinator_yields_to_the_newer_epoch_and_the_new_one_keeps_leading()
    {
        var old = Create(5);
        old.Start();
        Ticks(old, 3);
        Assert.Equal((5, 1L), (old.Coordinator!.Value, old.CoordinatorEpoch));

        var successor = Create(4);
        successor.OnCoordinator(5, epoch: 1);
        successor.PeerDown(5); // 5 paused: 4 is the highest live candidate and wins epoch 2
        Assert.Equal((4, 2L), (successor.Coordinator!.Value, successor.CoordinatorEpoch));
        successor.Drain();

        // 5 resumes still believing it leads and re-announces epoch 1: 4 answers with its own announcement...
        successor.PeerUp(5);
        successor.Drain();
        successor.OnCoordinator(5, epoch: 1);
        Assert.Equal(4, successor.Coordinator);
        Assert.Contains(new BullyOutgoing(5, BullyMessageKind.Coordinator), successor.Drain());

        // ...and 5 follows it: the pause cost one leader change, not two.
        old.OnCoordinator(4, epoch: 2);
        Assert.Equal(4, old.Coordinator);
    }

    [Fact]
    public void Between_two_coordinators_of_one_epoch_the_higher_id_wins_on_both_sides()
    {
        var low = Create(3);
        var high = Create(4);
        low.OnCoordinator(3, epoch: 0);
        low.PeerDown(4);
        low.PeerDown(5);
        low.Start();
        Ticks(low, 3);
        high.PeerDown(5);
        high.Start();
        Ticks(high, 3);
        Assert.Equal((low.CoordinatorEpoch, high.CoordinatorEpoch), (1L, 1L));

        low.PeerUp(4);
        low.OnCoordinator(4, epoch: 1);
        high.OnCoordinator(3, epoch: 1);

        Assert.Equal(4, low.Coordinator);
        Assert.Equal(4, high.Coordinator);
    }

    [Fact]
    public void An_election_from_a_lower_node_does_not_make_a_follower_of_a_live_coordinator_stand()
    {
        var follower = Create(4);
        follower.OnCoordinator(2, epoch: 3);
        follower.Drain();

        follower.OnElection(1);

        var sent = follower.Drain();
        Assert.Contains(new BullyOutgoing(1, BullyMessageKind.Answer), sent);
        Assert.DoesNotContain(sent, m => m.Kind == BullyMessageKind.Election);
        Assert.Equal(2, follower.Coordinator);
    }

    [Fact]
    public void When_the_coordinator_is_suspected_down_the_highest_live_candidate_takes_over_at_once()
    {
        var election = Create(4);
        election.OnCoordinator(2, epoch: 3);
        election.PeerDown(5);
        election.PeerDown(2);

        Assert.Equal(4, election.Coordinator);
        Assert.Equal(4, election.CoordinatorEpoch);
    }
}
