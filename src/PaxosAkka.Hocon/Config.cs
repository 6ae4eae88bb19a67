namespace PaxosAkka.Hocon;

/// <summary>
/// An immutable, fully resolved HOCON configuration with typed getters. Paths are HOCON path expressions
/// (<c>paxos.acceptor.timeout</c>, <c>a."b.c"</c>). A path holding <c>null</c> counts as missing. Getters
/// without a default throw <see cref="ConfigException"/> naming the path and where the configuration came from;
/// getters with a default return it only when the path is missing, and still throw on a wrongly typed value,
/// because silently ignoring a typo'd value is worse than failing at start-up.
/// </summary>
public sealed partial class Config
{
    private readonly IReadOnlyList<string> _pathPrefix;

    // The parsed, unresolved document and its environment, kept so that WithFallback can stack documents and
    // resolve again (null for sub-configs, whose substitutions were written relative to a bigger root).
    private readonly HoconObject? _unresolved;
    private readonly Func<string, string?>? _environment;

    internal Config(HoconObject root, string origin, IReadOnlyList<string>? pathPrefix = null)
    {
        Root = root;
        Origin = origin;
        _pathPrefix = pathPrefix ?? [];
    }

    internal Config(HoconObject root, string origin, HoconObject unresolved, Func<string, string?> environment)
        : this(root, origin)
    {
        _unresolved = unresolved;
        _environment = environment;
    }

    /// <summary>The empty configuration.</summary>
    public static Config Empty { get; } = new(new HoconObject(null), "empty config");

    /// <summary>The resolved object tree.</summary>
    public HoconObject Root { get; }

    /// <summary>Where this configuration came from (file names, resources, fallbacks), for error messages.</summary>
    public string Origin { get; }

    /// <summary>True when the configuration has no keys at all.</summary>
    public bool IsEmpty => Root.Count == 0;

    /// <summary>True when <paramref name="path"/> holds a value other than null.</summary>
    public bool HasPath(string path) => GetValue(path) is not null;

    /// <summary>The value at <paramref name="path"/>, or null when it is missing or null.</summary>
    public HoconValue? GetValue(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        HoconValue node = Root;
        foreach (var segment in ParsePath(path))
        {
            if (node is not HoconObject obj || !obj.TryGetValue(segment, out var child))
            {
                return null;
            }

            node = child;
        }

        return node is HoconScalar { Kind: HoconScalarKind.Null } ? null : node;
    }

    /// <summary>
    /// The object at <paramref name="path"/> as a configuration of its own (errors still name full paths), or an
    /// empty configuration when the path is missing.
    /// </summary>
    public Config GetConfig(string path)
    {
        var value = GetValue(path);
        var prefix = _pathPrefix.Concat(ParsePath(path)).ToList();
        return value switch
        {
            null => new Config(new HoconObject(null), Origin, prefix),
            HoconObject obj => new Config(obj, Origin, prefix),
            _ => throw WrongType(path, value, "an object"),
        };
    }

    /// <summary>
    /// Combines this configuration with a fallback: values here win, objects present in both merge key by key,
    /// recursively. Typical use: <c>application.WithFallback(reference)</c>. When both sides were loaded by
    /// <see cref="ConfigurationFactory"/> (not taken from <see cref="GetConfig"/>), the two documents are stacked
    /// and resolved again as one, as the specification describes: <c>list += x</c> here appends to the fallback's
    /// list, <c>${?path}</c> here sees the fallback's value, and substitutions see the merged values.
    /// </summary>
    /// <exception cref="HoconParseException">The stacked documents have a substitution cycle.</exception>
    public Config WithFallback(Config fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        if (ReferenceEquals(fallback, this) || fallback.IsEmpty)
        {
            return this;
        }

        if (IsEmpty && _pathPrefix.Count == 0)
        {
            return fallback;
        }

        var origin = $"{Origin}, falling back to {fallback.Origin}";
        if (_unresolved is not null && fallback._unresolved is not null)
        {
            var stacked = HoconTree.Stack(HoconTree.Clone(_unresolved), HoconTree.Clone(fallback._unresolved));
            var environment = _environment ?? fallback._environment ?? Environment.GetEnvironmentVariable;
            return new Config(HoconResolver.Resolve(stacked, environment), origin, stacked, environment);
        }

        return new Config(HoconMerge.Merge(Root, fallback.Root), origin, _pathPrefix);
    }

    /// <summary>Every leaf (a non-object value) with its full path expression, depth first in key order.</summary>
    public IEnumerable<KeyValuePair<string, HoconValue>> AsEnumerable() => Leaves(Root, []);

    /// <summary>Renders the configuration as HOCON text that parses back to the same values.</summary>
    public override string ToString() => HoconRenderer.RenderRoot(Root);

    private static IEnumerable<KeyValuePair<string, HoconValue>> Leaves(HoconObject obj, List<string> path)
    {
        foreach (var (key, value) in obj.Fields)
        {
            List<string> childPath = [.. path, key];
            if (value is HoconObject child)
            {
                foreach (var leaf in Leaves(child, childPath))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return new KeyValuePair<string, HoconValue>(ConfigPath.Render(childPath), value);
            }
        }
    }

    private static IReadOnlyList<string> ParsePath(string path)
    {
        try
        {
            return ConfigPath.Parse(path);
        }
        catch (HoconParseException ex)
        {
            throw new ConfigException($"'{path}' is not a valid configuration path: {ex.Message}", ex);
        }
    }

    private string FullPath(string path) => _pathPrefix.Count == 0 ? path : $"{ConfigPath.Render(_pathPrefix)}.{path}";

    private ConfigException Missing(string path) =>
        new($"Missing configuration path '{FullPath(path)}' in {Origin}");

    private ConfigException WrongType(string path, HoconValue value, string expected, string? detail = null)
    {
        var found = value switch
        {
            HoconObject => "an object",
            HoconArray => "an array",
            HoconScalar s => $"the {s.Kind.ToString().ToLowerInvariant()} '{s.Text}'",
            _ => "an unresolved value",
        };
        var where = value.Origin is null ? Origin : value.Origin.ToString();
        return new ConfigException($"Configuration path '{FullPath(path)}' at {where} holds {found} but {expected} was expected{(detail is null ? string.Empty : ": " + detail)}");
    }
}
