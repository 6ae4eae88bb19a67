using System.Collections.Immutable;

namespace PaxosAkka.Cluster;

/// <summary>How two vector clocks relate.</summary>
public enum VectorClockOrdering
{
    Same,
    Before,
    After,
    Concurrent,
}

/// <summary>
/// Versions of the gossip: one counter per node that changed it (Lamport/Fidge vector clocks, as in Akka). Tells
/// whether a received gossip is older, newer or concurrent with ours, and so whether it must be merged.
/// </summary>
public sealed record VectorClock
{
    public static readonly VectorClock Empty = new(ImmutableSortedDictionary<string, long>.Empty.WithComparers(StringComparer.Ordinal));

    private VectorClock(ImmutableSortedDictionary<string, long> versions) => Versions = versions;

    public ImmutableSortedDictionary<string, long> Versions { get; }

    public static VectorClock Create(IEnumerable<KeyValuePair<string, long>> versions) =>
        new(ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, versions));

    /// <summary>This clock with <paramref name="node"/>'s counter one higher.</summary>
    public VectorClock Increment(string node)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        return new VectorClock(Versions.SetItem(node, Versions.GetValueOrDefault(node) + 1));
    }

    /// <summary>The pointwise maximum: a version that has seen both.</summary>
    public VectorClock Merge(VectorClock other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var merged = Versions;
        foreach (var (node, version) in other.Versions)
        {
            if (version > merged.GetValueOrDefault(node))
            {
                merged = merged.SetItem(node, version);
            }
        }

        return new VectorClock(merged);
    }

    /// <summary>Drops a removed node's counter so clocks do not grow without bound.</summary>
    public VectorClock Prune(string node) => Versions.ContainsKey(node) ? new VectorClock(Versions.Remove(node)) : this;

    public VectorClockOrdering CompareTo(VectorClock other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var thisGreater = false;
        var otherGreater = false;
        foreach (var node in Versions.Keys.Union(other.Versions.Keys))
        {
            var mine = Versions.GetValueOrDefault(node);
            var theirs = other.Versions.GetValueOrDefault(node);
            thisGreater |= mine > theirs;
            otherGreater |= theirs > mine;
        }

        return (thisGreater, otherGreater) switch
        {
            (false, false) => VectorClockOrdering.Same,
            (true, false) => VectorClockOrdering.After,
            (false, true) => VectorClockOrdering.Before,
            _ => VectorClockOrdering.Concurrent,
        };
    }

    public bool IsBefore(VectorClock other) => CompareTo(other) == VectorClockOrdering.Before;

    public bool IsAfter(VectorClock other) => CompareTo(other) == VectorClockOrdering.After;

    public bool IsConcurrentWith(VectorClock other) => CompareTo(other) == VectorClockOrdering.Concurrent;

    public bool Equals(VectorClock? other) => other is not null && CompareTo(other) == VectorClockOrdering.Same;

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var (node, version) in Versions.Where(kv => kv.Value != 0))
        {
            hash.Add(node, StringComparer.Ordinal);
            hash.Add(version);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => "VectorClock(" + string.Join(", ", Versions.Select(kv => $"{kv.Key} -> {kv.Value}")) + ")";
}
