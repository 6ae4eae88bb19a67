using System.Collections.Immutable;
using PaxosAkka.Consensus;
using PaxosAkka.Simulation.Checking;

namespace PaxosAkka.Simulation.Tests;

public class InvariantCheckerTests
{
    private static readonly Command A = new(new CommandId("c1", 1), [1]);
    private static readonly Command B = new(new CommandId("c2", 1), [2]);
    private static readonly SlotValue ValueA = SlotValue.Of(A);
    private static readonly SlotValue ValueB = SlotValue.Of(B);

    private static InvariantChecker CheckerWithSubmissions()
    {
        var checker = new InvariantChecker(phase2Size: 2);
        checker.OnSubmitted(A);
        checker.OnSubmitted(B);
        return checker;
    }

    [Fact]
    public void Quorum_of_votes_for_one_value_is_chosen_without_violation()
    {
        var checker = CheckerWithSubmissions();
        checker.OnVotePersisted(0, new AcceptedEntry(0, new Ballot(1, 0), ValueA));
        Assert.False(checker.Chosen.TryGetChosen(0, out _));
        checker.OnVotePersisted(1, new AcceptedEntry(0, new Ballot(1, 0), ValueA));
        Assert.True(checker.Chosen.TryGetChosen(0, out var chosen));
        Assert.Equal(ValueA, chosen);
        Assert.True(checker.IsChosen(A.Id));
        // A later ballot re-proposing the chosen value (P2c) is fine.
        checker.OnVotePersisted(2, new AcceptedEntry(0, new Ballot(2, 1), ValueA));
        checker.OnVotePersisted(0, new AcceptedEntry(0, new Ballot(2, 1), ValueA));
        Assert.Empty(checker.Violations);
    }

