using PaxosAkka.Consensus.Tests.Support;
using static PaxosAkka.Consensus.PaxosProtocol;
using static PaxosAkka.Consensus.Tests.Support.Fixtures;

namespace PaxosAkka.Consensus.Tests;

/// <summary>
/// Liveness around compaction, snapshots and lost learner state (CORE_BUGS S-1, S-4, S-5), without giving up
/// safety: a slot is treated as chosen only on evidence a learner may rely on (Paxos Made Simple §2.4).
/// </summary>
public class CompactionAndRecoveryTests
{
    /// <summary>Proposer 0, acceptors 1..3 (majority 2), one learner 4: every role on its own node.</summary>
    private static readonly PaxosTopology Separate = new([0], [1, 2, 3], [4], QuorumConfig.Majority([1, 2, 3]));

    // S-4. An acceptor compacts only slots that were chosen and snapshotted, so refusing an Accept there is
    // safe; answering (rather than staying silent) is what lets a lagging leader free its pipeline window.
    [Fact]
    public void Acceptor_answers_accept_below_its_compaction_point_with_a_nack_carrying_CompactedBelow()
    {
        var acceptor = new Acceptor(0, Three, AcceptorDurableState.Empty);
        acceptor.Compact(5);

        acceptor.Step(new Accept(1, 0, B(1, 1), 3, Value("c", 1)));
        var ready = acceptor.GetReady();

        var nack = Assert.Single(ready.Sent<Nack>());
        Assert.Equal(5, nack.CompactedBelow);
        Assert.Equal(B(1, 1), nack.Rejected);
        Assert.True(nack.Promised <= nack.Rejected); // Not a preemption: the leader keeps leading.
        Assert.Empty(ready.Sent<Accepted>());
        Assert.Empty(ready.EntriesToPersist);
    }

    // S-4. The leader learns only "chosen, value unknown": it stops driving the slot, reports its own commands
    // as rejected (the client retries with the same id; SessionTable applies it once) and never claims a value.
    [Fact]
    public void Proposer_drops_compacted_slots_from_its_window_and_rejects_its_own_commands_there()
    {
        var leader = new Proposer(0, Three, ProposerOptions.Default with { PipelineWindow = 1, MaxBatchSize = 1 });
        leader.ElectWithEmptyPromises(1, 2);
        leader.Propose(Cmd("c", 1));
        leader.Propose(Cmd("c", 2));
        var first = leader.GetReady();
        Assert.Equal(0, Assert.Single(first.Sent<Accept>().Select(a => a.Slot).Distinct()));
        Assert.Equal(1, leader.InFlightSlots);

        leader.Step(new Nack(1, 0, leader.CurrentBallot, leader.CurrentBallot) { CompactedBelow = 1 });
        var ready = leader.GetReady();

        Assert.True(leader.IsLeader);
        Assert.Equal(1, leader.FirstUnchosenSlot);
        var rejected = Assert.Single(ready.Reported<ProposalRejected>());
        Assert.Equal(new CommandId("c", 1), rejected.CommandId);
        Assert.Empty(ready.Sent<Chosen>()); // The value of slot 0 is not known here, so nothing is claimed.
        Assert.All(ready.Sent<Accept>(), a => Assert.Equal(1, a.Slot)); // The window freed for the next command.
        Assert.NotEmpty(ready.Sent<Accept>());
    }

    // S-4 end to end: a leader whose acceptors compacted past its in-flight slots makes progress again.
    [Fact]
    public void Leader_stuck_on_compacted_slots_makes_progress_once_acceptors_answer()
    {
        var cluster = new TestCluster(Three);
        cluster.Campaign(0);
        cluster.Run();
        cluster.Propose(0, Cmd("c", 1));
        cluster.Nodes[0].GetReady(); // Its Accepts for slot 0 are lost...
        foreach (int id in new[] { 0, 1, 2 })
        {
            cluster.Compact(id, 1); // ...while slot 0 was chosen elsewhere and compacted everywhere.
        }

        Assert.True(cluster.RunUntil(() => cluster.Nodes[0].Proposer!.InFlightSlots == 0, maxTicks: 50));
        Assert.Equal(1, cluster.Nodes[0].Proposer!.FirstUnchosenSlot);
    }

    // S-1. A restored snapshot covers every slot below it: both the learner and the co-located proposer move.
    [Fact]
    public void Node_RestoreFrom_moves_the_learner_and_the_proposer_past_the_snapshot()
    {
        var node = new PaxosNode(0, Three, ProposerOptions.Default, LearnerOptions.Default, AcceptorDurableState.Empty);
        node.RestoreFrom(100);
        node.Step(new Chosen(1, 0, 100, SlotValue.NoOp));
        node.Advance(node.GetReady());

        Assert.Equal(101, node.Learner!.FirstUnchosenSlot);
        Assert.Equal(101, node.Proposer!.FirstUnchosenSlot);
    }

