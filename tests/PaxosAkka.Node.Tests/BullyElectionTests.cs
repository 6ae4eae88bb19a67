using PaxosAkka.Node.Election;

namespace PaxosAkka.Node.Tests;

/// <summary>The Bully algorithm (Garcia-Molina 1982): the highest-id candidate alive coordinates.</summary>
public sealed class BullyElectionTests
{
    private static BullyElection Create(int self) => new(self, [1, 2, 3, 4, 5], [1, 2, 3, 4, 5], answerTimeoutTicks: 3, coordinatorTimeoutTicks: 5);

    [Fact]
    public void Highest_candidate_wins_at_once_and_announces_itself_to_everyone()
    {
        var election = Create(5);
        election.Start();
        Assert.Equal(5, election.Coordinator);
        Assert.Equal([1, 2, 3, 4], election.Drain().Where(m => m.Kind == BullyMessageKind.Coordinator).Select(m => m.To));
    }

    [Fact]
    public void Lower_candidate_asks_only_higher_candidates_and_wins_when_none_answers()
    {
        var election = Create(3);
        election.Start();
        Assert.Equal([new BullyOutgoing(4, BullyMessageKind.Election), new BullyOutgoing(5, BullyMessageKind.Election)], election.Drain());
        election.Tick();
        election.Tick();
        Assert.Null(election.Coordinator);
        election.Tick();
        Assert.Equal(3, election.Coordinator);
    }

    [Fact]
    public void An_answer_makes_the_candidate_wait_for_the_coordinator_and_start_over_if_it_never_comes()
    {
        var election = Create(3);
        election.Start();
        election.Drain();
        election.OnAnswer(5);
        for (int i = 0; i < 4; i++)
        {
            election.Tick();
        }

        Assert.Equal(BullyPhase.AwaitingCoordinator, election.Phase);
        Assert.Empty(election.Drain());
        election.Tick();
        Assert.Equal(BullyPhase.Electing, election.Phase);
        Assert.Contains(new BullyOutgoing(5, BullyMessageKind.Election), election.Drain());
    }

    [Fact]
    public void Election_from_a_lower_node_is_answered_and_the_higher_node_takes_over()
    {
        var election = Create(4);
        election.OnElection(2);
        var sent = election.Drain();
        Assert.Contains(new BullyOutgoing(2, BullyMessageKind.Answer), sent);
        Assert.Contains(new BullyOutgoing(5, BullyMessageKind.Election), sent);
    }

    [Fact]
    public void Suspected_peers_are_skipped_so_failover_does_not_wait_for_them()
    {
        var election = Create(4);
        election.OnCoordinator(5);
        Assert.Equal(5, election.Coordinator);
        election.PeerDown(5);
        Assert.Equal(4, election.Coordinator);
    }

    [Fact]
    public void A_lower_node_claiming_coordination_is_bullied_by_a_live_higher_one()
    {
        var election = Create(5);
        election.Start();
        election.Drain();
        election.OnCoordinator(3);
        Assert.Equal(5, election.Coordinator);
        Assert.Contains(new BullyOutgoing(3, BullyMessageKind.Coordinator), election.Drain());
    }

    [Fact]
    public void A_returning_peer_is_told_who_coordinates()
    {
        var election = Create(5);
        election.Start();
        election.Drain();
        election.PeerDown(2);
        election.PeerUp(2);
        Assert.Equal([new BullyOutgoing(2, BullyMessageKind.Coordinator)], election.Drain());
    }

    [Fact]
    public void A_non_candidate_never_leads_and_follows_announcements()
    {
        var election = new BullyElection(9, [1, 2], [1, 2, 9], 1, 1);
        election.Start();
        election.Tick();
        Assert.Null(election.Coordinator);
        election.OnCoordinator(2);
        Assert.Equal(2, election.Coordinator);
    }
}
