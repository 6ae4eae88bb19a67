using PaxosAkka.Consensus.Tests.Support;
using static PaxosAkka.Consensus.PaxosProtocol;
using static PaxosAkka.Consensus.Tests.Support.Fixtures;

namespace PaxosAkka.Consensus.Tests;

/// <summary>The node (RawNode analogue) and small whole-cluster scenarios over the in-memory test network.</summary>
public class PaxosNodeTests
{
    [Fact]
    public void Node_hosts_the_roles_its_id_has()
    {
        var topology = new PaxosTopology([0], [0, 1, 2], [0, 3], QuorumConfig.Majority([0, 1, 2]));

        var full = new PaxosNode(0, topology);
        var acceptorOnly = new PaxosNode(1, topology);
        var learnerOnly = new PaxosNode(3, topology);

        Assert.NotNull(full.Proposer);
        Assert.NotNull(full.Acceptor);
        Assert.NotNull(full.Learner);
        Assert.Null(acceptorOnly.Proposer);
        Assert.Null(learnerOnly.Acceptor);
        Assert.Throws<InvalidOperationException>(() => acceptorOnly.Campaign());
        Assert.Throws<ArgumentException>(() => new PaxosNode(9, topology));
    }

    [Fact]
    public void Node_delivers_self_addressed_messages_locally_and_persists_its_own_promise()
    {
        var node = new PaxosNode(0, Three);
        node.Campaign();
        var ready = node.GetReady();

        Assert.DoesNotContain(ready.Messages, m => m.To == 0);
        Assert.Equal([1, 2], ready.Sent<Prepare>().Select(p => p.To).Order());
        Assert.Equal(node.Proposer!.CurrentBallot, ready.PromiseToPersist); // promised before any Prepare leaves
    }

    [Fact]
    public void Node_ignores_messages_for_other_nodes()
    {
        var node = new PaxosNode(0, Three);
        node.Step(new Prepare(1, 2, B(1, 1), 0));
        Assert.False(node.HasReady);
    }

    [Fact]
    public void Cluster_chooses_and_delivers_commands_on_every_learner()
    {
        var cluster = new TestCluster(Three);
        cluster.Campaign(0);
        cluster.Run();
        for (int i = 1; i <= 5; i++)
        {
            cluster.Propose(0, Cmd("c", i));
        }

        Assert.True(cluster.RunUntil(() => cluster.Delivered.Values.All(d => d.Sum(e => e.Value.Commands.Length) == 5)));
        Assert.All(cluster.Delivered.Values, d => Assert.Equal(cluster.Delivered[0], d));
    }

    // A restarted node must never reuse a ballot with a different value: its proposer outbids what its
    // acceptor durably promised, which includes its own last ballot (Paxos Made Simple §2.3).
    [Fact]
    public void Restarted_node_never_reuses_a_ballot()
    {
        var cluster = new TestCluster(Three);
        cluster.Campaign(0);
        var before = cluster.Nodes[0].Proposer!.CurrentBallot;
        cluster.DropAll(_ => true); // its Prepares never arrive; only the local promise exists, on disk

        cluster.Restart(0);
        cluster.Campaign(0);

        Assert.True(cluster.Nodes[0].Proposer!.CurrentBallot > before);
    }

    [Fact]
    public void New_leader_preserves_values_chosen_by_the_old_leader()
    {
        var cluster = new TestCluster(Three);
        cluster.Campaign(0);
        cluster.Run();
        cluster.Propose(0, Cmd("a", 1));
        cluster.Propose(0, Cmd("a", 2));
        cluster.Nodes[0].Propose(Cmd("a", 3));

        // Slot 0 is chosen everywhere; the Accepts for the rest reach only acceptor 1, then node 0 dies.
        cluster.Run();
        cluster.Nodes[0].Propose(Cmd("a", 4));
        cluster.Pump(0);
        cluster.DropAll(m => m.To != 1);
        cluster.Run();
        cluster.Down.Add(0);

        cluster.Campaign(2);
        Assert.True(cluster.RunUntil(() => cluster.Delivered[2].Count >= 2 && cluster.Nodes[2].IsLeader && cluster.NetworkSize == 0));
        var delivered = cluster.Delivered[2].SelectMany(e => e.Value.Commands).Select(c => c.Id.Sequence).ToList();
        Assert.Equal([1L, 2L, 3L, 4L], delivered.Order());
    }

