using PaxosAkka.Consensus.Tests.Support;
using static PaxosAkka.Consensus.Tests.Support.Fixtures;

namespace PaxosAkka.Consensus.Tests;

/// <summary>
/// A compact randomized check of the core's own guarantees (the full fault simulator is PaxosAkka.Simulation):
/// duelling proposers, lost, duplicated and reordered messages and crash-restarts never break Agreement
/// (checked by <see cref="TestCluster"/> on every delivery) and, once faults stop and one proposer leads,
/// every proposed command is delivered by every learner.
/// </summary>
public class RandomizedSafetyTests
{
    [Theory]
    [InlineData(3, 0, 60)]
    [InlineData(5, 1000, 40)]
    public void Duelling_proposers_with_message_faults_and_crashes_keep_agreement_and_then_make_progress(int nodes, int firstSeed, int seeds)
    {
        for (int seed = firstSeed; seed < firstSeed + Seeds(seeds); seed++)
        {
            RunScenario(nodes, seed);
        }
    }

    [Fact]
    public void Separated_roles_with_proposer_only_nodes_keep_agreement_under_faults()
    {
        var topology = new PaxosTopology([0, 1], [2, 3, 4], [0, 1, 2, 5], QuorumConfig.Majority([2, 3, 4]));
        for (int seed = 0; seed < Seeds(40); seed++)
        {
            RunScenario(topology, seed);
        }
    }

    [Fact]
    public void Flexible_quorums_keep_agreement_under_faults()
    {
        var topology = PaxosTopology.Symmetric(QuorumConfig.Flexible([0, 1, 2, 3, 4], 4, 2));
        for (int seed = 0; seed < Seeds(40); seed++)
        {
            RunScenario(topology, seed);
        }
    }

    /// <summary>PAXOS_CONSENSUS_SEEDS=5000 runs a longer search locally; CI keeps the quick default.</summary>
    private static int Seeds(int quick) =>
        int.TryParse(Environment.GetEnvironmentVariable("PAXOS_CONSENSUS_SEEDS"), out int longRun) && longRun > quick ? longRun : quick;

    private static string Describe(TestCluster cluster, int leader)
    {
        var lines = new List<string> { $"leader={leader}" };
        foreach (var (id, node) in cluster.Nodes)
        {
            var p = node.Proposer;
            lines.Add($"n{id}: lead={p?.IsLeader} camp={p?.IsCampaigning} ballot={p?.CurrentBallot} seen={p?.HighestSeenBallot} first={p?.FirstUnchosenSlot} inflight={p?.InFlightSlots} pending={p?.PendingCommands} promised={node.Acceptor?.Promised} learnerNext={node.Learner?.FirstUnchosenSlot} delivered={cluster.Delivered[id].Count}");
        }

        lines.Add("events: " + string.Join(", ", cluster.Events.TakeLast(8)));
        return string.Join("\n", lines);
    }

    /// <summary>
    /// Proof that the check above can fail: with acceptors that forget their promises and votes on restart,
    /// the same fault schedule produces an Agreement violation within a bounded number of seeds.
    /// </summary>
    [Fact]
    public void Agreement_check_catches_acceptors_that_forget_their_state_on_restart()
    {
        int? caught = null;
        for (int seed = 0; seed < 100 && caught is null; seed++)
        {
            var random = new Random(seed);
            var cluster = new TestCluster(Three, seed, new ProposerOptions { PipelineWindow = 4, MaxBatchSize = 3, RetransmitTicks = 2 })
            {
                DropRate = 0.15,
                DuplicateRate = 0.1,
                Reorder = true,
                ForgetDiskOnRestart = true,
            };
            long sequence = 0;
            try
            {
                RunFaults(cluster, random, [], ref sequence);
            }
            catch (InvalidOperationException e) when (e.Message.StartsWith("Agreement violated", StringComparison.Ordinal))
            {
                caught = seed;
            }
        }

        Assert.NotNull(caught);
    }

