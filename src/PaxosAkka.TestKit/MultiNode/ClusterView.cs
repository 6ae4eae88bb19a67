using PaxosAkka.Cluster;

namespace PaxosAkka.TestKit.MultiNode;

/// <summary>One member as a node sees it.</summary>
public sealed record MemberView(NodeAddress Address, long Uid, MemberStatus Status);

/// <summary>
/// A node's view of the cluster at one moment, in a form that crosses the child-process boundary
/// (see <see cref="NodeControlProtocol"/>); the cluster helpers of <see cref="MultiNodeSpec"/> poll it.
/// </summary>
/// <param name="Stopped">True once the node's actor system terminated (downed, left, or exited).</param>
public sealed record ClusterView(
    NodeAddress Self,
    long SelfUid,
    IReadOnlyList<MemberView> Members,
    IReadOnlyList<MemberView> Unreachable,
    NodeAddress? Leader,
    bool Stopped)
{
    /// <summary>The view of a node that is gone: no members, no leader.</summary>
    public static ClusterView Gone(NodeAddress self, long uid) => new(self, uid, [], [], null, Stopped: true);

    /// <summary>Takes the view out of a running <see cref="Cluster.Cluster"/> extension.</summary>
    public static ClusterView Of(Cluster.Cluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var state = cluster.State;
        return new ClusterView(
            cluster.SelfAddress,
            cluster.SelfUniqueAddress.Uid,
            [.. state.Members.Select(View)],
            [.. state.Unreachable.Select(View)],
            state.Leader,
            cluster.System.WhenTerminated.IsCompleted);
    }

    /// <summary>Members with status Up.</summary>
    public int UpCount => Members.Count(m => m.Status == MemberStatus.Up);

    /// <summary>The member at <paramref name="address"/>, or null.</summary>
    public MemberView? Member(NodeAddress address) => Members.FirstOrDefault(m => m.Address == address);

    public override string ToString() =>
        $"{Self}: members [{string.Join(", ", Members.Select(m => $"{m.Address.Port}#{m.Uid % 10000}={m.Status}"))}]"
        + $" unreachable [{string.Join(", ", Unreachable.Select(m => m.Address.Port))}] leader {Leader?.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}"
        + (Stopped ? " (stopped)" : "");

    private static MemberView View(Member m) => new(m.Address, m.UniqueAddress.Uid, m.Status);
}
