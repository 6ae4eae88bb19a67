using PaxosAkka.Consensus.Tests.Support;
using static PaxosAkka.Consensus.PaxosProtocol;
using static PaxosAkka.Consensus.Tests.Support.Fixtures;

namespace PaxosAkka.Consensus.Tests;

/// <summary>The learner's rules: Paxos Made Simple §2.4 (learning a chosen value) and §3 (the log).</summary>
public class LearnerTests
{
    private static Learner NewLearner(PaxosTopology? topology = null, LearnerOptions? options = null) =>
        new(0, topology ?? Three, options ?? LearnerOptions.Default);

    private static Accepted Vote(int acceptor, Ballot ballot, long slot, SlotValue value) => new(acceptor, 0, ballot, slot, value);

    // Paxos Made Simple §2.4: a value is chosen when a quorum of acceptors accepted it under one ballot.
    [Fact]
    public void Learner_chooses_on_a_phase_two_quorum_of_the_same_ballot()
    {
        var learner = NewLearner();
        learner.Step(Vote(1, B(1, 1), 0, Value("c", 1)));
        Assert.Empty(learner.GetReady().CommittedEntries);

        learner.Step(Vote(2, B(1, 1), 0, Value("c", 1)));

        Assert.Equal(new ChosenEntry(0, Value("c", 1)), Assert.Single(learner.GetReady().CommittedEntries));
    }

    // Votes under different ballots are different proposals (Paxos Made Simple §2.2) and never add up.
    [Fact]
    public void Learner_does_not_add_votes_across_ballots()
    {
        var learner = NewLearner();
        learner.Step(Vote(1, B(1, 1), 0, Value("c", 1)));
        learner.Step(Vote(2, B(2, 2), 0, Value("c", 1)));

        Assert.False(learner.HasReady);
        Assert.Equal(0, learner.FirstUnchosenSlot);
    }

    [Fact]
    public void Learner_counts_distinct_acceptors_only()
    {
        var learner = NewLearner();
        learner.Step(Vote(1, B(1, 1), 0, Value("c", 1)));
        learner.Step(Vote(1, B(1, 1), 0, Value("c", 1)));
        learner.Step(Vote(7, B(1, 1), 0, Value("c", 1))); // not an acceptor

        Assert.False(learner.HasReady);
    }

    [Fact]
    public void Learner_uses_the_phase_two_quorum_size_of_flexible_quorums()
    {
        var topology = PaxosTopology.Symmetric(QuorumConfig.Flexible([0, 1, 2, 3, 4], 4, 2));
        var learner = NewLearner(topology);

        learner.Step(Vote(3, B(1, 1), 0, Value("c", 1)));
        learner.Step(Vote(4, B(1, 1), 0, Value("c", 1)));

        Assert.Single(learner.GetReady().CommittedEntries);
    }

    [Fact]
    public void Learner_trusts_chosen_from_a_leader()
    {
        var learner = NewLearner();
        learner.Step(new Chosen(1, 0, 0, Value("c", 1)));
        learner.Step(new Chosen(9, 0, 1, Value("forged", 1))); // 9 is no proposer

        Assert.Equal(new ChosenEntry(0, Value("c", 1)), Assert.Single(learner.GetReady().CommittedEntries));
    }

    // Paxos Made Simple §3: the state machine executes commands in slot order, each once.
    [Fact]
    public void Learner_delivers_in_slot_order_exactly_once()
    {
        var learner = NewLearner();
        learner.Step(new Chosen(1, 0, 2, Value("c", 3)));
        learner.Step(new Chosen(1, 0, 1, Value("c", 2)));
        Assert.Empty(learner.GetReady().CommittedEntries); // slot 0 still missing

        learner.Step(new Chosen(1, 0, 0, Value("c", 1)));
        learner.Step(new Chosen(1, 0, 1, Value("c", 2)));          // duplicate
        learner.Step(Vote(1, B(1, 1), 2, Value("c", 3)));           // late votes
        learner.Step(Vote(2, B(1, 1), 2, Value("c", 3)));
        var first = learner.GetReady().CommittedEntries;

        Assert.Equal([0L, 1L, 2L], first.Select(e => e.Slot));
        learner.Step(new Chosen(1, 0, 0, Value("c", 1)));
        Assert.Empty(learner.GetReady().CommittedEntries);
        Assert.Equal(3, learner.FirstUnchosenSlot);
    }