    // S-5. Re-sending Accepted states a fact already durable at the acceptor, so the learner may count it.
    [Fact]
    public void Acceptor_resends_its_accepted_entries_to_a_learner_catch_up_request()
    {
        var acceptor = new Acceptor(1, Separate, AcceptorDurableState.Empty);
        acceptor.Step(new Accept(0, 1, B(1, 0), 0, Value("c", 1)));
        acceptor.Step(new Accept(0, 1, B(1, 0), 1, Value("c", 2)));
        acceptor.GetReady();

        acceptor.Step(new CatchUpRequest(4, 1, 1) { ForAcceptor = true });
        var replies = acceptor.GetReady().Sent<Accepted>();

        var reply = Assert.Single(replies);
        Assert.Equal((4, 1L, B(1, 0)), (reply.To, reply.Slot, reply.Ballot));
        Assert.Equal(Value("c", 2), reply.Value);
    }

    // S-5. A lone learner that lost its log asks the acceptors and re-learns by the usual rule.
    [Fact]
    public void Lone_learner_relearns_chosen_slots_from_the_acceptors_after_a_restart()
    {
        var learner = new Learner(4, Separate, LearnerOptions.Default);
        var acceptors = new[] { 1, 2, 3 }.Select(id => new Acceptor(id, Separate, AcceptorDurableState.Empty)).ToList();
        foreach (var acceptor in acceptors.Take(2))
        {
            acceptor.Step(new Accept(0, acceptor.Id, B(1, 0), 0, Value("c", 1)));
            acceptor.GetReady(); // The original Accepteds to the learner are lost.
        }

        var requests = new List<CatchUpRequest>();
        for (int tick = 0; tick < LearnerOptions.Default.IdleProbeTicks && requests.Count == 0; tick++)
        {
            learner.Tick();
            requests.AddRange(learner.GetReady().Sent<CatchUpRequest>());
        }

        Assert.Equal([1, 2, 3], requests.Select(r => r.To).Order());
        Assert.All(requests, r => Assert.True(r.ForAcceptor));
        foreach (var acceptor in acceptors)
        {
            acceptor.Step(requests.Single(r => r.To == acceptor.Id));
            foreach (var accepted in acceptor.GetReady().Sent<Accepted>())
            {
                learner.Step(accepted);
            }
        }

        var committed = Assert.Single(learner.GetReady().CommittedEntries);
        Assert.Equal(new ChosenEntry(0, Value("c", 1)), committed);
    }

    // S-5 safety: reports under different ballots are not a phase-2 quorum (Paxos Made Simple §2.4), so they
    // do not make the learner declare a value chosen.
    [Fact]
    public void Learner_does_not_learn_from_acceptor_reports_without_a_same_ballot_quorum()
    {
        var learner = new Learner(4, Separate, LearnerOptions.Default);
        learner.Step(new Accepted(1, 4, B(1, 0), 0, Value("c", 1)));
        learner.Step(new Accepted(2, 4, B(2, 0), 0, Value("c", 2)));
        learner.Step(new Accepted(3, 4, B(3, 0), 0, Value("c", 1)));

        Assert.Empty(learner.GetReady().CommittedEntries);
        Assert.Equal(0, learner.FirstUnchosenSlot);
    }

    [Fact]
    public void Learner_ignores_a_catch_up_request_meant_for_the_acceptor_role()
    {
        var topology = PaxosTopology.Symmetric(3);
        var learner = new Learner(0, topology, LearnerOptions.Default);
        learner.Step(new Chosen(1, 0, 0, Value("c", 1)));
        learner.GetReady();

        learner.Step(new CatchUpRequest(1, 0, 0) { ForAcceptor = true });
        Assert.Empty(learner.GetReady().Sent<CatchUpReply>());
        learner.Step(new CatchUpRequest(1, 0, 0));
        Assert.Single(learner.GetReady().Sent<CatchUpReply>());
    }

