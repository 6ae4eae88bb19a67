using PaxosAkka.Consensus.Tests.Support;
using static PaxosAkka.Consensus.PaxosProtocol;
using static PaxosAkka.Consensus.Tests.Support.Fixtures;

namespace PaxosAkka.Consensus.Tests;

/// <summary>The leader's phase 2: pipelining, batching, stepping down (Paxos Made Simple §3).</summary>
public class ProposerPhaseTwoTests
{
    private static Proposer Leader(ProposerOptions? options = null)
    {
        var proposer = new Proposer(0, Three, options ?? ProposerOptions.Default);
        proposer.ElectWithEmptyPromises(1, 2);
        Assert.True(proposer.IsLeader);
        return proposer;
    }

    // Paxos Made Simple §3: once phase 1 succeeded, a stable leader runs only phase 2 for new commands.
    [Fact]
    public void Stable_leader_skips_phase_one()
    {
        var leader = Leader();
        leader.Propose(Cmd("c", 1));
        var ready = leader.GetReady();

        Assert.Empty(ready.Sent<Prepare>());
        var accepts = ready.Sent<Accept>();
        Assert.Equal([0, 1, 2], accepts.Select(a => a.To).Order());
        Assert.All(accepts, a => Assert.Equal(leader.CurrentBallot, a.Ballot));

        leader.AcceptAll(ready, 1, 2);
        leader.Propose(Cmd("c", 2));
        var next = leader.GetReady();
        Assert.Empty(next.Sent<Prepare>());
        Assert.All(next.Sent<Accept>(), a => Assert.Equal(1, a.Slot));
    }

