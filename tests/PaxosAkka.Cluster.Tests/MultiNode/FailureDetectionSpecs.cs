using System.Diagnostics;
using Xunit.Abstractions;
using static PaxosAkka.Cluster.ClusterEvent;

namespace PaxosAkka.Cluster.Tests.MultiNode;

/// <summary>Failure detection and role leadership on real nodes.</summary>
[Collection(ClusterNodes.Collection)]
public class FailureDetectionSpecs(ITestOutputHelper output)
{
    /// <summary>Akka's defaults, as in reference.conf, instead of the shortened spec timings.</summary>
    private const string DefaultDetector = """
        paxos.cluster.unreachable-nodes-reaper-interval = 1s
        paxos.cluster.failure-detector { heartbeat-interval = 1s, acceptable-heartbeat-pause = 3s, expected-response-after = 1s }
        """;

    [Fact]
    public async Task Default_detector_settings_report_a_killed_node_unreachable()
    {
        await using var nodes = new ClusterNodes();
        var survivor = await nodes.StartAsync(extra: DefaultDetector);
        var victim = await nodes.StartAsync(extra: DefaultDetector);
        survivor.Join(survivor.SelfAddress);
        victim.Join(survivor.SelfAddress);
        Cluster[] both = [survivor, victim];
        await ClusterNodes.AwaitMembersUpAsync(both, both);

        var (collector, events) = EventCollector.Start(survivor.System, "events");
        survivor.Subscribe(collector, SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(UnreachableMember));
        await EventCollector.ExpectAsync<CurrentClusterState>(events, _ => true);

        var clock = Stopwatch.StartNew();
        await ClusterNodes.KillAsync(victim);
        var unreachable = await EventCollector.ExpectAsync<UnreachableMember>(events, _ => true);
        Assert.Equal(victim.SelfUniqueAddress, unreachable.Member.UniqueAddress);

        // Reported, not asserted: the expected figure is 4.5 s (phi 8 at mean + pause + 5.2 deviations) plus up to one
        // heartbeat interval and one reaper interval.
        output.WriteLine($"death -> UnreachableMember with default settings: {clock.Elapsed.TotalSeconds:F2} s");
    }

    [Fact]
    public async Task Role_leader_changes_are_published_to_subscribers()
    {
        await using var nodes = new ClusterNodes();
        var plain = await nodes.StartAsync();
        var acceptor = await nodes.StartAsync(extra: "paxos.cluster.roles = [acceptor]");
        plain.Join(plain.SelfAddress);
        await plain.WhenUp.WaitAsync(ClusterNodes.Patience);

        var (collector, events) = EventCollector.Start(plain.System, "events");
        plain.Subscribe(collector, SubscriptionInitialStateMode.InitialStateAsEvents, typeof(RoleLeaderChanged), typeof(LeaderChanged));
        var leader = await EventCollector.ExpectAsync<LeaderChanged>(events, _ => true);
        Assert.Equal(plain.SelfAddress, leader.Leader);

        acceptor.Join(plain.SelfAddress);
        var roleLeader = await EventCollector.ExpectAsync<RoleLeaderChanged>(events, e => e.Role == "acceptor");
        Assert.Equal(acceptor.SelfAddress, roleLeader.Leader);
        await ClusterNodes.AwaitAsync(() => acceptor.SelfMember?.Roles.Contains("acceptor") == true, "the acceptor to see its own role");
    }
}