    [Fact]
    public void Leader_whose_accepts_are_partly_lost_still_gets_its_commands_chosen()
    {
        var cluster = new TestCluster(Five, seed: 3) { DropRate = 0.3 };
        cluster.Campaign(0);
        Assert.True(cluster.RunUntil(() => cluster.Nodes[0].IsLeader));
        for (int i = 1; i <= 20; i++)
        {
            cluster.Propose(0, Cmd("c", i));
        }

        Assert.True(cluster.RunUntil(() => cluster.Delivered.Values.All(d => d.Sum(e => e.Value.Commands.Length) == 20), maxTicks: 2_000));
    }

    [Fact]
    public void Restarted_acceptor_with_recovered_state_keeps_the_log_consistent()
    {
        var cluster = new TestCluster(Three, seed: 5);
        cluster.Campaign(1);
        cluster.Run();
        cluster.Propose(1, Cmd("c", 1));
        cluster.Run();
        cluster.Restart(2);
        cluster.Restart(0);
        cluster.Propose(1, Cmd("c", 2));

        Assert.True(cluster.RunUntil(() => cluster.Delivered.Values.All(d => d.Sum(e => e.Value.Commands.Length) == 2)));
        Assert.Equal(cluster.Disk(2).Promised, cluster.Nodes[2].Acceptor!.Promised);
    }

    [Fact]
    public void Single_node_cluster_chooses_on_its_own_within_one_ready()
    {
        var node = new PaxosNode(0, PaxosTopology.Symmetric(1));
        node.Campaign();
        for (int i = 1; i <= 300; i++)
        {
            node.Propose(Cmd("c", i));
        }

        var committed = new List<ChosenEntry>();
        var persisted = AcceptorDurableState.Empty;
        while (node.HasReady)
        {
            var ready = node.GetReady();
            persisted = persisted.Apply(ready);
            Assert.Empty(ready.Messages); // nobody else to talk to
            committed.AddRange(ready.CommittedEntries);
            node.Advance(ready);
        }

        Assert.True(node.IsLeader);
        Assert.Equal(300, committed.Sum(e => e.Value.Commands.Length));
        Assert.Equal(committed.Count, persisted.Accepted.Count);
    }

    [Fact]
    public void New_leader_with_a_lagging_log_never_proposes_into_compacted_slots()
    {
        var cluster = new TestCluster(Three);
        cluster.Campaign(0);
        cluster.Run();
        for (int i = 1; i <= 5; i++)
        {
            cluster.Propose(0, Cmd("c", i));
            cluster.Run();
        }

        foreach (int id in new[] { 0, 1, 2 })
        {
            cluster.Compact(id, 5);
        }

        // Node 2 restarts with an empty log; its Promise quorum says slots below 5 are compacted (chosen).
        cluster.Restart(2);
        var accepts = new List<PaxosProtocol.Accept>();
        cluster.OnDeliver = m =>
        {
            if (m is PaxosProtocol.Accept a)
            {
                accepts.Add(a);
            }
        };
        cluster.Campaign(2);
        Assert.True(cluster.RunUntil(() => cluster.Nodes[2].IsLeader));
        cluster.Propose(2, Cmd("c", 6));

        Assert.True(cluster.RunUntil(() => cluster.Delivered[2].Count == 6));
        Assert.All(accepts, a => Assert.True(a.Slot >= 5, $"Accept for compacted slot {a.Slot}"));
        Assert.Equal(Enumerable.Range(1, 6).Select(i => (long)i), cluster.Delivered[2].SelectMany(e => e.Value.Commands).Select(c => c.Id.Sequence));
    }

    // A restarted proposer must never reuse a ballot: with no acceptor of its own, the node persists its
    // ballot through Ready.PromiseToPersist before the Prepares leave (Paxos Made Simple §2.3, stable storage).
    [Fact]
    public void Proposer_only_node_persists_its_ballot_before_sending_prepares()
    {
        var topology = new PaxosTopology([0, 9], [0, 1, 2], [0, 1, 2], QuorumConfig.Majority([0, 1, 2]));
        var node = new PaxosNode(9, topology);
        node.Campaign();
        var ready = node.GetReady();

        Assert.Equal(node.Proposer!.CurrentBallot, ready.PromiseToPersist);
        Assert.Equal(3, ready.Sent<Prepare>().Count);
        var disk = AcceptorDurableState.Empty.Apply(ready);

        var restarted = new PaxosNode(9, topology, ProposerOptions.Default, LearnerOptions.Default, disk);
        restarted.Campaign();
        Assert.True(restarted.Proposer!.CurrentBallot > node.Proposer.CurrentBallot);
        Assert.False(restarted.GetReady().PromiseToPersist is null);
    }
}
