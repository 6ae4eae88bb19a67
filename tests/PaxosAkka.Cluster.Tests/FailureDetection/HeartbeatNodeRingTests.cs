using PaxosAkka.Cluster.FailureDetection;
using static PaxosAkka.Cluster.Tests.TestNodes;

namespace PaxosAkka.Cluster.Tests.FailureDetection;

public class HeartbeatNodeRingTests
{
    private static readonly UniqueAddress[] Nodes = [.. Enumerable.Range(1, 20).Select(i => Node(i))];

    private static HeartbeatNodeRing Ring(UniqueAddress self, int monitoredBy, params UniqueAddress[] unreachable) =>
        new(self, Nodes, unreachable, monitoredBy);

    [Fact]
    public void Every_node_monitors_exactly_monitored_by_nr_of_members_others()
    {
        var ring = Ring(Nodes[0], 9);
        foreach (var node in Nodes)
        {
            var receivers = ring.Receivers(node);
            Assert.Equal(9, receivers.Count);
            Assert.DoesNotContain(node, receivers);
        }
    }

    [Fact]
    public void Every_node_is_monitored_by_exactly_monitored_by_nr_of_members_others()
    {
        var ring = Ring(Nodes[0], 9);
        var monitors = Nodes.ToDictionary(n => n, _ => 0);
        foreach (var node in Nodes)
        {
            foreach (var receiver in ring.Receivers(node))
            {
                monitors[receiver]++;
            }
        }

        Assert.All(monitors.Values, count => Assert.Equal(9, count));
    }

    [Fact]
    public void Small_cluster_monitors_everyone_else()
    {
        var few = Nodes.Take(5).ToArray();
        var ring = new HeartbeatNodeRing(few[2], few, [], 9);
        Assert.Equal(few.Where(n => n != few[2]).ToHashSet(), ring.MyReceivers.ToHashSet());
    }

    [Fact]
    public void Every_node_computes_the_same_ring()
    {
        // The ring must not depend on who computes it or on the per-process randomised string hash.
        var fromFirst = Ring(Nodes[0], 3);
        var fromLast = new HeartbeatNodeRing(Nodes[^1], Nodes.Reverse(), [], 3);
        Assert.Equal(fromFirst.Nodes, fromLast.Nodes);
        Assert.Equal(fromFirst.Receivers(Nodes[7]).ToHashSet(), fromLast.Receivers(Nodes[7]).ToHashSet());
        Assert.Equal(fromFirst.Receivers(Nodes[7]).ToHashSet(), fromLast.WithUnreachable([]).Receivers(Nodes[7]).ToHashSet());
    }

    [Fact]
    public void Receivers_are_the_next_nodes_clockwise_on_the_ring()
    {
        var ring = Ring(Nodes[0], 3);
        var ordered = ring.Nodes.ToList();
        var index = ordered.IndexOf(Nodes[0]);
        var expected = Enumerable.Range(1, 3).Select(k => ordered[(index + k) % ordered.Count]).ToHashSet();
        Assert.Equal(expected, ring.MyReceivers.ToHashSet());
    }

    [Fact]
    public void Unreachable_receivers_are_kept_and_one_more_reachable_node_is_added()
    {
        var healthy = Ring(Nodes[0], 3);
        var ordered = healthy.Nodes.ToList();
        var index = ordered.IndexOf(Nodes[0]);
        var next = Enumerable.Range(1, 5).Select(k => ordered[(index + k) % ordered.Count]).ToList();

        var ring = Ring(Nodes[0], 3, next[0]);

        // next[0] is unreachable: still heartbeated (to see it come back), plus three reachable ones.
        Assert.Equal(new[] { next[0], next[1], next[2], next[3] }.ToHashSet(), ring.MyReceivers.ToHashSet());
    }

    [Fact]
    public void Extra_unreachable_receivers_are_bounded_by_monitored_by_nr_of_members()
    {
        var healthy = Ring(Nodes[0], 3);
        var ordered = healthy.Nodes.ToList();
        var index = ordered.IndexOf(Nodes[0]);
        var next = Enumerable.Range(1, 10).Select(k => ordered[(index + k) % ordered.Count]).ToList();

        var ring = Ring(Nodes[0], 3, next[0], next[1], next[2], next[3], next[4]);

        // Three unreachable nodes fill the bound; further unreachable ones are skipped; three reachable are added.
        Assert.Equal(new[] { next[0], next[1], next[2], next[5], next[6], next[7] }.ToHashSet(), ring.MyReceivers.ToHashSet());
    }

    [Fact]
    public void Adding_and_removing_nodes_updates_receivers()
    {
        var three = new HeartbeatNodeRing(Node(1), [Node(2)], [], 9);
        Assert.Equal([Node(2)], three.MyReceivers);
        var added = three.Add(Node(3));
        Assert.Equal(new[] { Node(2), Node(3) }.ToHashSet(), added.MyReceivers.ToHashSet());
        Assert.Equal([Node(3)], added.Remove(Node(2)).MyReceivers);
        Assert.Same(added, added.Remove(Node(1)));
    }

    [Fact]
    public void Stable_hash_is_fixed_across_processes()
    {
        // FNV-1a of "paxos.tcp://paxos@127.0.0.1:2551#1001"; a change here reshuffles every running cluster's ring.
        var expected = Fnv1a("paxos.tcp://paxos@127.0.0.1:2551#1001");
        Assert.Equal(expected, HeartbeatNodeRing.RingOrder.StableHash(Node(1)));
    }

    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}
