namespace PaxosAkka.Cluster;

/// <summary>
/// A node's address plus the incarnation id it drew at start-up. A node restarted on the same host and port gets a
/// new <see cref="Uid"/>, so the cluster can tell the new incarnation from the dead one it replaces.
/// </summary>
public sealed record UniqueAddress(NodeAddress Address, long Uid) : IComparable<UniqueAddress>
{
    public NodeAddress Address { get; } = Address ?? throw new ArgumentNullException(nameof(Address));

    public int CompareTo(UniqueAddress? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byAddress = Address.CompareTo(other.Address);
        return byAddress != 0 ? byAddress : Uid.CompareTo(other.Uid);
    }

    public static bool operator <(UniqueAddress left, UniqueAddress right) => Compare(left, right) < 0;

    public static bool operator <=(UniqueAddress left, UniqueAddress right) => Compare(left, right) <= 0;

    public static bool operator >(UniqueAddress left, UniqueAddress right) => Compare(left, right) > 0;

    public static bool operator >=(UniqueAddress left, UniqueAddress right) => Compare(left, right) >= 0;

    /// <summary><c>paxos.tcp://system@host:port#uid</c>; also the node's name in gossip vector clocks.</summary>
    public override string ToString() => $"{Address}#{Uid}";

    private static int Compare(UniqueAddress? left, UniqueAddress? right) =>
        left is null ? (right is null ? 0 : -1) : left.CompareTo(right);
}
