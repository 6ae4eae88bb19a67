using System.Collections.Immutable;

namespace PaxosAkka.Cluster;

/// <summary>What one node's failure detector says about another.</summary>
public enum ReachabilityStatus
{
    Reachable,
    Unreachable,

    /// <summary>Known dead for good (e.g. its incarnation was replaced); never becomes reachable again.</summary>
    Terminated,
}

/// <summary>One observation: <see cref="Observer"/> sees <see cref="Subject"/> as <see cref="Status"/>.</summary>
public sealed record ReachabilityRecord(UniqueAddress Observer, UniqueAddress Subject, ReachabilityStatus Status, long Version);

/// <summary>
/// The observations table of the gossip (Akka's <c>Reachability</c>): who cannot reach whom. A node is unreachable
/// when any observer says so; it is reachable again only when every observer that said so takes it back. Each
/// observer versions its own rows, so merging two tables keeps each observer's newest rows and never resurrects
/// an observation its owner has withdrawn.
/// </summary>
public sealed class Reachability
{
    public static readonly Reachability Empty = new([], ImmutableDictionary<UniqueAddress, long>.Empty);

    private Reachability(ImmutableList<ReachabilityRecord> records, ImmutableDictionary<UniqueAddress, long> versions)
    {
        Records = records;
        Versions = versions;
    }

    /// <summary>Observations that are not plain "reachable" (reachable rows are dropped once an observer has no others).</summary>
    public ImmutableList<ReachabilityRecord> Records { get; }

    /// <summary>Latest row version per observer.</summary>
    public ImmutableDictionary<UniqueAddress, long> Versions { get; }

    public static Reachability Create(IEnumerable<ReachabilityRecord> records, IEnumerable<KeyValuePair<UniqueAddress, long>> versions) =>
        new([.. records], versions.ToImmutableDictionary());

    public bool IsAllReachable => Records.All(r => r.Status == ReachabilityStatus.Reachable);

    public Reachability Unreachable(UniqueAddress observer, UniqueAddress subject) => Change(observer, subject, ReachabilityStatus.Unreachable);

    public Reachability Reachable(UniqueAddress observer, UniqueAddress subject) => Change(observer, subject, ReachabilityStatus.Reachable);

    public Reachability Terminated(UniqueAddress observer, UniqueAddress subject) => Change(observer, subject, ReachabilityStatus.Terminated);

    /// <summary>The aggregated status of <paramref name="subject"/>: Terminated beats Unreachable beats Reachable.</summary>
    public ReachabilityStatus Status(UniqueAddress subject)
    {
        var status = ReachabilityStatus.Reachable;
        foreach (var record in Records)
        {
            if (record.Subject == subject && record.Status > status)
            {
                status = record.Status;
            }
        }

        return status;
    }

    /// <summary>What <paramref name="observer"/> says about <paramref name="subject"/>.</summary>
    public ReachabilityStatus Status(UniqueAddress observer, UniqueAddress subject) =>
        Records.Find(r => r.Observer == observer && r.Subject == subject)?.Status ?? ReachabilityStatus.Reachable;

    public bool IsReachable(UniqueAddress subject) => Status(subject) == ReachabilityStatus.Reachable;

    public bool IsReachable(UniqueAddress observer, UniqueAddress subject) => Status(observer, subject) == ReachabilityStatus.Reachable;

    /// <summary>Subjects some observer sees as unreachable (terminated ones excluded).</summary>
    public ImmutableHashSet<UniqueAddress> AllUnreachable =>
        [.. Records.Where(r => r.Status == ReachabilityStatus.Unreachable).Select(r => r.Subject).Where(s => Status(s) == ReachabilityStatus.Unreachable)];

    /// <summary>Subjects some observer sees as unreachable or terminated.</summary>
    public ImmutableHashSet<UniqueAddress> AllUnreachableOrTerminated =>
        [.. Records.Where(r => r.Status != ReachabilityStatus.Reachable).Select(r => r.Subject)];

