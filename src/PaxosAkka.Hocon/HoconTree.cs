namespace PaxosAkka.Hocon;

/// <summary>
/// Operations on unresolved trees. <see cref="Config.WithFallback"/> stacks two parsed documents the way
/// duplicate keys stack in one file, so that <c>list += x</c> in an application config appends to the list of a
/// reference config, and substitutions see the merged values, as the specification and Akka users expect.
/// </summary>
internal static class HoconTree
{
    /// <summary>
    /// Deep-copies a tree, including every value's merge stack (<see cref="HoconValue.Prior"/>), because stacking
    /// mutates objects and priors in place and a <see cref="Config"/> must never change.
    /// </summary>
    public static HoconObject Clone(HoconObject root) => (HoconObject)Clone(root, new Dictionary<HoconValue, HoconValue>(ReferenceEqualityComparer.Instance));

    /// <summary>Stacks <paramref name="winner"/> over <paramref name="fallback"/>; both must be private copies.</summary>
    public static HoconObject Stack(HoconObject winner, HoconObject fallback)
    {
        foreach (var (key, value) in winner.Fields)
        {
            HoconParser.Assign(fallback, key, value);
        }

        return fallback;
    }

    private static HoconValue Clone(HoconValue value, Dictionary<HoconValue, HoconValue> copies)
    {
        if (copies.TryGetValue(value, out var existing))
        {
            return existing;
        }

        HoconValue copy = value switch
        {
            HoconScalar s => new HoconScalar(s.Kind, s.Text, s.Origin, s.IsWhitespace),
            HoconArray a => new HoconArray(a.Items.Select(i => Clone(i, copies)).ToList(), a.Origin),
            HoconObject o => new HoconObject(o.Origin, o.Fields.Select(f => KeyValuePair.Create(f.Key, Clone(f.Value, copies))).ToList()),
            HoconSubstitution s => new HoconSubstitution(s.Path, s.Optional, s.IncludePrefix, s.Origin!),
            HoconConcatenation c => new HoconConcatenation(c.Pieces.Select(p => Clone(p, copies)).ToList(), c.Origin),
            _ => throw new InvalidOperationException($"unknown HOCON node {value.GetType().Name}"),
        };
        copies[value] = copy;
        if (value.Prior is not null)
        {
            copy.Prior = Clone(value.Prior, copies);
        }

        return copy;
    }
}
