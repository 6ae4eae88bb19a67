using static PaxosAkka.Cluster.Tests.Simulation.ClusterSimulation;

namespace PaxosAkka.Cluster.Tests.Simulation;

/// <summary>
/// The scripted stories the simulation specs run (issue 4, item 4), each ending in checks that throw on a violation.
/// Five nodes join through two seeds with Akka's default timings (heartbeat 1 s, acceptable pause 3 s, split-brain
/// resolver keep-majority, stable-after 20 s), all on virtual time.
/// </summary>
internal static class ClusterScenarios
{
    public static readonly int[] All = [1, 2, 3, 4, 5];

    /// <summary>All five nodes see five members Up, and agree on the leader.</summary>
    public static void JoinAll(ClusterSimulation sim)
    {
        sim.RunUntil(() => sim.SeeAllUp(All, All), TimeSpan.FromSeconds(60), "five members Up on every node");
        var leaders = All.Select(n => sim.Node(n).State.Leader).Distinct().ToList();
        Check(leaders.Count == 1 && leaders[0] is not null, $"nodes disagree on the leader after convergence\n{sim.Describe()}");
    }

    /// <summary>Node 5 dies: the others see it unreachable, then keep-majority downs it and it is removed.</summary>
    public static void ExitNode(ClusterSimulation sim)
    {
        JoinAll(sim);
        int[] survivors = [1, 2, 3, 4];
        sim.Network.Exit(EndpointOf(5));
        var dead = AddressOf(5);
        sim.RunUntil(
            () => survivors.All(n => sim.Node(n).State.Unreachable.Any(m => m.Address == dead)),
            TimeSpan.FromSeconds(30),
            "n5 unreachable on every survivor");
        sim.RunUntil(() => sim.SeeAllUp(survivors, survivors), TimeSpan.FromSeconds(90), "n5 downed and removed, four members Up");
        foreach (var n in survivors)
        {
            CheckOrder(sim, n, "UnreachableMember n5", "MemberDowned n5", "MemberRemoved n5 (was Down)");
        }

        CheckNoResurrection(sim);
    }

    private static readonly int[] Minority = [1, 2];
    private static readonly int[] Majority = [3, 4, 5];

    /// <summary>A 2|3 partition with both seeds on the small side: the majority stays Up, the minority is downed.</summary>
    public static void Partition(ClusterSimulation sim)
    {
        JoinAll(sim);
        int[] minority = Minority;
        int[] majority = Majority;
        Cut(sim, heal: false);

        sim.RunUntil(
            () => sim.SeeAllUp(majority, majority) && minority.All(n => sim.Node(n).WhenShutdown.IsCompleted),
            TimeSpan.FromSeconds(120),
            "majority {n3, n4, n5} Up on its own and minority {n1, n2} shut down");
        foreach (var n in minority)
        {
            Check(sim.Node(n).SelfMember?.Status == MemberStatus.Down, $"n{n} ended {sim.Node(n).SelfMember?.Status}, not Down\n{sim.Describe()}");
        }

        foreach (var n in majority)
        {
            CheckOrder(sim, n, "UnreachableMember n1", "MemberDowned n1", "MemberRemoved n1 (was Down)");
        }

        CheckNoResurrection(sim);
    }

    /// <summary>
    /// A 2|3 partition healed (pass-through) before the split-brain resolver's stable-after: both sides saw the other
    /// unreachable, then everyone is reachable again and nobody was downed.
    /// </summary>
    public static void PartitionHealedBeforeStableAfter(ClusterSimulation sim)
    {
        JoinAll(sim);
        Cut(sim, heal: false);
        sim.RunUntil(
            () => Majority.All(n => sim.Node(n).State.Unreachable.Count == 2) && Minority.All(n => sim.Node(n).State.Unreachable.Count == 3),
            TimeSpan.FromSeconds(15),
            "each side sees the other unreachable");
        Cut(sim, heal: true);
        sim.RunUntil(() => sim.SeeAllUp(All, All), TimeSpan.FromSeconds(15), "all five Up and reachable again after the heal");
        Check(!sim.Trace.Any(t => t.Contains("MemberDowned", StringComparison.Ordinal)), "a member was downed although the partition healed before stable-after");
        foreach (var n in All)
        {
            CheckOrder(sim, n, $"UnreachableMember {(n <= 2 ? "n3" : "n1")}", $"ReachableMember {(n <= 2 ? "n3" : "n1")}");
        }
    }

    /// <summary>Blackholes (or heals) every link between the minority {n1, n2} and the majority {n3, n4, n5}, both ways.</summary>
    private static void Cut(ClusterSimulation sim, bool heal)
    {
        foreach (var a in Minority)
        {
            foreach (var b in Majority)
            {
                if (heal)
                {
                    sim.Network.PassThrough(EndpointOf(a), EndpointOf(b));
                }
                else
                {
                    sim.Network.Blackhole(EndpointOf(a), EndpointOf(b), Remote.Transport.FaultDirection.Both);
                }
            }
        }
    }

    /// <summary>On node <paramref name="observer"/>, the events happened in this order.</summary>
    private static void CheckOrder(ClusterSimulation sim, int observer, params string[] events)
    {
        var mine = sim.Trace.Where(t => t.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2] == $"n{observer}").ToList();
        var last = -1;
        foreach (var e in events)
        {
            var at = mine.FindIndex(last + 1, t => t.EndsWith(e, StringComparison.Ordinal));
            Check(at > last, $"n{observer} did not see '{e}' after the events before it; its trace:\n{string.Join('\n', mine)}");
            last = at;
        }
    }

    /// <summary>Safety of downing: once any node saw a member Down, no node ever reports it Up again.</summary>
    private static void CheckNoResurrection(ClusterSimulation sim)
    {
        var downed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in sim.Trace)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var (kind, member) = (parts[3], parts.Length > 4 ? parts[4] : "");
            if (kind == "MemberDowned")
            {
                downed.Add(member);
            }

            Check(!(kind == "MemberUp" && downed.Contains(member)), $"{member} reported Up after it was downed: {line}");
        }
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}