    /// <summary>Subjects <paramref name="observer"/> sees as unreachable or terminated.</summary>
    public ImmutableHashSet<UniqueAddress> AllUnreachableFrom(UniqueAddress observer) =>
        [.. Records.Where(r => r.Observer == observer && r.Status != ReachabilityStatus.Reachable).Select(r => r.Subject)];

    /// <summary>Observers of each unreachable subject (for diagnostics and the split-brain resolver).</summary>
    public ImmutableDictionary<UniqueAddress, ImmutableHashSet<UniqueAddress>> ObserversGroupedByUnreachable =>
        Records.Where(r => r.Status == ReachabilityStatus.Unreachable)
            .GroupBy(r => r.Subject)
            .ToImmutableDictionary(g => g.Key, g => g.Select(r => r.Observer).ToImmutableHashSet());

    /// <summary>
    /// Combines two tables; for each observer in <paramref name="allowed"/> the rows with the higher version win.
    /// Rows about or by nodes outside <paramref name="allowed"/> (removed members) are dropped.
    /// </summary>
    public Reachability Merge(IReadOnlySet<UniqueAddress> allowed, Reachability other)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        ArgumentNullException.ThrowIfNull(other);
        var records = ImmutableList.CreateBuilder<ReachabilityRecord>();
        var versions = ImmutableDictionary.CreateBuilder<UniqueAddress, long>();
        foreach (var observer in Versions.Keys.Union(other.Versions.Keys).Where(allowed.Contains))
        {
            var mine = Versions.GetValueOrDefault(observer);
            var theirs = other.Versions.GetValueOrDefault(observer);
            var winner = theirs > mine ? other : this;
            records.AddRange(winner.Records.Where(r => r.Observer == observer && allowed.Contains(r.Subject)));
            versions[observer] = Math.Max(mine, theirs);
        }

        return new Reachability(records.ToImmutable(), versions.ToImmutable());
    }

    /// <summary>Drops every row by or about <paramref name="nodes"/> (they left the membership).</summary>
    public Reachability Remove(IEnumerable<UniqueAddress> nodes)
    {
        var gone = nodes.ToHashSet();
        return gone.Count == 0
            ? this
            : new Reachability(
                Records.RemoveAll(r => gone.Contains(r.Observer) || gone.Contains(r.Subject)),
                Versions.RemoveRange(gone));
    }

    /// <summary>Drops the rows made by <paramref name="observers"/> (e.g. downed nodes, whose opinion no longer counts).</summary>
    public Reachability RemoveObservers(IEnumerable<UniqueAddress> observers)
    {
        var gone = observers.ToHashSet();
        return gone.Count == 0
            ? this
            : new Reachability(Records.RemoveAll(r => gone.Contains(r.Observer)), Versions.RemoveRange(gone));
    }

    private Reachability Change(UniqueAddress observer, UniqueAddress subject, ReachabilityStatus status)
    {
        ArgumentNullException.ThrowIfNull(observer);
        ArgumentNullException.ThrowIfNull(subject);
        var version = Versions.GetValueOrDefault(observer) + 1;
        var versions = Versions.SetItem(observer, version);
        var existing = Records.Find(r => r.Observer == observer && r.Subject == subject);
        if (existing is null)
        {
            return status == ReachabilityStatus.Reachable
                ? this
                : new Reachability(Records.Add(new ReachabilityRecord(observer, subject, status, version)), versions);
        }

        // Terminated is final, and repeating an observation is not news.
        if (existing.Status == ReachabilityStatus.Terminated || existing.Status == status)
        {
            return this;
        }

        var others = Records.Where(r => r.Observer == observer && r.Subject != subject);
        if (status == ReachabilityStatus.Reachable && others.All(r => r.Status == ReachabilityStatus.Reachable))
        {
            // The observer sees everybody again: drop its rows entirely, keeping its version so older rows lose merges.
            return new Reachability(Records.RemoveAll(r => r.Observer == observer), versions);
        }

        return new Reachability(Records.Replace(existing, existing with { Status = status, Version = version }), versions);
    }

    public override string ToString() =>
        "Reachability(" + string.Join(", ", Records.Select(r => $"{r.Observer} -> {r.Subject}: {r.Status} [{r.Version}]")) + ")";
}
