using FsCheck;
using FsCheck.Fluent;
using PaxosAkka.Consensus.Tests.Support;
using static PaxosAkka.Consensus.PaxosProtocol;
using static PaxosAkka.Consensus.Tests.Support.Fixtures;

namespace PaxosAkka.Consensus.Tests;

/// <summary>Corner cases: flexible quorums end to end, re-campaigns, stale and forged input.</summary>
public class EdgeCaseTests
{
    // Flexible Paxos (Howard et al. 2016): phase 1 needs q1 promises, phase 2 only q2 acceptances.
    [Fact]
    public void Flexible_quorum_leader_needs_q1_promises_and_chooses_with_q2_acceptances()
    {
        var topology = PaxosTopology.Symmetric(QuorumConfig.Flexible([0, 1, 2, 3, 4], phase1Size: 4, phase2Size: 2));
        var proposer = new Proposer(0, topology, ProposerOptions.Default);
        proposer.Campaign();
        var ballot = proposer.GetReady().Sent<Prepare>()[0].Ballot;
        foreach (int acceptor in new[] { 1, 2, 3 })
        {
            proposer.Step(new Promise(acceptor, 0, ballot, 0, []));
        }

        Assert.False(proposer.IsLeader); // 3 promises are a majority, but not a phase-1 quorum of 4
        proposer.Step(new Promise(4, 0, ballot, 0, []));
        Assert.True(proposer.IsLeader);

        proposer.Propose(Cmd("c", 1));
        var accept = proposer.GetReady().Sent<Accept>()[0];
        proposer.Step(new Accepted(3, 0, ballot, 0, accept.Value));
        proposer.Step(new Accepted(4, 0, ballot, 0, accept.Value));

        Assert.Equal(5, proposer.GetReady().Sent<Chosen>().Count);
    }

    [Fact]
    public void Recampaign_while_leading_uses_a_higher_ballot_and_reports_own_inflight_commands()
    {
        var proposer = new Proposer(0, Three, ProposerOptions.Default);
        proposer.ElectWithEmptyPromises(1, 2);
        var first = proposer.CurrentBallot;
        proposer.Propose(Cmd("c", 1));
        proposer.GetReady();

        proposer.Campaign();
        var ready = proposer.GetReady();

        Assert.True(proposer.CurrentBallot > first);
        Assert.True(proposer.IsCampaigning);
        Assert.Equal(new ProposalRejected(new CommandId("c", 1), 0), Assert.Single(ready.Reported<ProposalRejected>()));
        Assert.Equal(3, ready.Sent<Prepare>().Count);
    }

    [Fact]
    public void Commands_proposed_while_campaigning_go_out_once_elected()
    {
        var proposer = new Proposer(0, Three, ProposerOptions.Default);
        proposer.Campaign();
        var ballot = proposer.GetReady().Sent<Prepare>()[0].Ballot;
        proposer.Propose(Cmd("c", 1));
        Assert.Empty(proposer.GetReady().Sent<Accept>());

        proposer.Step(new Promise(1, 0, ballot, 0, []));
        proposer.Step(new Promise(2, 0, ballot, 0, []));

        Assert.Equal(Value("c", 1), proposer.GetReady().Sent<Accept>()[0].Value);
    }

    [Fact]
    public void Leader_skips_slots_learned_chosen_during_phase_one()
    {
        var proposer = new Proposer(0, Three, ProposerOptions.Default);
        proposer.Campaign();
        var ballot = proposer.GetReady().Sent<Prepare>()[0].Ballot;
        proposer.ObserveChosen(0);

        proposer.Step(new Promise(1, 0, ballot, 0, Entries(Entry(0, B(1, 1), Value("a", 1)), Entry(1, B(1, 1), Value("a", 2)))));
        proposer.Step(new Promise(2, 0, ballot, 0, []));

        Assert.Equal([1L], proposer.GetReady().Sent<Accept>().Select(a => a.Slot).Distinct());
    }

    [Fact]
    public void Nack_from_a_non_acceptor_is_ignored()
    {
        var topology = new PaxosTopology([0, 9], [0, 1, 2], [0], QuorumConfig.Majority([0, 1, 2]));
        var proposer = new Proposer(0, topology, ProposerOptions.Default);
        proposer.ElectWithEmptyPromises(1, 2);
        proposer.Propose(Cmd("c", 1));
        var accept = proposer.GetReady().Sent<Accept>()[0];

        proposer.Step(new Nack(9, 0, accept.Ballot, B(99, 9)));

        Assert.True(proposer.IsLeader);
    }

    [Fact]
    public void Learner_ignores_a_second_value_under_the_same_ballot()
    {
        var learner = new Learner(0, Three, LearnerOptions.Default);
        learner.Step(new Accepted(1, 0, B(1, 1), 0, Value("a", 1)));
        learner.Step(new Accepted(2, 0, B(1, 1), 0, Value("forged", 1)));

        Assert.False(learner.HasReady);
        learner.Step(new Accepted(0, 0, B(1, 1), 0, Value("a", 1)));
        Assert.Equal(Value("a", 1), Assert.Single(learner.GetReady().CommittedEntries).Value);
    }

    [Fact]
    public void Garbage_input_never_throws()
    {
        var node = new PaxosNode(0, Three);
        PaxosMessage[] garbage =
        [
            new Prepare(1, 0, B(-5, 1), -1),
            new Promise(1, 0, B(1, 0), 0, default),
            new Promise(1, 0, B(1, 0), 0, [null!]),
            new Accept(1, 0, B(1, 1), long.MaxValue, new SlotValue(default)),
            new Accepted(1, 0, B(1, 1), -3, null!),
            new Nack(1, 0, Ballot.Zero, Ballot.Zero),
            new Chosen(1, 0, -1, null!),
            new CatchUpRequest(1, 0, -9),
            new CatchUpReply(1, 0, default),
            new CatchUpReply(1, 0, [null!, new ChosenEntry(0, null!)]),
        ];

        foreach (var message in garbage)
        {
            node.Step(message);
            node.Tick();
            node.GetReady();
        }

        Assert.Equal(0, node.Learner!.FirstUnchosenSlot);
        Assert.Throws<ArgumentNullException>(() => node.Step(null!));
    }

    [Fact]
    public void Acceptor_never_accepts_below_its_promise_under_any_message_order() =>
        Prop.ForAll<int[]>(script =>
            {
                var acceptor = new Acceptor(0, Three, AcceptorDurableState.Empty);
                var highestPromised = Ballot.Zero;
                foreach (int step in script ?? [])
                {
                    int proposer = Math.Abs(step % 3);
                    var ballot = new Ballot(Math.Abs(step / 3 % 7) + 1, proposer);
                    if (step % 2 == 0)
                    {
                        acceptor.Step(new Prepare(proposer, 0, ballot, 0));
                    }
                    else
                    {
                        acceptor.Step(new Accept(proposer, 0, ballot, 0, Value("c", 1)));
                    }

                    var ready = acceptor.GetReady();
                    foreach (var accepted in ready.Sent<Accepted>())
                    {
                        if (accepted.Ballot < highestPromised)
                        {
                            return false;
                        }
                    }

                    highestPromised = Ballot.Max(highestPromised, acceptor.Promised);
                }

                return true;
            })
            .QuickCheckThrowOnFailure();
}
