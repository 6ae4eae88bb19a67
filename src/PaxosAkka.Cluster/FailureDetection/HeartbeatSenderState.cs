using System.Collections.Immutable;

namespace PaxosAkka.Cluster.FailureDetection;

/// <summary>
/// Everything the heartbeat sender knows, as one immutable value (Akka's <c>ClusterHeartbeatSenderState</c>): the
/// ring that says whom to heartbeat, receivers that dropped out of the ring while unreachable (still heartbeated so
/// their return is noticed), the failure detectors fed by heartbeat responses, and receivers that have not answered
/// their first heartbeat yet.
/// </summary>
public sealed record HeartbeatSenderState
{
    public HeartbeatSenderState(HeartbeatNodeRing ring, FailureDetectorRegistry<UniqueAddress> failureDetector, TimeSpan expectedResponseAfter)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(failureDetector);
        ArgumentOutOfRangeException.ThrowIfLessThan(expectedResponseAfter, TimeSpan.Zero);
        Ring = ring;
        FailureDetector = failureDetector;
        ExpectedResponseAfter = expectedResponseAfter;
    }

    public HeartbeatNodeRing Ring { get; private init; }

    public FailureDetectorRegistry<UniqueAddress> FailureDetector { get; private init; }

    /// <summary>How long a new receiver may take to answer its first heartbeat before its detector starts anyway.</summary>
    public TimeSpan ExpectedResponseAfter { get; }

    /// <summary>Former receivers that were unreachable when the ring stopped selecting them.</summary>
    public ImmutableHashSet<UniqueAddress> OldReceiversNowUnreachable { get; private init; } = [];

    /// <summary>Receivers awaiting their first response, with the time by which it was expected.</summary>
    public ImmutableDictionary<UniqueAddress, TimeSpan> FirstResponseDeadlines { get; private init; } =
        ImmutableDictionary<UniqueAddress, TimeSpan>.Empty;

    public UniqueAddress Self => Ring.Self;

    /// <summary>Whom to send a heartbeat to on every tick.</summary>
    public ImmutableHashSet<UniqueAddress> ActiveReceivers => Ring.MyReceivers.Union(OldReceiversNowUnreachable);

    public bool Contains(UniqueAddress node) => Ring.Nodes.Contains(node);

    /// <summary>Starts over from a membership snapshot (on start-up, or after a gossip that was missed).</summary>
    public HeartbeatSenderState Init(IEnumerable<UniqueAddress> nodes, IEnumerable<UniqueAddress> unreachable, TimeSpan now) =>
        MembershipChange(new HeartbeatNodeRing(Self, nodes, unreachable, Ring.MonitoredByNrOfMembers), now);

    public HeartbeatSenderState AddMember(UniqueAddress node, TimeSpan now) => MembershipChange(Ring.Add(node), now);

    public HeartbeatSenderState RemoveMember(UniqueAddress node, TimeSpan now)
    {
        var changed = MembershipChange(Ring.Remove(node), now);
        return changed with
        {
            FailureDetector = changed.FailureDetector.Remove(node),
            OldReceiversNowUnreachable = changed.OldReceiversNowUnreachable.Remove(node),
            FirstResponseDeadlines = changed.FirstResponseDeadlines.Remove(node),
        };
    }

    public HeartbeatSenderState UnreachableMember(UniqueAddress node, TimeSpan now) =>
        MembershipChange(Ring.WithUnreachable(Ring.Unreachable.Add(node)), now);

    public HeartbeatSenderState ReachableMember(UniqueAddress node, TimeSpan now) =>
        MembershipChange(Ring.WithUnreachable(Ring.Unreachable.Remove(node)), now);

    /// <summary>
    /// Called when heartbeats go out: receivers that were never heard from get a deadline, and those whose deadline
    /// passed get their detector started, so a node that never answers at all still becomes unreachable.
    /// </summary>
    public HeartbeatSenderState OnHeartbeatSent(TimeSpan now)
    {
        var deadlines = FirstResponseDeadlines;
        var detector = FailureDetector;
        foreach (var receiver in ActiveReceivers)
        {
            if (detector.IsMonitoring(receiver))
            {
                continue;
            }

            if (!deadlines.TryGetValue(receiver, out var deadline))
            {
                deadlines = deadlines.SetItem(receiver, now + ExpectedResponseAfter);
            }
            else if (deadline <= now)
            {
                detector = detector.Heartbeat(receiver, now);
                deadlines = deadlines.Remove(receiver);
            }
        }

        return this with { FirstResponseDeadlines = deadlines, FailureDetector = detector };
    }

    /// <summary>A heartbeat response arrived; responses from nodes we do not heartbeat are ignored.</summary>
    public HeartbeatSenderState HeartbeatResponse(UniqueAddress from, TimeSpan now)
    {
        if (!ActiveReceivers.Contains(from))
        {
            return this;
        }

        var detector = FailureDetector.Heartbeat(from, now);
        var state = this with { FailureDetector = detector, FirstResponseDeadlines = FirstResponseDeadlines.Remove(from) };
        if (!OldReceiversNowUnreachable.Contains(from))
        {
            return state;
        }

        // Back from unreachable: it no longer needs heartbeats unless the ring still selects it.
        return state with
        {
            OldReceiversNowUnreachable = OldReceiversNowUnreachable.Remove(from),
            FailureDetector = Ring.MyReceivers.Contains(from) ? detector : detector.Remove(from),
        };
    }

    /// <summary>True unless the failure detector suspects the node at <paramref name="now"/>.</summary>
    public bool IsAvailable(UniqueAddress node, TimeSpan now) => FailureDetector.IsAvailable(node, now);

    /// <summary>
    /// Receivers that leave the ring are forgotten when healthy, but kept (as old receivers) while unreachable:
    /// otherwise nobody might observe them becoming reachable again.
    /// </summary>
    private HeartbeatSenderState MembershipChange(HeartbeatNodeRing newRing, TimeSpan now)
    {
        var removedReceivers = Ring.MyReceivers.Except(newRing.MyReceivers);
        var detector = FailureDetector;
        var oldUnreachable = OldReceiversNowUnreachable;
        var deadlines = FirstResponseDeadlines;
        foreach (var receiver in removedReceivers)
        {
            if (detector.IsAvailable(receiver, now))
            {
                detector = detector.Remove(receiver);
                deadlines = deadlines.Remove(receiver);
            }
            else
            {
                oldUnreachable = oldUnreachable.Add(receiver);
            }
        }

        return this with
        {
            Ring = newRing,
            FailureDetector = detector,
            OldReceiversNowUnreachable = oldUnreachable,
            FirstResponseDeadlines = deadlines,
        };
    }
}
