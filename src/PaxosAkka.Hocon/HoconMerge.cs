namespace PaxosAkka.Hocon;

/// <summary>
/// The two ways values combine in HOCON: a later (or higher-priority) object merges over an earlier one key by
/// key, recursively; and a value concatenation joins adjacent values (<c>foo bar</c>, <c>${list} [1]</c>,
/// <c>${defaults} { port = 1 }</c>).
/// </summary>
internal static class HoconMerge
{
    /// <summary>
    /// Merges two resolved objects. Fields of <paramref name="winner"/> win; where both sides hold an object the
    /// two merge recursively; anything else (a string, an array) in the winner replaces the fallback's value.
    /// </summary>
    public static HoconObject Merge(HoconObject winner, HoconObject fallback)
    {
        if (winner.IgnoresFallbacks)
        {
            return winner;
        }

        var merged = new HoconObject(winner.Origin ?? fallback.Origin);
        foreach (var (key, value) in winner.Fields)
        {
            var combined = value;
            if (value is HoconObject wo && fallback.TryGetValue(key, out var fv))
            {
                combined = fv is HoconObject fo ? Merge(wo, fo) : wo.WithIgnoresFallbacks();
            }

            merged.SetField(key, combined);
        }

        foreach (var (key, value) in fallback.Fields)
        {
            if (!winner.TryGetValue(key, out _))
            {
                merged.SetField(key, value);
            }
        }

        return merged;
    }

    /// <summary>
    /// Folds the resolved parts of a concatenation. Undefined parts (null: an optional substitution with no
    /// value) are skipped; if nothing is left the whole value is undefined. Objects merge, arrays append,
    /// and simple values join as a string with the whitespace written between them.
    /// </summary>
    public static HoconValue? Concatenate(IReadOnlyList<HoconValue?> parts, HoconOrigin? origin)
    {
        var defined = parts.Where(p => p is not null).Select(p => p!).ToList();
        TrimWhitespace(defined);
        if (defined.Count == 0)
        {
            return null;
        }

        if (defined.Count == 1)
        {
            return defined[0];
        }

        var solid = defined.Where(p => p is not HoconScalar { IsWhitespace: true }).ToList();
        if (solid.Any(p => p is HoconObject or HoconArray))
        {
            return ConcatenateComplex(solid, origin);
        }

        var text = string.Concat(defined.Select(p => ((HoconScalar)p).Text));
        return new HoconScalar(HoconScalarKind.String, text, origin);
    }

    private static void TrimWhitespace(List<HoconValue> parts)
    {
        while (parts.Count > 0 && parts[0] is HoconScalar { IsWhitespace: true })
        {
            parts.RemoveAt(0);
        }

        while (parts.Count > 0 && parts[^1] is HoconScalar { IsWhitespace: true })
        {
            parts.RemoveAt(parts.Count - 1);
        }
    }

    private static HoconValue ConcatenateComplex(List<HoconValue> solid, HoconOrigin? origin)
    {
        var first = solid[0];
        foreach (var part in solid)
        {
            if (part.GetType() != first.GetType())
            {
                var where = part.Origin ?? origin;
                var message = $"cannot concatenate {Describe(first)} with {Describe(part)}; only objects with objects, arrays with arrays, or simple values with simple values can be concatenated";
                throw where is null ? new HoconParseException(message) : new HoconParseException(where, message);
            }
        }

        if (first is HoconArray)
        {
            var items = solid.SelectMany(p => ((HoconArray)p).Items).ToList();
            return new HoconArray(items, origin ?? first.Origin);
        }

        var merged = (HoconObject)first;
        for (var i = 1; i < solid.Count; i++)
        {
            merged = Merge((HoconObject)solid[i], merged);
        }

        return merged;
    }

    private static string Describe(HoconValue value) => value switch
    {
        HoconObject => "an object",
        HoconArray => "an array",
        HoconScalar s => $"the {s.Kind.ToString().ToLowerInvariant()} '{s.Text}'",
        _ => "an unresolved value",
    };
}
