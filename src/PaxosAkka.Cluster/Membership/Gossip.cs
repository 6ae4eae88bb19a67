using System.Collections.Immutable;

namespace PaxosAkka.Cluster;

/// <summary>
/// The replicated membership document that nodes exchange (Akka's <c>Gossip</c>): members, the observations table,
/// which nodes have seen this version, the version itself, and tombstones of removed incarnations so that a stale
/// gossip can never bring them back. Immutable; every change returns a new gossip.
/// </summary>
public sealed record Gossip
{
    public static readonly Gossip Empty = new(
        ImmutableSortedSet<Member>.Empty, Reachability.Empty, [], VectorClock.Empty, ImmutableDictionary<UniqueAddress, TimeSpan>.Empty);

    public Gossip(
        ImmutableSortedSet<Member> members,
        Reachability reachability,
        ImmutableSortedSet<UniqueAddress> seen,
        VectorClock version,
        ImmutableDictionary<UniqueAddress, TimeSpan> tombstones)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(reachability);
        ArgumentNullException.ThrowIfNull(seen);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(tombstones);
        Members = members;
        Reachability = reachability;
        Seen = seen;
        Version = version;
        Tombstones = tombstones;
    }

    /// <summary>Members in address order (the order the leader is chosen in).</summary>
    public ImmutableSortedSet<Member> Members { get; init; }

    public Reachability Reachability { get; init; }

    /// <summary>Nodes known to have seen exactly this version.</summary>
    public ImmutableSortedSet<UniqueAddress> Seen { get; init; }

    public VectorClock Version { get; init; }

    /// <summary>Removed incarnations with the time they were removed (for pruning old tombstones).</summary>
    public ImmutableDictionary<UniqueAddress, TimeSpan> Tombstones { get; init; }

    /// <summary>A node's name in the vector clock.</summary>
    public static string VectorClockNode(UniqueAddress node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.ToString();
    }

    public bool HasMember(UniqueAddress node) => Member(node) is not null;

    public Member? Member(UniqueAddress node) =>
        Members.TryGetValue(global::PaxosAkka.Cluster.Member.Create(node, MemberStatus.Joining), out var member) ? member : null;

    /// <summary>The member at <paramref name="address"/>, whatever its incarnation.</summary>
    public Member? MemberAt(NodeAddress address) => Members.FirstOrDefault(m => m.Address == address);

    public bool SeenByNode(UniqueAddress node) => Seen.Contains(node);

    /// <summary>This gossip with <paramref name="node"/> added to the seen set.</summary>
    public Gossip MarkSeen(UniqueAddress node) => Seen.Contains(node) ? this : this with { Seen = Seen.Add(node) };

    /// <summary>This gossip seen by <paramref name="node"/> only: what a node's own change looks like.</summary>
    public Gossip OnlySeen(UniqueAddress node) => this with { Seen = [node] };

    public Gossip ClearSeen() => this with { Seen = [] };

    /// <summary>Unions the seen sets of two gossips with the same version.</summary>
    public Gossip MergeSeen(Gossip other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return this with { Seen = Seen.Union(other.Seen) };
    }

    /// <summary>This gossip stamped as changed by <paramref name="node"/>.</summary>
    public Gossip Increment(UniqueAddress node) => this with { Version = Version.Increment(VectorClockNode(node)) };

    /// <summary>Replaces members by unique address (adding those not present).</summary>
    public Gossip Update(IEnumerable<Member> changed)
    {
        ArgumentNullException.ThrowIfNull(changed);
        var members = Members;
        foreach (var member in changed)
        {
            members = members.Remove(member).Add(member);
        }

        return this with { Members = members };
    }

    /// <summary>
    /// Removes a member for good: out of members, seen set, observations and the vector clock (the leader's stamp on
    /// this change carries it), and into the tombstones so concurrent gossip cannot bring it back.
    /// </summary>
    public Gossip Remove(UniqueAddress node, TimeSpan removedAt)
    {
        ArgumentNullException.ThrowIfNull(node);
        return this with
        {
            Members = Members.Remove(global::PaxosAkka.Cluster.Member.Create(node, MemberStatus.Removed)),
            Seen = Seen.Remove(node),
            Reachability = Reachability.Remove([node]),
            Version = Version.Prune(VectorClockNode(node)),
            Tombstones = Tombstones.SetItem(node, removedAt),
        };
    }

    /// <summary>Forgets tombstones older than <paramref name="removedBefore"/>; by then no gossip can carry them.</summary>
    public Gossip PruneTombstones(TimeSpan removedBefore) =>
        this with { Tombstones = Tombstones.Where(t => t.Value >= removedBefore).ToImmutableDictionary() };

    /// <summary>
    /// Merges two concurrent gossips (Akka's conflict resolution): tombstones are unioned; each member keeps its
    /// furthest life-cycle state, and a member known to one side only is dropped if tombstoned or already Down or
    /// Exiting (the other side has removed it); observations keep each observer's newest rows; the clocks are merged
    /// and pruned of removed nodes. Nobody has seen the result yet, so the seen set is empty.
    /// </summary>
    public Gossip Merge(Gossip other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var tombstones = Tombstones;
        foreach (var (node, removedAt) in other.Tombstones)
        {
            if (!tombstones.TryGetValue(node, out var mine) || removedAt > mine)
            {
                tombstones = tombstones.SetItem(node, removedAt);
            }
        }

        var members = PickHighestPriority(Members, other.Members, tombstones);
        var reachability = Reachability.Merge(members.Select(m => m.UniqueAddress).ToHashSet(), other.Reachability);
        var version = tombstones.Keys.Aggregate(Version.Merge(other.Version), (clock, node) => clock.Prune(VectorClockNode(node)));
        return new Gossip(members, reachability, [], version, tombstones);
    }

    internal static ImmutableSortedSet<Member> PickHighestPriority(
        IEnumerable<Member> a, IEnumerable<Member> b, ImmutableDictionary<UniqueAddress, TimeSpan> tombstones)
    {
        var result = ImmutableSortedSet.CreateBuilder<Member>();
        foreach (var group in a.Concat(b).GroupBy(m => m.UniqueAddress))
        {
            var versions = group.ToList();
            if (tombstones.ContainsKey(group.Key))
            {
                continue;
            }

            if (versions.Count == 2)
            {
                result.Add(global::PaxosAkka.Cluster.Member.HighestPriorityOf(versions[0], versions[1]));
            }
            else if (versions[0].Status is not (MemberStatus.Down or MemberStatus.Exiting or MemberStatus.Removed))
            {
                result.Add(versions[0]);
            }
        }

        return result.ToImmutable();
    }

    public override string ToString() =>
        $"Gossip(members=[{string.Join(", ", Members)}], seen=[{string.Join(", ", Seen)}], {Version}, {Reachability})";
}