    [Fact]
    public void Two_quorums_choosing_different_values_in_one_slot_violate_agreement()
    {
        var checker = CheckerWithSubmissions();
        checker.OnVotePersisted(0, new AcceptedEntry(3, new Ballot(1, 0), ValueA));
        checker.OnVotePersisted(1, new AcceptedEntry(3, new Ballot(1, 0), ValueA));
        checker.OnVotePersisted(1, new AcceptedEntry(3, new Ballot(2, 1), ValueB));
        checker.OnVotePersisted(2, new AcceptedEntry(3, new Ballot(2, 1), ValueB));
        var violation = Assert.Single(checker.Violations);
        Assert.Equal(InvariantKind.Agreement, violation.Kind);
        Assert.Contains("slot 3", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_values_in_one_ballot_and_slot_violate_agreement()
    {
        var checker = CheckerWithSubmissions();
        checker.OnVotePersisted(0, new AcceptedEntry(0, new Ballot(1, 0), ValueA));
        checker.OnVotePersisted(1, new AcceptedEntry(0, new Ballot(1, 0), ValueB));
        Assert.Equal(InvariantKind.Agreement, Assert.Single(checker.Violations).Kind);
    }

    [Fact]
    public void Learner_delivering_a_value_other_than_the_chosen_one_violates_agreement()
    {
        var checker = CheckerWithSubmissions();
        checker.OnVotePersisted(0, new AcceptedEntry(0, new Ballot(1, 0), ValueA));
        checker.OnVotePersisted(1, new AcceptedEntry(0, new Ballot(1, 0), ValueA));
        checker.OnDelivered(4, new ChosenEntry(0, ValueB));
        Assert.Equal(InvariantKind.Agreement, Assert.Single(checker.Violations).Kind);
    }

    [Fact]
    public void Learner_delivering_an_unchosen_slot_violates_integrity()
    {
        var checker = CheckerWithSubmissions();
        checker.OnVotePersisted(0, new AcceptedEntry(0, new Ballot(1, 0), ValueA));
        checker.OnDelivered(1, new ChosenEntry(0, ValueA));
        Assert.Equal(InvariantKind.Integrity, Assert.Single(checker.Violations).Kind);
    }

    [Fact]
    public void Learner_skipping_or_repeating_a_slot_violates_integrity()
    {
        var checker = CheckerWithSubmissions();
        foreach (var slot in new long[] { 0, 1 })
        {
            checker.OnVotePersisted(0, new AcceptedEntry(slot, new Ballot(1, 0), SlotValue.NoOp));
            checker.OnVotePersisted(1, new AcceptedEntry(slot, new Ballot(1, 0), SlotValue.NoOp));
        }

        checker.OnDelivered(0, new ChosenEntry(1, SlotValue.NoOp));
        checker.OnDelivered(1, new ChosenEntry(0, SlotValue.NoOp));
        checker.OnDelivered(1, new ChosenEntry(0, SlotValue.NoOp));
        Assert.Equal(2, checker.Violations.Count);
        Assert.All(checker.Violations, v => Assert.Equal(InvariantKind.Integrity, v.Kind));
    }

    [Fact]
    public void Restarted_learner_may_deliver_from_slot_zero_again()
    {
        var checker = CheckerWithSubmissions();
        checker.OnVotePersisted(0, new AcceptedEntry(0, new Ballot(1, 0), SlotValue.NoOp));
        checker.OnVotePersisted(1, new AcceptedEntry(0, new Ballot(1, 0), SlotValue.NoOp));
        checker.OnDelivered(2, new ChosenEntry(0, SlotValue.NoOp));
        checker.OnRestarted(2);
        checker.OnDelivered(2, new ChosenEntry(0, SlotValue.NoOp));
        Assert.Empty(checker.Violations);
    }

    [Fact]
    public void Choosing_a_command_nobody_submitted_violates_validity()
    {
        var checker = new InvariantChecker(phase2Size: 1);
        checker.OnSubmitted(A);
        var forged = new Command(A.Id, [9, 9]);
        checker.OnVotePersisted(0, new AcceptedEntry(0, new Ballot(1, 0), SlotValue.Of(forged)));
        Assert.Equal(InvariantKind.Validity, Assert.Single(checker.Violations).Kind);
    }

    [Fact]
    public void Applying_a_command_twice_on_one_node_violates_integrity()
    {
        var checker = CheckerWithSubmissions();
        checker.OnApplied(0, A.Id);
        checker.OnApplied(0, A.Id);
        Assert.Equal(InvariantKind.Integrity, Assert.Single(checker.Violations).Kind);
    }

    [Fact]
    public void Replicas_applying_commands_in_different_orders_violate_integrity()
    {
        var checker = CheckerWithSubmissions();
        checker.OnApplied(0, A.Id);
        checker.OnApplied(0, B.Id);
        checker.OnApplied(1, B.Id);
        Assert.Equal(InvariantKind.Integrity, Assert.Single(checker.Violations).Kind);
    }

    [Fact]
    public void Promise_or_vote_sent_before_it_is_durable_violates_durability()
    {
        var checker = CheckerWithSubmissions();
        var disk = AcceptorDurableState.Empty with { Promised = new Ballot(1, 0) };
        checker.OnMessageSent(new PaxosProtocol.Promise(1, 0, new Ballot(1, 0), 0, []), disk);
        Assert.Empty(checker.Violations);
        checker.OnMessageSent(new PaxosProtocol.Promise(1, 0, new Ballot(2, 0), 0, []), disk);
        checker.OnMessageSent(new PaxosProtocol.Accepted(1, 0, new Ballot(1, 0), 0, ValueA), disk);
        Assert.Equal(2, checker.Violations.Count);
        Assert.All(checker.Violations, v => Assert.Equal(InvariantKind.Durability, v.Kind));

        var voted = disk with { Accepted = ImmutableSortedDictionary<long, AcceptedEntry>.Empty.Add(0, new AcceptedEntry(0, new Ballot(1, 0), ValueA)) };
        checker.OnMessageSent(new PaxosProtocol.Accepted(1, 0, new Ballot(1, 0), 0, ValueA), voted);
        Assert.Equal(2, checker.Violations.Count);
    }

    [Fact]
    public void Oracle_tracks_the_gap_free_chosen_prefix()
    {
        var oracle = new ChosenOracle(phase2Size: 1);
        oracle.RecordVote(0, 1, new Ballot(1, 0), SlotValue.NoOp);
        Assert.Equal(0, oracle.ContiguousCount);
        Assert.Equal(1, oracle.MaxSlot);
        oracle.RecordVote(0, 0, new Ballot(1, 0), SlotValue.NoOp);
        Assert.Equal(2, oracle.ContiguousCount);
    }

    [Fact]
    public void Installing_a_snapshot_that_does_not_extend_the_applied_commands_violates_integrity()
    {
        var checker = CheckerWithSubmissions();
        checker.OnApplied(0, A.Id);
        checker.OnApplied(0, B.Id);
        checker.OnApplied(1, A.Id);
        checker.OnSnapshotInstalled(1, [A.Id], belowSlot: 2, [A.Id, B.Id]);
        Assert.Empty(checker.Violations);
        Assert.Equal(2, checker.DeliveredCount(1));

        checker.OnRestarted(2);
        checker.OnApplied(2, A.Id);
        checker.OnSnapshotInstalled(2, [A.Id], belowSlot: 2, [B.Id, A.Id]);
        Assert.Equal(InvariantKind.Integrity, Assert.Single(checker.Violations).Kind);
    }
}
