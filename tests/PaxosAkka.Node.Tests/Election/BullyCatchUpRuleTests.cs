using PaxosAkka.Node.Election;

namespace PaxosAkka.Node.Tests.Election;

/// <summary>
/// Rule 4 of <see cref="BullyElection"/> (issue 6): a restarted candidate far behind defers to a caught-up one and
/// stands once it has caught up; the cluster is never left without a coordinator.
/// </summary>
public sealed class BullyCatchUpRuleTests
{
    private const int AnswerTicks = 3;

    private static BullyElection Create(int self, long lag = 100) =>
        new(self, [1, 2, 3, 4, 5], [1, 2, 3, 4, 5], AnswerTicks, coordinatorTimeoutTicks: 5, progress: new CandidateProgress(lag));

    private static void Ticks(BullyElection election, int count)
    {
        for (int i = 0; i < count; i++)
        {
            election.Tick();
        }
    }

    [Fact]
    public void Highest_candidate_waits_one_answer_timeout_for_peer_progress_before_winning()
    {
        var election = Create(5);
        election.Start();
        Assert.Null(election.Coordinator);
        Assert.Empty(election.Drain());

        election.Progress!.ObservePeer(4, 0);
        Ticks(election, AnswerTicks);

        Assert.Equal(5, election.Coordinator);
        Assert.Equal([1, 2, 3, 4], election.Drain().Where(m => m.Kind == BullyMessageKind.Coordinator).Select(m => m.To));
    }

    [Fact]
    public void Candidate_does_not_win_before_any_peer_reported_its_progress()
    {
        var election = Create(5);
        election.Start();
        Ticks(election, 5 * AnswerTicks);

        Assert.Null(election.Coordinator);
        Assert.Equal(BullyPhase.Electing, election.Phase);
        election.Progress!.ObservePeer(1, -1);
        Ticks(election, AnswerTicks);
        Assert.Equal(5, election.Coordinator);
    }

    [Fact]
    public void Restarted_highest_candidate_far_behind_does_not_win_and_follows_the_lower_coordinator()
    {
        var election = Create(5);
        election.Start();
        election.Progress!.ObservePeer(4, 61_000);
        Ticks(election, AnswerTicks);
        Assert.Null(election.Coordinator);
        Assert.True(election.IsDeferring);

        election.OnCoordinator(4);

        Assert.Equal(4, election.Coordinator);
        Assert.DoesNotContain(election.Drain(), m => m.Kind == BullyMessageKind.Coordinator);
        Ticks(election, 10);
        Assert.Equal(4, election.Coordinator);
    }

    [Fact]
    public void Candidate_far_behind_leaves_a_lower_election_unanswered_so_the_lower_candidate_wins()
    {
        var election = Create(5);
        election.Progress!.ObservePeer(4, 61_000);

        election.OnElection(4);

        Assert.Empty(election.Drain());
        Assert.NotEqual(5, election.Coordinator);
    }

    [Fact]
    public void Deferring_candidate_stands_and_bullies_the_lower_coordinator_once_caught_up()
    {
        var election = Create(5);
        election.Progress!.ObservePeer(4, 61_000);
        election.OnCoordinator(4);
        election.Drain();

        election.Progress.ObserveOwn(60_950);
        election.Tick();

        Assert.Equal(5, election.Coordinator);
        Assert.False(election.IsDeferring);
        Assert.Contains(new BullyOutgoing(4, BullyMessageKind.Coordinator), election.Drain());
    }

    [Fact]
    public void Coordinator_whose_learner_falls_behind_keeps_leading()
    {
        var election = Create(5);
        election.Progress!.ObservePeer(4, 0);
        election.Start();
        Ticks(election, AnswerTicks);
        Assert.Equal(5, election.Coordinator);
        election.Drain();

        election.Progress.ObservePeer(4, 61_000);
        election.OnElection(3);
        election.Tick();

        Assert.Equal(5, election.Coordinator);
        Assert.Contains(new BullyOutgoing(3, BullyMessageKind.Coordinator), election.Drain());
    }

    [Fact]
    public void Candidate_far_behind_takes_over_when_the_caught_up_coordinator_goes_down()
    {
        var election = Create(5);
        election.Progress!.ObservePeer(4, 61_000);
        election.Progress.ObservePeer(3, 10);
        election.OnCoordinator(4);

        election.PeerDown(4);

        // No live candidate is caught up any more (3 trails too): the highest live one must lead.
        Assert.Equal(5, election.Coordinator);
    }

    /// <summary>Five elections over a lossless network: the restarted node 5 stays out until it has caught up.</summary>
    [Fact]
    public void Whole_cluster_follows_the_caught_up_candidate_while_the_restarted_highest_catches_up_then_converges_on_it()
    {
        var nodes = Enumerable.Range(1, 5).ToDictionary(id => id, id => Create(id));
        var progress = new Dictionary<int, long> { [1] = 5000, [2] = 5000, [3] = 5000, [4] = 5000, [5] = 0 };

        void Round()
        {
            foreach (var (id, node) in nodes)
            {
                node.Progress!.ObserveOwn(progress[id]);
                foreach (var peer in nodes.Keys.Where(p => p != id))
                {
                    node.Progress.ObservePeer(peer, progress[peer]);
                }
            }

            for (int hop = 0; hop < 10; hop++)
            {
                foreach (var (id, node) in nodes)
                {
                    foreach (var message in node.Drain())
                    {
                        var to = nodes[message.To];
                        switch (message.Kind)
                        {
                            case BullyMessageKind.Election:
                                to.OnElection(id);
                                break;
                            case BullyMessageKind.Answer:
                                to.OnAnswer(id);
                                break;
                            default:
                                to.OnCoordinator(id);
                                break;
                        }
                    }
                }
            }

            foreach (var node in nodes.Values)
            {
                node.Tick();
            }
        }

        // Node 4 leads the cluster that wrote 5000 slots; node 5 comes back with nothing and starts its election.
        foreach (var node in nodes.Values.Where(n => n.Self != 5))
        {
            node.OnCoordinator(4);
        }

        nodes[5].Start();
        for (int i = 0; i < 20; i++)
        {
            Round();
        }

        Assert.All(nodes.Values, n => Assert.Equal(4, n.Coordinator));

        progress[5] = 4990;
        for (int i = 0; i < 20; i++)
        {
            Round();
        }

        Assert.All(nodes.Values, n => Assert.Equal(5, n.Coordinator));
    }
}
