using PaxosAkka.Node.Replication;
using PaxosAkka.Node.Store;
using static PaxosAkka.Node.Replication.ReplicationProtocol;

namespace PaxosAkka.Node.Tests.Replication;

public sealed class TwoPhaseCoordinatorTests
{
    private const int Learner1 = 1;
    private const int Learner2 = 2;

    private static TwoPhaseHarness Three() => new(11, 12, 13);

    /// <summary>Three stores and learner 1 coordinating them, recovered and idle.</summary>
    private static (TwoPhaseHarness Harness, TwoPhaseCoordinator Coordinator) Running()
    {
        var h = Three();
        var c = h.Coordinator(Learner1);
        h.Pump(c, Learner1);
        return (h, c);
    }

    [Fact]
    public void A_write_is_answered_only_once_every_live_store_committed_it()
    {
        var (h, c) = Running();
        var id = h.Learn("k", "v");

        c.OnLearned();
        h.Pump(c, Learner1, m => !(m.To == 13 && m.Message is StoreCommit));

        Assert.Empty(h.Replies[Learner1]);
        Assert.Equal(13, Assert.Single(c.Current!.Pending));
        c.OnCommitted(h.Stores[13].OnCommit(new StoreCommit(Learner1, 0, c.Current.Attempt, [new(0, h.Log[0])])));
        h.Pump(c, Learner1);
        Assert.Equal(id, Assert.Single(h.Replies[Learner1]).Id);
        Assert.All(h.Stores.Keys, s => Assert.Equal("v", TwoPhaseHarness.Text(h.Read(s, "k"))));
    }

    [Fact]
    public void A_store_failing_idle_is_dropped_by_heartbeat_and_the_rest_carry_on()
    {
        var h = Three();
        var c = h.Coordinator(Learner1);
        h.Learn("k", "1");
        h.Pump(c, Learner1);
        h.Down.Add(13);

        c.OnReachability(13, false);
        var id = h.Learn("k", "2");
        c.OnLearned();
        h.Pump(c, Learner1);

        Assert.Contains(h.Replies[Learner1], r => r.Id == id);
        Assert.Equal([11, 12], c.Participants.Order());
        Assert.Equal("2", TwoPhaseHarness.Text(h.Read(11, "k")));
        Assert.Equal("1", TwoPhaseHarness.Text(h.Read(13, "k")));
    }

    [Fact]
    public void A_store_failing_with_a_prepare_pending_times_out_and_the_transaction_is_retried_on_the_stores_left()
    {
        var (h, c) = Running();
        h.Down.Add(13); // crashed, but the failure detector has not noticed yet
        var id = h.Learn("k", "v");

        c.OnLearned();
        h.Pump(c, Learner1);

        // Nothing is half-applied while the vote is missing.
        Assert.False(c.Current!.Committing);
        Assert.Equal(13, Assert.Single(c.Current.Pending));
        Assert.All(h.Stores.Values, s => Assert.Equal(-1, s.AppliedSlot));
        h.Advance(c, Learner1, TwoPhaseHarness.Options.PrepareTimeoutTicks);
        Assert.Equal(id, Assert.Single(h.Replies[Learner1]).Id);
        Assert.Equal([11, 12], c.Participants.Order());
        Assert.Equal(0, h.Stores[11].AppliedSlot);
        Assert.Null(h.Stores[11].PreparedSlot);
        Assert.Equal(-1, h.Stores[13].AppliedSlot);
    }

    [Fact]
    public void A_no_vote_aborts_the_attempt_and_the_store_is_caught_up_before_it_joins_again()
    {
        var h = Three();
        var c = h.Coordinator(Learner1);
        h.Learn("a", "1");
        h.Pump(c, Learner1);
        h.Restart(13); // lost its state between two transactions, faster than the failure detector
        var id = h.Learn("a", "2");

        c.OnLearned();
        h.Pump(c, Learner1);
        h.Advance(c, Learner1, TwoPhaseHarness.Options.QueryIntervalTicks);

        Assert.Contains(h.Replies[Learner1], r => r.Id == id);
        Assert.Equal(1, h.Stores[13].AppliedSlot);
        Assert.Equal("2", TwoPhaseHarness.Text(h.Read(13, "a")));
        Assert.Equal(2, h.Stores[13].State.Revision);
        Assert.Equal(1, c.Aborts); // counted for paxos_2pc_aborts_total
    }

