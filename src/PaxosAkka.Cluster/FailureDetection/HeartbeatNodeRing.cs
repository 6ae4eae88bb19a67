using System.Collections.Immutable;
using System.Text;

namespace PaxosAkka.Cluster.FailureDetection;

/// <summary>
/// Decides which members a node sends heartbeats to (Akka's <c>HeartbeatNodeRing</c>). Nodes sit on a ring ordered
/// by a stable hash of their unique address; each node monitors the next <see cref="MonitoredByNrOfMembers"/>
/// reachable nodes clockwise, so every node is monitored by that many others and heartbeat traffic grows linearly,
/// not quadratically, with cluster size. Unreachable nodes met on the way are kept as extra receivers (up to the same
/// bound) so that someone notices when they come back.
/// </summary>
public sealed class HeartbeatNodeRing
{
    public HeartbeatNodeRing(
        UniqueAddress self,
        IEnumerable<UniqueAddress> nodes,
        IEnumerable<UniqueAddress> unreachable,
        int monitoredByNrOfMembers)
    {
        ArgumentNullException.ThrowIfNull(self);
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(unreachable);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(monitoredByNrOfMembers);
        Self = self;
        MonitoredByNrOfMembers = monitoredByNrOfMembers;
        Nodes = ImmutableSortedSet.CreateRange(RingOrder.Instance, nodes).Add(self);
        Unreachable = [.. unreachable];
        MyReceivers = Receivers(self);
    }

    public UniqueAddress Self { get; }

    public int MonitoredByNrOfMembers { get; }

    /// <summary>All nodes on the ring, self included, in ring order.</summary>
    public ImmutableSortedSet<UniqueAddress> Nodes { get; }

    public ImmutableHashSet<UniqueAddress> Unreachable { get; }

    /// <summary>The nodes this node heartbeats, computed once per ring.</summary>
    public ImmutableHashSet<UniqueAddress> MyReceivers { get; }

    public HeartbeatNodeRing Add(UniqueAddress node) =>
        Nodes.Contains(node) ? this : new HeartbeatNodeRing(Self, Nodes.Add(node), Unreachable, MonitoredByNrOfMembers);

    public HeartbeatNodeRing Remove(UniqueAddress node) =>
        node == Self || !Nodes.Contains(node)
            ? this
            : new HeartbeatNodeRing(Self, Nodes.Remove(node), Unreachable.Remove(node), MonitoredByNrOfMembers);

    public HeartbeatNodeRing WithUnreachable(IEnumerable<UniqueAddress> unreachable) =>
        new(Self, Nodes, unreachable, MonitoredByNrOfMembers);

    /// <summary>The nodes that <paramref name="sender"/> heartbeats (any node's view, not only self's).</summary>
    public ImmutableHashSet<UniqueAddress> Receivers(UniqueAddress sender)
    {
        ArgumentNullException.ThrowIfNull(sender);
        if (MonitoredByNrOfMembers >= Nodes.Count - 1)
        {
            // Small cluster: everybody monitors everybody.
            return [.. Nodes.Where(n => n != sender)];
        }

        var acc = ImmutableHashSet.CreateBuilder<UniqueAddress>();
        var after = Nodes.Where(n => RingOrder.Instance.Compare(n, sender) > 0);
        var remaining = Take(MonitoredByNrOfMembers, after, acc);
        if (remaining > 0)
        {
            // Wrap around the ring.
            var before = Nodes.Where(n => RingOrder.Instance.Compare(n, sender) < 0);
            Take(remaining, before, acc);
        }

        return acc.ToImmutable();
    }

    /// <summary>
    /// Picks nodes until <paramref name="wanted"/> reachable ones are taken. Unreachable nodes on the way are included
    /// without counting, as long as fewer than <see cref="MonitoredByNrOfMembers"/> nodes are taken, so the leader can
    /// still see them removed when many nodes stop at once. Returns how many reachable nodes are still wanted.
    /// </summary>
    private int Take(int wanted, IEnumerable<UniqueAddress> candidates, ImmutableHashSet<UniqueAddress>.Builder acc)
    {
        foreach (var node in candidates)
        {
            if (wanted == 0)
            {
                break;
            }

            if (Unreachable.Contains(node))
            {
                if (acc.Count < MonitoredByNrOfMembers)
                {
                    acc.Add(node);
                }
            }
            else
            {
                acc.Add(node);
                wanted--;
            }
        }

        return wanted;
    }

    /// <summary>
    /// Ring order: a stable 64-bit FNV-1a hash of the unique address, then the address order for the (unlikely) ties.
    /// <see cref="string.GetHashCode()"/> is randomised per process and would give every node a different ring.
    /// </summary>
    internal sealed class RingOrder : IComparer<UniqueAddress>
    {
        public static readonly RingOrder Instance = new();

        public int Compare(UniqueAddress? x, UniqueAddress? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            if (x is null || y is null)
            {
                return x is null ? -1 : 1;
            }

            var byHash = StableHash(x).CompareTo(StableHash(y));
            return byHash != 0 ? byHash : x.CompareTo(y);
        }

        internal static ulong StableHash(UniqueAddress node)
        {
            const ulong offsetBasis = 14695981039346656037UL;
            const ulong prime = 1099511628211UL;
            var hash = offsetBasis;
            foreach (var b in Encoding.UTF8.GetBytes(node.ToString()))
            {
                hash = (hash ^ b) * prime;
            }

            return hash;
        }
    }
}
