namespace PaxosAkka.Hocon;

/// <summary>
/// A node of a HOCON tree: an object, an array or a scalar. A <see cref="Config"/> only ever exposes resolved
/// trees (no substitutions left), and never changes them after construction.
/// </summary>
public abstract class HoconValue
{
    private protected HoconValue(HoconOrigin? origin)
    {
        Origin = origin;
    }

    /// <summary>Where the value was written, if it came from text.</summary>
    public HoconOrigin? Origin { get; }

    /// <summary>
    /// During parsing only: the value this one overrode (the previous assignment of the same key). A
    /// self-referential substitution (<c>path = ${path} [x]</c>) reads it, and an object that overrides a
    /// not-yet-resolved value merges with it once both are resolved.
    /// </summary>
    internal HoconValue? Prior { get; set; }

    /// <summary>Renders the value as HOCON text.</summary>
    public override string ToString() => HoconRenderer.Render(this);
}

/// <summary>The kind of a <see cref="HoconScalar"/>.</summary>
public enum HoconScalarKind
{
    /// <summary>A quoted or unquoted string, or a concatenation that produced one.</summary>
    String,

    /// <summary>A number written as in JSON (int, long or double); kept as text until a getter converts it.</summary>
    Number,

    /// <summary>The unquoted words <c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>The unquoted word <c>null</c>: a path holding null counts as missing, as in the specification.</summary>
    Null,
}

/// <summary>A string, number, boolean or null, kept as the text that was written.</summary>
public sealed class HoconScalar : HoconValue
{
    internal HoconScalar(HoconScalarKind kind, string text, HoconOrigin? origin, bool isWhitespace = false)
        : base(origin)
    {
        Kind = kind;
        Text = text;
        IsWhitespace = isWhitespace;
    }

    /// <summary>What kind of scalar this is.</summary>
    public HoconScalarKind Kind { get; }

    /// <summary>The text: string contents, the number as written, <c>true</c>/<c>false</c>, or <c>null</c>.</summary>
    public string Text { get; }

    /// <summary>Whitespace between two parts of a concatenation; dropped when the parts are objects or arrays.</summary>
    internal bool IsWhitespace { get; }

    /// <summary>Creates a string scalar (used by code that builds configuration without text).</summary>
    public static HoconScalar FromString(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new HoconScalar(HoconScalarKind.String, text, null);
    }
}

/// <summary>An array of values.</summary>
public sealed class HoconArray : HoconValue
{
    internal HoconArray(IReadOnlyList<HoconValue> items, HoconOrigin? origin)
        : base(origin)
    {
        Items = items;
    }

    /// <summary>The elements, in order.</summary>
    public IReadOnlyList<HoconValue> Items { get; }
}

/// <summary>An object: keys in the order they were first written, each with a value.</summary>
public sealed class HoconObject : HoconValue
{
    private readonly OrderedDictionary<string, HoconValue> _fields;

    internal HoconObject(HoconOrigin? origin)
        : base(origin)
    {
        _fields = new OrderedDictionary<string, HoconValue>(StringComparer.Ordinal);
        Fields = new System.Collections.ObjectModel.ReadOnlyDictionary<string, HoconValue>(_fields);
    }

    internal HoconObject(HoconOrigin? origin, IEnumerable<KeyValuePair<string, HoconValue>> fields)
        : this(origin)
    {
        foreach (var (key, value) in fields)
        {
            _fields[key] = value;
        }
    }

    /// <summary>The fields, in the order their keys were first written.</summary>
    /// <remarks>A read-only view, so that no caller can change a <see cref="Config"/> by casting.</remarks>
    public IReadOnlyDictionary<string, HoconValue> Fields { get; }

    /// <summary>The keys, in order.</summary>
    public IEnumerable<string> Keys => _fields.Keys;

    /// <summary>The number of fields.</summary>
    public int Count => _fields.Count;

    /// <summary>Looks up a direct field.</summary>
    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out HoconValue value) =>
        _fields.TryGetValue(key, out value);

    /// <summary>
    /// True when this object replaced a non-object value (e.g. <c>a = 42</c> then <c>a = { x = 1 }</c>): such an
    /// object no longer merges with objects further down the fallback chain, because the non-object "hid" them
    /// (specification, "Config object merging and file merging").
    /// </summary>
    internal bool IgnoresFallbacks { get; private init; }

    /// <summary>A copy of this object that no longer merges with fallbacks.</summary>
    internal HoconObject WithIgnoresFallbacks() =>
        IgnoresFallbacks ? this : new HoconObject(Origin, _fields) { IgnoresFallbacks = true };

    /// <summary>Parser and resolver only: sets a field while the tree is still being built.</summary>
    internal void SetField(string key, HoconValue value) => _fields[key] = value;

    /// <summary>Parser only: removes a field whose value turned out to be undefined.</summary>
    internal void RemoveField(string key) => _fields.Remove(key);
}

/// <summary>An unresolved <c>${path}</c> or <c>${?path}</c>; never present in a resolved tree.</summary>
internal sealed class HoconSubstitution : HoconValue
{
    public HoconSubstitution(IReadOnlyList<string> path, bool optional, IReadOnlyList<string> includePrefix, HoconOrigin origin)
        : base(origin)
    {
        Path = path;
        Optional = optional;
        IncludePrefix = includePrefix;
    }

    public IReadOnlyList<string> Path { get; }

    public bool Optional { get; }

    /// <summary>
    /// For a substitution written in an included file: the path where the file was included. The lookup tries
    /// the path relative to that point first and then from the root, as the specification asks.
    /// </summary>
    public IReadOnlyList<string> IncludePrefix { get; }

    public string Expression => $"${{{(Optional ? "?" : string.Empty)}{ConfigPath.Render(Path)}}}";
}

/// <summary>An unresolved value concatenation (<c>${a} "x"</c>, <c>${list} [1]</c>); never present in a resolved tree.</summary>
internal sealed class HoconConcatenation : HoconValue
{
    public HoconConcatenation(IReadOnlyList<HoconValue> pieces, HoconOrigin? origin)
        : base(origin)
    {
        Pieces = pieces;
    }

    public IReadOnlyList<HoconValue> Pieces { get; }
}