    [Fact]
    public void A_store_failing_between_prepare_and_commit_is_dropped_and_the_others_answer_the_client()
    {
        var (h, c) = Running();
        var id = h.Learn("k", "v");

        c.OnLearned();
        h.Pump(c, Learner1, m => !(m.To == 13 && m.Message is StoreCommit));
        h.Down.Add(13);
        Assert.Empty(h.Replies[Learner1]);
        h.Advance(c, Learner1, TwoPhaseHarness.Options.CommitTimeoutTicks);

        Assert.Equal(id, Assert.Single(h.Replies[Learner1]).Id);
        Assert.Equal(0, c.CommittedSlot);
        Assert.Equal(0, h.Stores[13].PreparedSlot); // it keeps its prepared state; a new coordinator would resolve it
        Assert.Equal(-1, h.Stores[13].AppliedSlot);
        Assert.Equal(0, c.Aborts); // lost after the decision to commit: not an abort
    }

    [Fact]
    public void A_new_coordinator_commits_everywhere_a_transaction_that_any_store_committed()
    {
        var h = Three();
        var c1 = h.Coordinator(Learner1);
        h.Pump(c1, Learner1);
        h.Learn("k", "v");
        c1.OnLearned();
        // Learner 1 dies right after its first commit left: only store 11 committed; 12 and 13 sit prepared.
        h.Pump(c1, Learner1, m => m.Message is not StoreCommit || m.To == 11);
        Assert.Equal(0, h.Stores[12].PreparedSlot);

        var c2 = h.Coordinator(Learner2);
        h.Pump(c2, Learner2);

        Assert.Equal(CoordinatorPhase.Running, c2.Phase);
        Assert.Equal(0, c2.CommittedSlot);
        Assert.All(h.Stores.Values, s => Assert.Equal((0L, 1L, (long?)null), (s.AppliedSlot, s.State.Revision, s.PreparedSlot)));
        Assert.Equal([11, 12, 13], c2.Participants.Order());
    }

    [Fact]
    public void A_new_coordinator_aborts_and_redoes_a_transaction_that_no_store_committed()
    {
        var h = Three();
        var c1 = h.Coordinator(Learner1);
        h.Pump(c1, Learner1);
        var id = h.Learn("k", "v");
        c1.OnLearned();
        h.Pump(c1, Learner1, m => m.Message is not StoreCommit); // dies before any commit left

        var c2 = h.Coordinator(Learner2);
        h.Pump(c2, Learner2);

        Assert.Equal(id, Assert.Single(h.Replies[Learner2]).Id);
        Assert.All(h.Stores.Values, s => Assert.Equal((0L, 1L, (long?)null), (s.AppliedSlot, s.State.Revision, s.PreparedSlot)));
    }

    [Fact]
    public void A_store_that_comes_back_empty_catches_up_from_a_peer_snapshot_plus_the_learned_log_before_it_takes_part()
    {
        var (h, c) = Running();
        h.Down.Add(13);
        c.OnReachability(13, false);
        for (int i = 0; i < 10; i++)
        {
            h.Learn("k" + i, "v" + i);
        }

        c.OnLearned();
        h.Pump(c, Learner1);
        Assert.Equal(9, c.CommittedSlot);
        h.Restart(13);

        c.OnReachability(13, true);
        h.Pump(c, Learner1);
        Assert.Equal(9, h.Stores[13].AppliedSlot);
        Assert.Equal((1, 9L), (h.Stores[13].SnapshotsInstalled, h.Stores[13].SnapshotSlot));
        Assert.True(h.ChunksServed[11] > 1, "the snapshot came from the in-sync store 11, in several chunks");
        var id = h.LearnRead("k3");
        c.OnLearned();
        h.Pump(c, Learner1);

        Assert.Equal([11, 12, 13], c.Participants.Order());
        Assert.Equal("v3", TwoPhaseHarness.Text(Assert.Single(h.Replies[Learner1], r => r.Id == id).Result));
        Assert.Equal(h.Stores[11].State.Revision, h.Stores[13].State.Revision);
    }

