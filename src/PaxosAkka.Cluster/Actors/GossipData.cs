using System.Collections.Immutable;

namespace PaxosAkka.Cluster;

/// <summary>A member on the wire.</summary>
public sealed record MemberData(UniqueAddress Node, MemberStatus Status, IReadOnlyList<string> Roles, int UpNumber);

/// <summary>An observer's row version on the wire.</summary>
public sealed record ObserverVersion(UniqueAddress Observer, long Version);

/// <summary>A vector clock entry on the wire.</summary>
public sealed record ClockEntry(string Node, long Version);

/// <summary>A tombstone on the wire (removal time in ticks of the remover's clock; only used to age it out).</summary>
public sealed record TombstoneData(UniqueAddress Node, long RemovedAtTicks);

/// <summary>
/// <see cref="Gossip"/> as plain data for the wire. <see cref="ToGossip"/> validates everything, because the bytes
/// come from the network: a malformed gossip is refused with <see cref="FormatException"/>, never half-applied.
/// </summary>
public sealed record GossipData(
    IReadOnlyList<MemberData> Members,
    IReadOnlyList<ReachabilityRecord> Reachability,
    IReadOnlyList<ObserverVersion> ObserverVersions,
    IReadOnlyList<UniqueAddress> Seen,
    IReadOnlyList<ClockEntry> Version,
    IReadOnlyList<TombstoneData> Tombstones)
{
    public static GossipData From(Gossip gossip)
    {
        ArgumentNullException.ThrowIfNull(gossip);
        return new GossipData(
            [.. gossip.Members.Select(m => new MemberData(m.UniqueAddress, m.Status, [.. m.Roles], m.UpNumber))],
            [.. gossip.Reachability.Records],
            [.. gossip.Reachability.Versions.Select(kv => new ObserverVersion(kv.Key, kv.Value))],
            [.. gossip.Seen],
            [.. gossip.Version.Versions.Select(kv => new ClockEntry(kv.Key, kv.Value))],
            [.. gossip.Tombstones.Select(kv => new TombstoneData(kv.Key, kv.Value.Ticks))]);
    }

    public Gossip ToGossip()
    {
        try
        {
            Require(Members is not null && Reachability is not null && ObserverVersions is not null
                && Seen is not null && Version is not null && Tombstones is not null, "a section is missing");
            Require(Members!.All(m => m?.Node?.Address is not null && m.Roles is not null && Enum.IsDefined(m.Status)), "a member is malformed");
            Require(Members!.Select(m => m.Node).Distinct().Count() == Members!.Count, "a member appears twice");
            var members = ImmutableSortedSet.CreateRange(Members!.Select(m => Member.Create(m.Node, m.Status, m.Roles, m.UpNumber)));
            Require(Reachability!.All(r => r?.Observer?.Address is not null && r.Subject?.Address is not null && Enum.IsDefined(r.Status)), "a reachability record is malformed");
            Require(ObserverVersions!.All(v => v?.Observer?.Address is not null), "an observer version is malformed");
            Require(Seen!.All(s => s?.Address is not null), "the seen set is malformed");
            Require(Version!.All(v => !string.IsNullOrEmpty(v?.Node) && v.Version >= 0), "the version is malformed");
            Require(Tombstones!.All(t => t?.Node?.Address is not null), "a tombstone is malformed");

            return new Gossip(
                members,
                global::PaxosAkka.Cluster.Reachability.Create(Reachability!, ObserverVersions!.GroupBy(v => v.Observer).Select(g => KeyValuePair.Create(g.Key, g.Max(v => v.Version)))),
                [.. Seen!],
                VectorClock.Create(Version!.GroupBy(v => v.Node).Select(g => KeyValuePair.Create(g.Key, g.Max(v => v.Version)))),
                Tombstones!.GroupBy(t => t.Node).ToImmutableDictionary(g => g.Key, g => TimeSpan.FromTicks(g.Max(t => t.RemovedAtTicks))));
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"Malformed gossip: {e.Message}", e);
        }
    }

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new FormatException($"Malformed gossip: {what}.");
        }
    }
}
