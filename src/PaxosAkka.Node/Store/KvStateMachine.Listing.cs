using System.Collections.Immutable;

namespace PaxosAkka.Node.Store;

/// <summary>
/// Listing keys by prefix, a page at a time. The keys are also kept in an ordinal <see cref="SortedSet{T}"/> beside
/// the dictionary, so a page costs the keys between its start and the end of the prefix, not a sort of every key.
/// </summary>
public sealed partial class KvStateMachine
{
    /// <summary>
    /// Up to <paramref name="limit"/> keys that start with <paramref name="prefix"/>, in ordinal order, strictly after
    /// <paramref name="after"/> (null: from the first), as this replica has applied them (not linearizable by itself:
    /// <see cref="KvListCommand"/> orders it through the log).
    /// </summary>
    public KvListing ListLocal(string prefix, string? after, int limit)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var keys = ImmutableArray.CreateBuilder<KvListedKey>(Math.Min(limit, 64));
        string? next = null;
        foreach (var key in KeysFrom(prefix, after))
        {
            if (keys.Count == limit)
            {
                // One more key with the prefix exists: the page is full and the caller continues after its last key.
                next = keys[^1].Key;
                break;
            }

            var value = _data[key];
            keys.Add(new KvListedKey(key, value.Revision, value.Value.Length));
        }

        return new KvListing(keys.ToImmutable(), next, Revision);
    }

    /// <summary>The keys with <paramref name="prefix"/> above <paramref name="after"/>, in ordinal order.</summary>
    private IEnumerable<string> KeysFrom(string prefix, string? after)
    {
        if (_orderedKeys.Count == 0)
        {
            yield break;
        }

        string lower = after is not null && string.CompareOrdinal(after, prefix) > 0 ? after : prefix;
        string upper = PrefixEnd(prefix) ?? _orderedKeys.Max!;
        if (string.CompareOrdinal(lower, upper) > 0)
        {
            yield break;
        }

        foreach (var key in _orderedKeys.GetViewBetween(lower, upper))
        {
            if (after is not null && string.CompareOrdinal(key, after) <= 0)
            {
                continue;
            }

            if (!key.StartsWith(prefix, StringComparison.Ordinal))
            {
                // Only the bound itself (PrefixEnd) can be in the view without the prefix, and it is the last one.
                yield break;
            }

            yield return key;
        }
    }

    /// <summary>
    /// The least string above every string that starts with <paramref name="prefix"/> (ordinal order): the prefix
    /// without its trailing U+FFFF characters, last character incremented. Null when no such string exists (an empty
    /// prefix, or one made only of U+FFFF): the listing then runs to the last key.
    /// </summary>
    internal static string? PrefixEnd(string prefix)
    {
        int end = prefix.Length;
        while (end > 0 && prefix[end - 1] == char.MaxValue)
        {
            end--;
        }

        return end == 0 ? null : string.Concat(prefix.AsSpan(0, end - 1), [(char)(prefix[end - 1] + 1)]);
    }
}