    private static void RunFaults(TestCluster cluster, Random random, HashSet<CommandId> proposed, ref long sequence)
    {
        var ids = cluster.Topology.AllNodes;
        var proposers = cluster.Topology.Proposers;
        int steps = int.TryParse(Environment.GetEnvironmentVariable("PAXOS_CONSENSUS_STEPS"), out int longer) && longer > 150 ? longer : 150;
        for (int step = 0; step < steps; step++)
        {
            int node = ids[random.Next(ids.Length)];
            int proposer = proposers[random.Next(proposers.Length)];
            switch (random.Next(10))
            {
                case 0:
                    cluster.Campaign(proposer);
                    break;
                case 1 when random.Next(3) == 0:
                    cluster.Restart(node);
                    break;
                case 2 or 3:
                    var command = Cmd("client", ++sequence);
                    proposed.Add(command.Id);
                    cluster.Propose(proposer, command);
                    break;
                case 4:
                    cluster.Tick();
                    break;
                case 6 when random.Next(4) == 0:
                    // A snapshot point: every node snapshots what all learners delivered; acceptors compact below it.
                    cluster.SnapshotAll();
                    break;
                case 5 when random.Next(4) == 0:
                    // Partition a random minority or majority away, or heal; pause or resume a node.
                    if (cluster.PartitionSide.Count > 0)
                    {
                        cluster.PartitionSide.Clear();
                    }
                    else
                    {
                        cluster.PartitionSide.UnionWith(ids.Where(_ => random.Next(2) == 0));
                    }

                    if (!cluster.Down.Remove(node) && random.Next(2) == 0)
                    {
                        cluster.Down.Add(node);
                    }

                    break;
                default:
                    cluster.Run(random.Next(1, 20));
                    break;
            }
        }
    }

    private static void RunScenario(int nodes, int seed) => RunScenario(PaxosTopology.Symmetric(nodes), seed);

    internal static void RunScenario(PaxosTopology topology, int seed, AcceptorOptions? acceptorOptions = null)
    {
        var random = new Random(seed);
        var options = new ProposerOptions { PipelineWindow = 4, MaxBatchSize = 3, RetransmitTicks = 2 };
        var cluster = new TestCluster(topology, seed, options, new LearnerOptions { CatchUpTicks = 2 }, acceptorOptions)
        {
            DropRate = 0.15,
            DuplicateRate = 0.1,
            Reorder = true,
        };
        var ids = topology.AllNodes;
        var proposed = new HashSet<CommandId>();
        long sequence = 0;

        try
        {
            RunFaults(cluster, random, proposed, ref sequence);

            // Faults stop; one proposer campaigns; everything it is given must reach every learner.
            cluster.DropRate = 0;
            cluster.DuplicateRate = 0;
            cluster.PartitionSide.Clear();
            cluster.Down.Clear();
            int leader = topology.Proposers[random.Next(topology.Proposers.Length)];
            // The election's and the client's part: campaign again whenever a stale rival's higher ballot
            // preempts the chosen leader, and retry (same command id) whatever it rejected.
            var final = Enumerable.Range(1, 5).Select(_ => Cmd("client", ++sequence)).ToList();
            var unsent = new Queue<Command>(final);
            int seenEvents = cluster.Events.Count;
            bool AllDelivered()
            {
                foreach (var (_, e) in cluster.Events.Skip(seenEvents))
                {
                    if (e is ProposalRejected rejected && final.FirstOrDefault(c => c.Id == rejected.CommandId) is { } retry)
                    {
                        unsent.Enqueue(retry);
                    }
                }

                seenEvents = cluster.Events.Count;
                var proposer = cluster.Nodes[leader].Proposer!;
                if (!proposer.IsLeader && !proposer.IsCampaigning)
                {
                    cluster.Campaign(leader);
                }

                while (proposer.IsLeader && unsent.TryDequeue(out var command))
                {
                    cluster.Propose(leader, command);
                }

                return topology.Learners.All(id => final.All(c => cluster.Delivered[id].Any(e => e.Value.Commands.Contains(c))));
            }

            Assert.True(cluster.RunUntil(AllDelivered, maxTicks: 400), $"seed {seed}: final commands not delivered everywhere. unsent={unsent.Count} missing={string.Join(",", final.Where(c => !cluster.Delivered[leader].Any(e => e.Value.Commands.Contains(c))).Select(c => c.Id))} log={string.Join(" ", cluster.Delivered[leader].Select(e => e.Slot + ":" + e.Value))}\n" + string.Join("\n", cluster.Events.Select(e => e.ToString())) + Describe(cluster, leader));

            // Validity: only proposed commands (or no-ops) were chosen.
            foreach (var value in cluster.Log.Values)
            {
                Assert.All(value.Commands, c => Assert.True(proposed.Contains(c.Id) || final.Contains(c), $"seed {seed}: invented {c}"));
            }
        }
        catch (InvalidOperationException e)
        {
            Assert.Fail($"seed {seed}: {e.Message}");
        }
    }
}
