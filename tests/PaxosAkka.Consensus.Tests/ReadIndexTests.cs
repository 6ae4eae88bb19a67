using PaxosAkka.Consensus.Tests.Support;
using static PaxosAkka.Consensus.PaxosProtocol;
using static PaxosAkka.Consensus.ReadIndexProtocol;
using static PaxosAkka.Consensus.Tests.Support.Fixtures;

namespace PaxosAkka.Consensus.Tests;

/// <summary>
/// Read-index reads (etcd's ReadIndex; <see cref="ReadIndexProtocol"/> has the linearizability argument): a read is
/// served without a log slot only after a quorum confirmed the leader's ballot in a round sent after it arrived.
/// </summary>
public class ReadIndexTests
{
    private static Proposer Leader(ProposerOptions? options = null)
    {
        var proposer = new Proposer(0, Three, options ?? ProposerOptions.Default);
        proposer.ElectWithEmptyPromises(1, 2);
        Assert.True(proposer.IsLeader);
        return proposer;
    }

    private static LeadershipConfirmation Confirm(ConfirmLeadership request, Ballot? promised = null) =>
        new(request.To, request.From, request.Ballot, request.Round, promised ?? request.Ballot);

    [Fact]
    public void Read_index_is_not_served_until_a_majority_confirms_the_ballot()
    {
        var leader = Leader();
        leader.RequestReadIndex(7);
        var ready = leader.GetReady();
        var requests = ready.Sent<ConfirmLeadership>();
        Assert.Equal([0, 1, 2], requests.Select(r => r.To).Order());
        Assert.All(requests, r => Assert.Equal(leader.CurrentBallot, r.Ballot));
        Assert.Empty(ready.Reported<ReadIndexConfirmed>());

        leader.Step(Confirm(requests.Single(r => r.To == 1)));
        Assert.Empty(leader.GetReady().Reported<ReadIndexConfirmed>());
        leader.Step(Confirm(requests.Single(r => r.To == 1)));
        Assert.Empty(leader.GetReady().Reported<ReadIndexConfirmed>()); // a duplicate is still one acceptor

        leader.Step(Confirm(requests.Single(r => r.To == 2)));
        var confirmed = Assert.Single(leader.GetReady().Reported<ReadIndexConfirmed>());
        Assert.Equal(7, confirmed.Token);
        Assert.Equal(0, leader.PendingReads);
    }

    [Fact]
    public void A_preempted_leader_does_not_serve_a_read_index()
    {
        var leader = Leader();
        leader.RequestReadIndex(1);
        var requests = leader.GetReady().Sent<ConfirmLeadership>();

        // One acceptor already promised a rival's higher ballot: the rival may have had writes chosen since.
        leader.Step(Confirm(requests.Single(r => r.To == 1), promised: B(leader.CurrentBallot.Round + 1, 2)));
        var ready = leader.GetReady();
        Assert.Equal(1, Assert.Single(ready.Reported<ReadIndexRefused>()).Token);
        Assert.Single(ready.Reported<SteppedDown>());
        Assert.False(leader.IsLeader);

        leader.Step(Confirm(requests.Single(r => r.To == 0)));
        leader.Step(Confirm(requests.Single(r => r.To == 2)));
        Assert.Empty(leader.GetReady().Reported<ReadIndexConfirmed>());
    }

    [Fact]
    public void A_follower_refuses_a_read_index_at_once()
    {
        var follower = new Proposer(0, Three, ProposerOptions.Default);
        follower.RequestReadIndex(3);
        var ready = follower.GetReady();
        Assert.Equal(3, Assert.Single(ready.Reported<ReadIndexRefused>()).Token);
        Assert.Empty(ready.Sent<ConfirmLeadership>());
    }

    [Fact]
    public void Read_index_covers_every_slot_the_leader_assigned_before_the_read()
    {
        var leader = Leader(new ProposerOptions { MaxBatchSize = 1 });
        for (int i = 1; i <= 3; i++)
        {
            leader.Propose(Cmd("c", i));
        }

        leader.GetReady(); // slots 0..2 assigned, none chosen yet
        leader.RequestReadIndex(1);
        var requests = leader.GetReady().Sent<ConfirmLeadership>();
        leader.Step(Confirm(requests.Single(r => r.To == 1)));
        leader.Step(Confirm(requests.Single(r => r.To == 2)));
        Assert.Equal(2, Assert.Single(leader.GetReady().Reported<ReadIndexConfirmed>()).ReadIndex);
    }

    [Fact]
    public void Read_index_covers_values_adopted_in_phase_one_before_they_are_re_proposed()
    {
        // Paxos Made Simple §3: slot 5 may already be chosen under an older ballot; a window of one leaves it
        // unassigned for now, yet a read must wait for it.
        var leader = new Proposer(0, Three, new ProposerOptions { PipelineWindow = 1 });
        leader.Campaign();
        var prepare = leader.GetReady().Sent<Prepare>().First();
        leader.Step(new Promise(1, 0, prepare.Ballot, prepare.FromSlot, Entries(Entry(5, B(1, 2), Value("old", 1)))));
        leader.Step(new Promise(2, 0, prepare.Ballot, prepare.FromSlot, []));
        Assert.True(leader.IsLeader);
        leader.GetReady();

        leader.RequestReadIndex(1);
        var requests = leader.GetReady().Sent<ConfirmLeadership>();
        leader.Step(Confirm(requests.Single(r => r.To == 1)));
        leader.Step(Confirm(requests.Single(r => r.To == 2)));
        Assert.Equal(5, Assert.Single(leader.GetReady().Reported<ReadIndexConfirmed>()).ReadIndex);
    }

