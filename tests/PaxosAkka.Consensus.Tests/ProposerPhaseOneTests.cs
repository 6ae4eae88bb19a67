using PaxosAkka.Consensus.Tests.Support;
using static PaxosAkka.Consensus.PaxosProtocol;
using static PaxosAkka.Consensus.Tests.Support.Fixtures;

namespace PaxosAkka.Consensus.Tests;

/// <summary>The leader's phase 1: Paxos Made Simple §2.2 (P2c) and §3 (Multi-Paxos).</summary>
public class ProposerPhaseOneTests
{
    private static Proposer NewProposer(ProposerOptions? options = null) => new(0, Three, options ?? ProposerOptions.Default);

    // Paxos Made Simple §3: a new leader runs phase 1 once for all slots from its first unchosen one.
    [Fact]
    public void Campaign_prepares_all_acceptors_from_first_unchosen_slot_with_ballot_above_any_seen()
    {
        var proposer = NewProposer();
        proposer.ObserveBallot(B(7, 2));
        proposer.ObserveChosen(0);
        proposer.ObserveChosen(1);
        proposer.ObserveChosen(3);

        proposer.Campaign();
        var prepares = proposer.GetReady().Sent<Prepare>();

        Assert.Equal([0, 1, 2], prepares.Select(p => p.To).Order());
        Assert.All(prepares, p => Assert.Equal(B(8, 0), p.Ballot));
        Assert.All(prepares, p => Assert.Equal(2, p.FromSlot));
        Assert.True(proposer.IsCampaigning);
        Assert.False(proposer.IsLeader);
    }

    [Fact]
    public void Leader_is_elected_by_a_phase_one_quorum()
    {
        var proposer = NewProposer();
        proposer.Campaign();
        var ballot = proposer.GetReady().Sent<Prepare>()[0].Ballot;

        proposer.Step(new Promise(1, 0, ballot, 0, []));
        Assert.False(proposer.IsLeader);
        proposer.Step(new Promise(2, 0, ballot, 0, []));

        Assert.True(proposer.IsLeader);
        Assert.Equal(0, proposer.KnownLeader);
        Assert.Equal(new BecameLeader(ballot), Assert.Single(proposer.GetReady().Reported<BecameLeader>()));
    }

    [Fact]
    public void Duplicate_promise_does_not_count_twice()
    {
        var proposer = NewProposer();
        proposer.Campaign();
        var ballot = proposer.GetReady().Sent<Prepare>()[0].Ballot;

        proposer.Step(new Promise(1, 0, ballot, 0, []));
        proposer.Step(new Promise(1, 0, ballot, 0, []));

        Assert.False(proposer.IsLeader);
    }

    [Fact]
    public void Promise_for_an_older_ballot_is_ignored()
    {
        var proposer = NewProposer();
        proposer.Campaign();
        var first = proposer.GetReady().Sent<Prepare>()[0].Ballot;
        proposer.Campaign();
        proposer.GetReady();

        proposer.Step(new Promise(1, 0, first, 0, []));
        proposer.Step(new Promise(2, 0, first, 0, []));

        Assert.False(proposer.IsLeader);
    }

    // Paxos Made Simple §2.2 (P2c) and §3: per slot the leader proposes the value with the highest ballot
    // among the promises, not its own.
    [Fact]
    public void Leader_adopts_highest_ballot_value_per_slot()
    {
        var proposer = NewProposer();
        proposer.Campaign();
        var ballot = proposer.GetReady().Sent<Prepare>()[0].Ballot;
        proposer.Propose(Cmd("mine", 1));

        proposer.Step(new Promise(1, 0, ballot, 0, Entries(
            Entry(0, B(1, 1), Value("low", 1)),
            Entry(1, B(3, 1), Value("only", 1)))));
        proposer.Step(new Promise(2, 0, ballot, 0, Entries(Entry(0, B(2, 2), Value("high", 1)))));
        var accepts = proposer.GetReady().Sent<Accept>();

        Assert.All(accepts, a => Assert.Equal(ballot, a.Ballot));
        Assert.Equal(Value("high", 1), accepts.First(a => a.Slot == 0).Value);
        Assert.Equal(Value("only", 1), accepts.First(a => a.Slot == 1).Value);
        Assert.Equal(Value("mine", 1), accepts.First(a => a.Slot == 2).Value);
    }

    // Paxos Made Simple §3: gaps below the highest adopted slot are filled with no-ops so later slots can be delivered.
    [Fact]
    public void Leader_fills_gaps_with_noops()
    {
        var proposer = NewProposer();
        proposer.Campaign();
        var ballot = proposer.GetReady().Sent<Prepare>()[0].Ballot;

        proposer.Step(new Promise(1, 0, ballot, 0, Entries(Entry(3, B(1, 1), Value("c", 1)))));
        proposer.Step(new Promise(2, 0, ballot, 0, []));
        var bySlot = proposer.GetReady().Sent<Accept>().GroupBy(a => a.Slot).ToDictionary(g => g.Key, g => g.First().Value);

        Assert.Equal([0L, 1L, 2L, 3L], bySlot.Keys.Order());
        Assert.True(bySlot[0].IsNoOp && bySlot[1].IsNoOp && bySlot[2].IsNoOp);
        Assert.Equal(Value("c", 1), bySlot[3]);
    }

    [Fact]
    public void Leader_does_not_propose_in_slots_an_acceptor_compacted()
    {
        var proposer = NewProposer();
        proposer.Campaign();
        var ballot = proposer.GetReady().Sent<Prepare>()[0].Ballot;

        proposer.Step(new Promise(1, 0, ballot, 0, Entries(Entry(5, B(1, 1), Value("c", 1)))) { CompactedBelow = 5 });
        proposer.Step(new Promise(2, 0, ballot, 0, []));

        var slots = proposer.GetReady().Sent<Accept>().Select(a => a.Slot).Distinct().ToList();
        Assert.Equal([5L], slots);
    }

    [Fact]
    public void Candidate_retransmits_unanswered_prepares()
    {
        var proposer = NewProposer(new ProposerOptions { RetransmitTicks = 2 });
        proposer.Campaign();
        var ballot = proposer.GetReady().Sent<Prepare>()[0].Ballot;
        proposer.Step(new Promise(1, 0, ballot, 0, []));

        proposer.Tick();
        Assert.Empty(proposer.GetReady().Sent<Prepare>());
        proposer.Tick();
        var resent = proposer.GetReady().Sent<Prepare>();

        Assert.Equal([0, 2], resent.Select(p => p.To).Order());
        Assert.All(resent, p => Assert.Equal(ballot, p.Ballot));
    }

    [Fact]
    public void Campaign_after_restart_outbids_ballots_recovered_from_durable_state()
    {
        var proposer = NewProposer();
        proposer.ObserveBallot(B(9, 0));
        proposer.Campaign();

        Assert.Equal(B(10, 0), proposer.CurrentBallot);
    }
}