    [Fact]
    public void Batching_packs_commands_into_one_slot()
    {
        var leader = Leader();
        for (int i = 1; i <= 10; i++)
        {
            leader.Propose(Cmd("c", i));
        }

        var accepts = leader.GetReady().Sent<Accept>();
        var accept = Assert.Single(accepts.DistinctBy(a => a.Slot));
        Assert.Equal(10, accept.Value.Commands.Length);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), accept.Value.Commands.Select(c => c.Id.Sequence));
    }

    [Fact]
    public void Batch_size_is_bounded_and_one_turns_batching_off()
    {
        var leader = Leader(new ProposerOptions { MaxBatchSize = 1 });
        for (int i = 1; i <= 3; i++)
        {
            leader.Propose(Cmd("c", i));
        }

        var values = leader.GetReady().Sent<Accept>().DistinctBy(a => a.Slot).Select(a => a.Value).ToList();
        Assert.Equal(3, values.Count);
        Assert.All(values, v => Assert.Single(v.Commands));
    }

    [Fact]
    public void Batch_bytes_are_bounded_so_no_accept_outgrows_a_frame_but_a_large_command_still_goes_alone()
    {
        var leader = Leader(new ProposerOptions { MaxBatchBytes = 10_000 });
        leader.Propose(new Command(new CommandId("c", 1), new byte[4_000]));
        leader.Propose(new Command(new CommandId("c", 2), new byte[4_000]));
        leader.Propose(new Command(new CommandId("c", 3), new byte[4_000]));
        leader.Propose(new Command(new CommandId("c", 4), new byte[50_000]));

        var values = leader.GetReady().Sent<Accept>().DistinctBy(a => a.Slot).OrderBy(a => a.Slot).Select(a => a.Value).ToList();

        Assert.Equal([2, 1, 1], values.Select(v => v.Commands.Length));
        Assert.All(values.Take(2), v => Assert.True(v.Commands.Sum(c => Proposer.WireSize(c)) <= 10_000));
        Assert.Equal(50_000, values[2].Commands[0].Payload.Length);
    }

    [Fact]
    public void Pipeline_window_bounds_inflight_slots()
    {
        var leader = Leader(new ProposerOptions { PipelineWindow = 2, MaxBatchSize = 1 });
        for (int i = 1; i <= 5; i++)
        {
            leader.Propose(Cmd("c", i));
        }

        var first = leader.GetReady();
        Assert.Equal([0L, 1L], first.Sent<Accept>().Select(a => a.Slot).Distinct().Order());
        Assert.Equal(2, leader.InFlightSlots);
        Assert.Equal(3, leader.PendingCommands);

        // Choosing slot 0 frees one place in the window, and exactly one more slot goes out.
        foreach (int acceptor in new[] { 1, 2 })
        {
            var accept = first.Sent<Accept>().First(a => a.Slot == 0);
            leader.Step(new Accepted(acceptor, 0, accept.Ballot, 0, accept.Value));
        }

        var second = leader.GetReady();
        Assert.Equal([2L], second.Sent<Accept>().Select(a => a.Slot).Distinct());
        Assert.Equal(2, leader.InFlightSlots);
    }

    [Fact]
    public void Leader_chooses_a_slot_on_a_phase_two_quorum_and_tells_learners()
    {
        var leader = Leader();
        leader.Propose(Cmd("c", 1));
        var ready = leader.GetReady();
        var accept = ready.Sent<Accept>()[0];

        leader.Step(new Accepted(1, 0, accept.Ballot, 0, accept.Value));
        Assert.Empty(leader.GetReady().Sent<Chosen>());
        leader.Step(new Accepted(1, 0, accept.Ballot, 0, accept.Value)); // a duplicate is not a second vote
        Assert.Empty(leader.GetReady().Sent<Chosen>());
        leader.Step(new Accepted(2, 0, accept.Ballot, 0, accept.Value));

        var chosen = leader.GetReady().Sent<Chosen>();
        Assert.Equal([0, 1, 2], chosen.Select(c => c.To).Order());
        Assert.All(chosen, c => Assert.Equal(accept.Value, c.Value));
        Assert.Equal(1, leader.FirstUnchosenSlot);
    }

    [Fact]
    public void Leader_ignores_accepted_for_an_old_ballot()
    {
        var leader = Leader();
        leader.Propose(Cmd("c", 1));
        var accept = leader.GetReady().Sent<Accept>()[0];
        var old = new Ballot(accept.Ballot.Round - 1, 0);

        leader.Step(new Accepted(1, 0, old, 0, accept.Value));
        leader.Step(new Accepted(2, 0, old, 0, accept.Value));

        Assert.Empty(leader.GetReady().Sent<Chosen>());
        Assert.Equal(0, leader.FirstUnchosenSlot);
    }

    [Fact]
    public void Leader_steps_down_on_higher_nack()
    {
        var leader = Leader();
        leader.Propose(Cmd("c", 1));
        var accept = leader.GetReady().Sent<Accept>()[0];
        leader.Propose(Cmd("c", 2)); // queued, not yet sent

        leader.Step(new Nack(1, 0, accept.Ballot, B(9, 2)));
        var ready = leader.GetReady();

        Assert.False(leader.IsLeader);
        Assert.Equal(new SteppedDown(B(9, 2)), Assert.Single(ready.Reported<SteppedDown>()));
        // Both the in-flight command (outcome unknown) and the queued one go back to their clients for a retry.
        Assert.Equal(
            [new ProposalRejected(new CommandId("c", 1), 2), new ProposalRejected(new CommandId("c", 2), 2)],
            ready.Reported<ProposalRejected>().OrderBy(r => r.CommandId.Sequence));
        Assert.Equal(0, leader.InFlightSlots);
        Assert.Empty(ready.Sent<Prepare>()); // it does not retry by itself: that is the election's call
        Assert.Equal(2, leader.KnownLeader);
        Assert.Equal(B(9, 2), leader.HighestSeenBallot);
    }

    [Fact]
    public void Stale_nack_is_ignored()
    {
        var proposer = new Proposer(0, Three, ProposerOptions.Default);
        proposer.Campaign();
        var oldBallot = proposer.GetReady().Sent<Prepare>()[0].Ballot;
        proposer.ElectWithEmptyPromises(1, 2);
        Assert.True(proposer.IsLeader);

        // A delayed Nack of the abandoned first ballot must not unseat the current leader.
        proposer.Step(new Nack(1, 0, oldBallot, oldBallot.Next(1)));

        Assert.True(proposer.IsLeader);
        Assert.Empty(proposer.GetReady().Reported<SteppedDown>());
    }

    [Fact]
    public void Follower_rejects_proposals_with_a_leader_hint()
    {
        var follower = new Proposer(0, Three, ProposerOptions.Default);
        follower.Step(new Chosen(2, 0, 0, Value("x", 1)));

        follower.Propose(Cmd("c", 1));

        Assert.Equal(new ProposalRejected(new CommandId("c", 1), 2), Assert.Single(follower.GetReady().Reported<ProposalRejected>()));
    }

    [Fact]
    public void Back_pressure_rejects_commands_beyond_the_pending_bound()
    {
        var leader = Leader(new ProposerOptions { PipelineWindow = 1, MaxBatchSize = 1, MaxPendingCommands = 2 });
        leader.Propose(Cmd("c", 1));
        leader.GetReady();
        leader.Propose(Cmd("c", 2));
        leader.Propose(Cmd("c", 3));
        leader.Propose(Cmd("c", 4));

        var rejected = Assert.Single(leader.GetReady().Reported<ProposalRejected>());
        Assert.Equal(new CommandId("c", 4), rejected.CommandId);
    }

    [Fact]
    public void Leader_retransmits_unanswered_accepts()
    {
        var leader = Leader(new ProposerOptions { RetransmitTicks = 2 });
        leader.Propose(Cmd("c", 1));
        var accept = leader.GetReady().Sent<Accept>()[0];
        leader.Step(new Accepted(1, 0, accept.Ballot, 0, accept.Value));

        leader.Tick();
        Assert.Empty(leader.GetReady().Sent<Accept>());
        leader.Tick();
        var resent = leader.GetReady().Sent<Accept>();

        Assert.Equal([0, 2], resent.Select(a => a.To).Order());
        Assert.All(resent, a => Assert.Equal((accept.Ballot, 0L, accept.Value), (a.Ballot, a.Slot, a.Value)));
    }

    [Fact]
    public void Idle_leader_repeats_its_last_decision_for_learners()
    {
        var leader = Leader(new ProposerOptions { RetransmitTicks = 1 });
        leader.Propose(Cmd("c", 1));
        leader.AcceptAll(leader.GetReady(), 1, 2);
        leader.GetReady();

        leader.Tick();
        var repeated = leader.GetReady().Sent<Chosen>();

        Assert.Equal(3, repeated.Count);
        Assert.All(repeated, c => Assert.Equal(0, c.Slot));
    }

    [Fact]
    public void Observed_chosen_slot_leaves_the_pipeline()
    {
        var leader = Leader();
        leader.Propose(Cmd("c", 1));
        leader.GetReady();
        Assert.Equal(1, leader.InFlightSlots);

        leader.ObserveChosen(0);

        Assert.Equal(0, leader.InFlightSlots);
        Assert.Equal(1, leader.FirstUnchosenSlot);
    }
}
