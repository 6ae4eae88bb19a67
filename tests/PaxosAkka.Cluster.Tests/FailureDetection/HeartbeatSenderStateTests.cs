using PaxosAkka.Cluster.FailureDetection;
using static PaxosAkka.Cluster.Tests.TestNodes;

namespace PaxosAkka.Cluster.Tests.FailureDetection;

public class HeartbeatSenderStateTests
{
    private static readonly TimeSpan ExpectedResponseAfter = TimeSpan.FromSeconds(1);

    private static HeartbeatSenderState Empty(int monitoredBy = 3) => new(
        new HeartbeatNodeRing(Node(1), [], [], monitoredBy),
        new FailureDetectorRegistry<UniqueAddress>(new PhiAccrualFailureDetectorSettings()),
        ExpectedResponseAfter);

    [Fact]
    public void Empty_state_has_no_receivers()
    {
        Assert.Empty(Empty().ActiveReceivers);
        Assert.True(Empty().Contains(Node(1)));
    }

    [Fact]
    public void Added_members_become_receivers()
    {
        var state = Empty().AddMember(Node(2), TimeSpan.Zero).AddMember(Node(3), TimeSpan.Zero);
        Assert.Equal(new[] { Node(2), Node(3) }.ToHashSet(), state.ActiveReceivers.ToHashSet());
    }

    [Fact]
    public void Responses_feed_the_failure_detector_only_for_active_receivers()
    {
        var state = Empty().Init([Node(2)], [], TimeSpan.Zero)
            .HeartbeatResponse(Node(2), TimeSpan.Zero)
            .HeartbeatResponse(Node(9), TimeSpan.Zero);
        Assert.True(state.FailureDetector.IsMonitoring(Node(2)));
        Assert.False(state.FailureDetector.IsMonitoring(Node(9)));
    }

    [Fact]
    public void Silent_receiver_becomes_unavailable()
    {
        var state = Empty().Init([Node(2)], [], TimeSpan.Zero);
        for (var i = 0; i < 10; i++)
        {
            state = state.HeartbeatResponse(Node(2), TimeSpan.FromSeconds(i));
        }

        Assert.True(state.IsAvailable(Node(2), TimeSpan.FromSeconds(10)));
        Assert.False(state.IsAvailable(Node(2), TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Receiver_that_never_answers_is_monitored_after_expected_response_after()
    {
        var state = Empty().Init([Node(2)], [], TimeSpan.Zero).OnHeartbeatSent(TimeSpan.Zero);
        Assert.False(state.FailureDetector.IsMonitoring(Node(2)));
        Assert.True(state.FirstResponseDeadlines.ContainsKey(Node(2)));

        state = state.OnHeartbeatSent(TimeSpan.FromMilliseconds(500));
        Assert.False(state.FailureDetector.IsMonitoring(Node(2)));

        state = state.OnHeartbeatSent(TimeSpan.FromSeconds(1));
        Assert.True(state.FailureDetector.IsMonitoring(Node(2)));
        Assert.False(state.IsAvailable(Node(2), TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Removed_member_is_no_longer_heartbeated_or_monitored()
    {
        var state = Empty().Init([Node(2), Node(3)], [], TimeSpan.Zero).HeartbeatResponse(Node(2), TimeSpan.Zero);
        state = state.RemoveMember(Node(2), TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(Node(2), state.ActiveReceivers);
        Assert.False(state.FailureDetector.IsMonitoring(Node(2)));
    }

    [Fact]
    public void Unreachable_receiver_dropped_from_ring_is_still_heartbeated_until_it_answers()
    {
        // With monitored-by 1, node 1 heartbeats exactly one node; let it fall silent.
        var nodes = Enumerable.Range(2, 5).Select(i => Node(i)).ToArray();
        var state = Empty(monitoredBy: 1).Init(nodes, [], TimeSpan.Zero);
        var first = Assert.Single(state.ActiveReceivers);
        state = state.HeartbeatResponse(first, TimeSpan.Zero).HeartbeatResponse(first, TimeSpan.FromSeconds(1));
        var late = TimeSpan.FromSeconds(60);
        Assert.False(state.IsAvailable(first, late));

        // A node joins between us and the silent receiver: the ring now selects the newcomer only,
        // but the silent receiver stays an (old) receiver so that its return is noticed.
        var newcomer = NodeBetween(state.Ring, first);
        state = state.AddMember(newcomer, late);
        Assert.Equal([newcomer], state.Ring.MyReceivers);
        Assert.Equal([first], state.OldReceiversNowUnreachable);
        Assert.Equal(new[] { newcomer, first }.ToHashSet(), state.ActiveReceivers.ToHashSet());

        // When it answers again it is dropped, detector and all.
        var back = state.HeartbeatResponse(first, late + TimeSpan.FromSeconds(1));
        Assert.Empty(back.OldReceiversNowUnreachable);
        Assert.Equal([newcomer], back.ActiveReceivers);
        Assert.False(back.FailureDetector.IsMonitoring(first));
    }

    [Fact]
    public void Healthy_receiver_dropped_from_ring_is_forgotten()
    {
        var nodes = Enumerable.Range(2, 5).Select(i => Node(i)).ToArray();
        var state = Empty(monitoredBy: 1).Init(nodes, [], TimeSpan.Zero);
        var first = Assert.Single(state.ActiveReceivers);
        state = state.HeartbeatResponse(first, TimeSpan.Zero);

        var newcomer = NodeBetween(state.Ring, first);
        state = state.AddMember(newcomer, TimeSpan.FromSeconds(1));

        Assert.Equal([newcomer], state.ActiveReceivers);
        Assert.Empty(state.OldReceiversNowUnreachable);
        Assert.False(state.FailureDetector.IsMonitoring(first));
    }

    /// <summary>Finds a node that lands on the ring between self and <paramref name="receiver"/>.</summary>
    private static UniqueAddress NodeBetween(HeartbeatNodeRing ring, UniqueAddress receiver)
    {
        for (var n = 100; n < 10_000; n++)
        {
            var candidate = Node(n);
            if (ring.Add(candidate).MyReceivers.Contains(candidate) && !ring.Add(candidate).MyReceivers.Contains(receiver))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("no node hashes between self and the receiver");
    }
}