    [Fact]
    public void A_read_that_arrives_during_a_round_waits_for_the_next_round()
    {
        var leader = Leader();
        leader.RequestReadIndex(1);
        var first = leader.GetReady().Sent<ConfirmLeadership>();
        leader.RequestReadIndex(2);
        Assert.Empty(leader.GetReady().Sent<ConfirmLeadership>()); // one round at a time: the next batches all waiting

        // The first round's answers may have been produced before read 2 arrived: they confirm read 1 only.
        leader.Step(Confirm(first.Single(r => r.To == 1)));
        leader.Step(Confirm(first.Single(r => r.To == 2)));
        var ready = leader.GetReady();
        Assert.Equal([1L], ready.Reported<ReadIndexConfirmed>().Select(c => c.Token));
        var second = ready.Sent<ConfirmLeadership>();
        Assert.Equal(3, second.Count);
        Assert.All(second, r => Assert.True(r.Round > first[0].Round));

        leader.Step(Confirm(first.Single(r => r.To == 0)));
        leader.Step(Confirm(first.Single(r => r.To == 1)));
        Assert.Empty(leader.GetReady().Reported<ReadIndexConfirmed>()); // late answers to the old round

        leader.Step(Confirm(second.Single(r => r.To == 0)));
        leader.Step(Confirm(second.Single(r => r.To == 2)));
        Assert.Equal([2L], leader.GetReady().Reported<ReadIndexConfirmed>().Select(c => c.Token));
    }

    [Fact]
    public void An_unanswered_round_is_retransmitted_and_its_reads_refused_after_the_timeout()
    {
        var options = new ProposerOptions { RetransmitTicks = 2 };
        var leader = Leader(options);
        leader.RequestReadIndex(1);
        var requests = leader.GetReady().Sent<ConfirmLeadership>();
        leader.Step(Confirm(requests.Single(r => r.To == 1)));

        leader.Tick();
        leader.Tick();
        var retransmitted = leader.GetReady().Sent<ConfirmLeadership>();
        Assert.Equal([0, 2], retransmitted.Select(r => r.To).Order()); // only those that have not confirmed

        for (int i = 2; i < options.RetransmitTicks * Proposer.ReadRoundRetransmits; i++)
        {
            leader.Tick();
        }

        var ready = leader.GetReady();
        Assert.Equal(1, Assert.Single(ready.Reported<ReadIndexRefused>()).Token);
        leader.Step(Confirm(requests.Single(r => r.To == 2)));
        Assert.Empty(leader.GetReady().Reported<ReadIndexConfirmed>());
        Assert.True(leader.IsLeader); // no answer is not a preemption: only the reads are given up
    }

    [Fact]
    public void A_new_campaign_refuses_the_reads_of_the_old_leadership()
    {
        var leader = Leader();
        leader.RequestReadIndex(1);
        var requests = leader.GetReady().Sent<ConfirmLeadership>();
        leader.RequestReadIndex(2);
        leader.Campaign();
        Assert.Equal([1L, 2L], leader.GetReady().Reported<ReadIndexRefused>().Select(r => r.Token).Order());

        leader.ElectWithEmptyPromises(1, 2);
        leader.Step(Confirm(requests.Single(r => r.To == 1)));
        leader.Step(Confirm(requests.Single(r => r.To == 2)));
        Assert.Empty(leader.GetReady().Reported<ReadIndexConfirmed>()); // answers for the old ballot
    }

    [Fact]
    public void Acceptor_confirms_a_ballot_only_if_it_promised_nothing_above_it()
    {
        var acceptor = new Acceptor(1, Three, AcceptorDurableState.Empty);
        acceptor.Step(new Prepare(2, 1, B(3, 2), 0));
        acceptor.GetReady();

        var lower = acceptor.Confirm(Three, new ConfirmLeadership(0, 1, B(2, 0), 1));
        Assert.NotNull(lower);
        Assert.Equal(B(3, 2), lower.Promised); // above the asked ballot: the leader learns it was preempted

        var equal = acceptor.Confirm(Three, new ConfirmLeadership(2, 1, B(3, 2), 1));
        Assert.NotNull(equal);
        Assert.Equal(B(3, 2), equal.Promised);
        Assert.False(acceptor.HasReady); // nothing to persist: a confirmation changes no state
    }

    [Fact]
    public void Acceptor_ignores_confirmation_requests_that_are_garbage()
    {
        var acceptor = new Acceptor(1, Three, AcceptorDurableState.Empty);
        Assert.Null(acceptor.Confirm(Three, new ConfirmLeadership(0, 2, B(1, 0), 1)));  // not addressed to it
        Assert.Null(acceptor.Confirm(Three, new ConfirmLeadership(9, 1, B(1, 9), 1)));  // not a proposer
        Assert.Null(acceptor.Confirm(Three, new ConfirmLeadership(0, 1, B(1, 2), 1)));  // another proposer's ballot
        Assert.Null(acceptor.Confirm(Three, new ConfirmLeadership(0, 1, Ballot.Zero, 1)));
    }
}