    [Fact]
    public void A_store_that_is_behind_joins_a_transaction_after_its_catch_up_on_the_same_connection()
    {
        var (h, c) = Running();
        h.Down.Add(13);
        c.OnReachability(13, false);
        h.Learn("a", "1");
        c.OnLearned();
        h.Pump(c, Learner1);
        h.Restart(13);
        c.OnReachability(13, true);
        var order = new List<object>();

        // Its status arrives, and the next slot is learned before any catch-up was answered.
        h.Learn("a", "2");
        c.OnLearned();
        h.Pump(c, Learner1, m =>
        {
            if (m.To == 13)
            {
                order.Add(m.Message);
            }

            return true;
        });

        Assert.Equal(1, h.Stores[13].AppliedSlot);
        int catchUp = order.FindIndex(m => m is StoreCatchUp);
        int prepare = order.FindIndex(m => m is StorePrepare);
        Assert.True(catchUp >= 0 && (prepare < 0 || catchUp < prepare), string.Join(", ", order.Select(m => m.GetType().Name)));
    }

    [Fact]
    public void Two_coordinators_at_once_apply_the_same_values_in_the_same_order()
    {
        var h = Three();
        var c1 = h.Coordinator(Learner1);
        var c2 = h.Coordinator(Learner2);
        h.Pump(c1, Learner1);
        h.Pump(c2, Learner2);
        for (int i = 0; i < 12; i++)
        {
            h.Learn("k", "v" + i);
            (i % 2 == 0 ? c1 : c2).OnLearned();
            h.Pump(c1, Learner1, m => m.To != 12 || i % 3 != 0);
            h.Pump(c2, Learner2);
            h.Advance(c1, Learner1, 2);
        }

        h.Advance(c1, Learner1, 20);
        h.Advance(c2, Learner2, 20);

        Assert.All(h.Stores.Values, s => Assert.Equal((11L, 12L), (s.AppliedSlot, s.State.Revision)));
        Assert.All(h.Stores.Keys, s => Assert.Equal("v11", TwoPhaseHarness.Text(h.Read(s, "k"))));
    }

    [Fact]
    public void Across_random_coordinator_and_store_crashes_no_slot_is_applied_twice_or_skipped()
    {
        var random = new Random(7);
        var h = Three();
        int learner = Learner1;
        var c = h.Coordinator(learner);
        h.Pump(c, learner);
        var answered = new HashSet<PaxosAkka.Consensus.CommandId>();
        for (int round = 0; round < 60; round++)
        {
            h.Learn("k" + random.Next(5), "v" + round);
            c.OnLearned();
            int crashAfter = random.Next(12);
            int sent = 0;
            h.Pump(c, learner, _ => random.Next(4) != 0 || sent++ < crashAfter);
            switch (random.Next(4))
            {
                case 0:
                    // The coordinator dies; the other learner takes over.
                    answered.UnionWith(h.Replies[learner].Select(r => r.Id));
                    learner = learner == Learner1 ? Learner2 : Learner1;
                    c = h.Coordinator(learner);
                    break;
                case 1:
                    int store = 11 + random.Next(3);
                    if (h.Down.Count < 2 && h.Down.Add(store))
                    {
                        c.OnReachability(store, false);
                    }
                    else if (h.Down.Contains(store))
                    {
                        h.Restart(store);
                        c.OnReachability(store, true);
                    }

                    break;
            }

            h.Advance(c, learner, 15);
        }

        foreach (int store in h.Down.ToList())
        {
            h.Restart(store);
            c.OnReachability(store, true);
        }

        h.Advance(c, learner, 40);
        Assert.Equal(59, c.CommittedSlot);
        Assert.All(h.Stores.Values, s => Assert.Equal((59L, 60L), (s.AppliedSlot, s.State.Revision)));
        var reference = h.Stores[11].State;
        Assert.All(h.Stores.Values, s => Assert.All(Enumerable.Range(0, 5), k => Assert.Equal(reference.ReadLocal("k" + k), s.State.ReadLocal("k" + k), KvResultComparer.Instance)));
    }

    [Fact]
    public void The_lowest_reachable_learner_coordinates()
    {
        Assert.Equal(1, ReplicationTopology.CoordinatingLearner(2, [1, 2], _ => true));
        Assert.Equal(2, ReplicationTopology.CoordinatingLearner(2, [1, 2], _ => false));
        Assert.Equal(1, ReplicationTopology.CoordinatingLearner(1, [1, 2], _ => false));
    }
}