    [Fact]
    public void First_chosen_value_of_a_slot_stands()
    {
        var learner = NewLearner();
        learner.Step(new Chosen(1, 0, 1, Value("first", 1)));
        learner.Step(new Chosen(2, 0, 1, Value("second", 1)));

        Assert.True(learner.TryGetChosen(1, out var value));
        Assert.Equal(Value("first", 1), value);
    }

    [Fact]
    public void Learner_requests_missing_slots()
    {
        var learner = NewLearner(options: new LearnerOptions { CatchUpTicks = 2 });
        learner.Step(new Chosen(1, 0, 3, Value("c", 4)));

        learner.Tick();
        Assert.False(learner.HasReady);
        learner.Tick();
        var request = Assert.Single(learner.GetReady().Sent<CatchUpRequest>());
        Assert.Equal(0, request.FromSlot);

        // The next request goes to the other learner, in case the first is down.
        learner.Tick();
        learner.Tick();
        var next = Assert.Single(learner.GetReady().Sent<CatchUpRequest>());
        Assert.NotEqual(request.To, next.To);
        Assert.All(new[] { request.To, next.To }, to => Assert.Contains(to, new[] { 1, 2 }));
    }

    [Fact]
    public void Learner_without_a_known_gap_only_probes_after_idle_ticks()
    {
        var learner = NewLearner(options: new LearnerOptions { CatchUpTicks = 1, IdleProbeTicks = 5 });
        learner.Step(new Chosen(1, 0, 0, Value("c", 1)));
        learner.GetReady();

        for (int i = 0; i < 4; i++)
        {
            learner.Tick();
        }

        Assert.False(learner.HasReady);
        learner.Tick();
        Assert.Equal(1, Assert.Single(learner.GetReady().Sent<CatchUpRequest>()).FromSlot);
    }

    [Fact]
    public void Learner_answers_catch_up_requests_and_fills_gaps_from_replies()
    {
        var helper = new Learner(1, Three, LearnerOptions.Default);
        for (int slot = 0; slot < 3; slot++)
        {
            helper.Step(new Chosen(2, 1, slot, Value("c", slot + 1)));
        }

        helper.GetReady();
        helper.Step(new CatchUpRequest(0, 1, 1));
        var reply = Assert.Single(helper.GetReady().Sent<CatchUpReply>());
        Assert.Equal([1L, 2L], reply.Entries.Select(e => e.Slot));

        var learner = NewLearner();
        learner.Step(new Chosen(2, 0, 0, Value("c", 1)));
        learner.Step(reply);
        Assert.Equal([0L, 1L, 2L], learner.GetReady().CommittedEntries.Select(e => e.Slot));
    }

    [Fact]
    public void Restore_from_snapshot_skips_delivered_slots()
    {
        var learner = NewLearner();
        learner.Step(new Chosen(1, 0, 5, Value("c", 6)));
        learner.RestoreFrom(5);

        Assert.Equal([5L], learner.GetReady().CommittedEntries.Select(e => e.Slot));
        learner.Step(new Chosen(1, 0, 2, Value("c", 3)));
        Assert.False(learner.HasReady);
    }

    [Fact]
    public void Catch_up_reply_is_bounded_and_includes_chosen_slots_above_a_gap()
    {
        var helper = new Learner(1, Three, new LearnerOptions { MaxCatchUpEntries = 3 });
        foreach (long slot in new long[] { 0, 1, 2, 3, 7 })
        {
            helper.Step(new Chosen(2, 1, slot, Value("c", slot + 1)));
        }

        helper.GetReady();
        helper.Step(new CatchUpRequest(0, 1, 2));
        helper.Step(new CatchUpRequest(2, 1, 3));
        var replies = helper.GetReady().Sent<CatchUpReply>();

        Assert.Equal([2L, 3L, 7L], replies.Single(r => r.To == 0).Entries.Select(e => e.Slot));
        Assert.Equal([3L, 7L], replies.Single(r => r.To == 2).Entries.Select(e => e.Slot));
        Assert.Equal([0L, 1L, 2L, 3L, 7L], helper.ChosenValues.Keys);

        helper.Compact(2);
        Assert.False(helper.TryGetChosen(1, out _));
        Assert.True(helper.TryGetChosen(2, out _));
    }
}