    // S-5, mixed ballots: slot 0 was chosen at (1.0) by acceptors {1,2}, then acceptor 2 re-accepted it at (2.0),
    // so the acceptors show no same-ballot quorum. The leader extends phase 1 of its own ballot to the gap and
    // re-proposes the highest-ballot value reported (P2c), giving learners a fresh quorum to count.
    [Fact]
    public void Leader_redrives_a_gap_when_the_chosen_value_is_held_under_mixed_ballots()
    {
        var v = Value("c", 1);
        var roles = new Dictionary<int, IPaxosRole>
        {
            [0] = new Proposer(0, Separate, ProposerOptions.Default),
            [1] = new Acceptor(1, Separate, AcceptorDurableState.Empty),
            [2] = new Acceptor(2, Separate, AcceptorDurableState.Empty),
            [3] = new Acceptor(3, Separate, AcceptorDurableState.Empty),
            [4] = new Learner(4, Separate, LearnerOptions.Default),
        };
        roles[1].Step(new Accept(0, 1, B(1, 0), 0, v));
        roles[2].Step(new Accept(0, 2, B(1, 0), 0, v));
        roles[2].Step(new Accept(0, 2, B(2, 0), 0, v));
        roles[1].GetReady();
        roles[2].GetReady(); // Every Accepted is lost: the learner never saw them.

        var leader = (Proposer)roles[0];
        var learner = (Learner)roles[4];
        leader.ObserveBallot(B(2, 0));
        leader.ObserveChosenBelow(1); // The leader counted slot 0 chosen before.
        leader.Campaign();
        Pump(roles);
        Assert.True(leader.IsLeader);

        learner.Step(new CatchUpRequest(4, 4, 0)); // Nothing to re-count from acceptors: ask them anyway.
        foreach (int acceptor in new[] { 1, 2, 3 })
        {
            roles[acceptor].Step(new CatchUpRequest(4, acceptor, 0) { ForAcceptor = true });
        }

        Pump(roles);
        Assert.Equal(0, learner.FirstUnchosenSlot); // (1.0) once and (2.0) once: not a quorum, not chosen.

        leader.Step(new CatchUpRequest(4, 0, 0) { ForLeader = true });
        var committed = Pump(roles);

        Assert.Equal([new ChosenEntry(0, v)], committed);
        Assert.Equal(1, learner.FirstUnchosenSlot);
        Assert.Equal(0, leader.InFlightSlots);
    }

    [Fact]
    public void Lone_learner_asks_the_proposers_after_asking_the_acceptors()
    {
        var learner = new Learner(4, Separate, LearnerOptions.Default);
        var requests = new List<CatchUpRequest>();
        for (int tick = 0; tick < 2 * LearnerOptions.Default.IdleProbeTicks; tick++)
        {
            learner.Tick();
            requests.AddRange(learner.GetReady().Sent<CatchUpRequest>());
        }

        Assert.Equal(4, requests.Count);
        Assert.All(requests.Take(3), r => Assert.True(r.ForAcceptor));
        Assert.True(requests[3].ForLeader);
        Assert.Equal(0, requests[3].To);
    }

    // S-5 re-drive under the leader's own ballot: only this leader proposes under its ballot, so for a slot it
    // already sent an Accept in, its own value is the one safe value at that ballot. A Promise is a snapshot;
    // one taken before that Accept arrived (a late or duplicated Promise of the election) can report an older
    // value, and adopting it would put two values under one (slot, ballot) — Agreement lost (§2.2, P2c).
    [Fact]
    public void Redrive_resends_the_leaders_own_value_even_when_stale_promises_report_an_older_one()
    {
        var own = Value("own", 1);
        var older = Value("older", 1);
        var leader = new Proposer(0, Separate, ProposerOptions.Default with { MaxBatchSize = 1 });
        leader.ElectWithEmptyPromises(1, 2);
        Assert.True(leader.IsLeader);
        var ballot = leader.CurrentBallot;

        leader.Propose(own.Commands[0]);
        var accepts = leader.GetReady();
        Assert.Equal(own, Assert.Single(accepts.Sent<Accept>().DistinctBy(a => a.Slot)).Value);
        leader.AcceptAll(accepts, 1, 2);
        leader.GetReady();
        Assert.Equal(1, leader.FirstUnchosenSlot);

        leader.Step(new CatchUpRequest(4, 0, 0) { ForLeader = true });
        var prepares = leader.GetReady().Sent<Prepare>();
        Assert.NotEmpty(prepares);

        // Stale election-round Promises of the same ballot: acceptor 3 still reports an older value in slot 0.
        leader.Step(new Promise(3, 0, ballot, 0, Entries(Entry(0, B(ballot.Round - 1, 2), older))));
        leader.Step(new Promise(1, 0, ballot, 0, []));
        var redriven = leader.GetReady().Sent<Accept>().Where(a => a.Slot == 0).ToList();

        Assert.NotEmpty(redriven);
        Assert.All(redriven, a => Assert.Equal(own, a.Value));
        Assert.All(redriven, a => Assert.Equal(ballot, a.Ballot));
    }

    /// <summary>Delivers every message between the roles until quiet; returns what the learner committed.</summary>
    private static List<ChosenEntry> Pump(Dictionary<int, IPaxosRole> roles)
    {
        var committed = new List<ChosenEntry>();
        for (int round = 0; round < 100; round++)
        {
            var messages = new List<PaxosMessage>();
            foreach (var (id, role) in roles)
            {
                var ready = role.GetReady();
                messages.AddRange(ready.Messages);
                if (id == 4)
                {
                    committed.AddRange(ready.CommittedEntries);
                }
            }

            if (messages.Count == 0)
            {
                break;
            }

            foreach (var message in messages.Where(m => roles.ContainsKey(m.To)))
            {
                roles[message.To].Step(message);
            }
        }

        return committed;
    }
}
