namespace PaxosAkka.Hocon;

/// <summary>
/// Replaces every substitution in a parsed tree with the value it refers to, as the final step of loading.
/// Substitutions are looked up from the root (and, for included files, first relative to the include point);
/// a path the configuration does not hold falls back to the environment variable of that name; a
/// self-referential substitution (<c>path = ${path} [x]</c>) reads the value the field had before.
/// Each node is resolved once (memoised by reference), so shared subtrees cost nothing extra and cycles are
/// found by the set of nodes currently being resolved.
/// </summary>
internal sealed class HoconResolver
{
    private readonly HoconObject _root;
    private readonly Func<string, string?> _environment;
    private readonly Dictionary<HoconValue, HoconValue?> _resolved = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<HoconValue> _inProgress = new(ReferenceEqualityComparer.Instance);
    private readonly List<HoconSubstitution> _lookups = [];

    private const int MaxChain = 500;

    private HoconResolver(HoconObject root, Func<string, string?> environment)
    {
        _root = root;
        _environment = environment;
    }

    /// <summary>Resolves <paramref name="root"/>; throws <see cref="HoconParseException"/> naming the substitution's place.</summary>
    public static HoconObject Resolve(HoconObject root, Func<string, string?> environment)
    {
        var resolver = new HoconResolver(root, environment);
        return resolver.ResolveValue(root) as HoconObject ?? new HoconObject(root.Origin);
    }

    private HoconValue? ResolveValue(HoconValue value)
    {
        if (_resolved.TryGetValue(value, out var done))
        {
            return done;
        }

        if (!_inProgress.Add(value))
        {
            throw CycleError(value.Origin);
        }

        try
        {
            var result = value switch
            {
                HoconScalar scalar => scalar.Prior is null ? scalar : new HoconScalar(scalar.Kind, scalar.Text, scalar.Origin, scalar.IsWhitespace),
                HoconObject obj => ResolveObject(obj),
                HoconArray array => ResolveArray(array),
                HoconSubstitution substitution => Lookup(substitution),
                HoconConcatenation concatenation => HoconMerge.Concatenate(concatenation.Pieces.Select(ResolvePiece).ToList(), concatenation.Origin),
                _ => throw new InvalidOperationException($"unknown HOCON node {value.GetType().Name}"),
            };

            result = CombineWithPrior(value, result);
            _resolved[value] = result;
            return result;
        }
        finally
        {
            _inProgress.Remove(value);
        }
    }

    // The specification: a substitution that evaluates to null becomes "" inside a concatenation.
    private HoconValue? ResolvePiece(HoconValue piece)
    {
        var value = ResolveValue(piece);
        return piece is HoconSubstitution && value is HoconScalar { Kind: HoconScalarKind.Null }
            ? new HoconScalar(HoconScalarKind.String, string.Empty, piece.Origin)
            : value;
    }

    // An undefined value (an optional substitution with nothing to read) keeps the previous value of the field;
    // an object merges over a previous object that only became an object once resolved.
    private HoconValue? CombineWithPrior(HoconValue value, HoconValue? result)
    {
        var prior = value.Prior;
        if (prior is null || _inProgress.Contains(prior))
        {
            return result;
        }

        if (result is null)
        {
            return ResolveValue(prior);
        }

        if (result is HoconObject resultObject)
        {
            // An object over a non-object (or over a value that resolves to one) hides everything below it.
            var below = prior is HoconScalar or HoconArray ? prior : ResolveValue(prior);
            return below switch
            {
                HoconObject priorObject => HoconMerge.Merge(resultObject, priorObject),
                null => resultObject,
                _ => resultObject.WithIgnoresFallbacks(),
            };
        }

        return result;
    }

    private HoconObject ResolveObject(HoconObject obj)
    {
        var resolved = new HoconObject(obj.Origin);
        foreach (var (key, field) in obj.Fields)
        {
            var value = ResolveValue(field);
            if (value is not null)
            {
                resolved.SetField(key, value);
            }
        }

        return resolved;
    }

    private HoconArray ResolveArray(HoconArray array)
    {
        // An optional substitution with no value simply drops out of an array.
        var items = array.Items.Select(ResolveValue).Where(v => v is not null).Select(v => v!).ToList();
        return new HoconArray(items, array.Origin);
    }

    private HoconValue? Lookup(HoconSubstitution substitution)
    {
        // Bounds the recursion of chains like a1 = ${a2}, a2 = ${a3}, ... so hostile input cannot overflow the stack.
        if (_lookups.Count >= MaxChain)
        {
            throw new HoconParseException(substitution.Origin!, $"substitution {substitution.Expression} is part of a chain of more than {MaxChain} substitutions referring to each other");
        }

        _lookups.Add(substitution);
        try
        {
            if (substitution.IncludePrefix.Count > 0)
            {
                var (foundRelative, relative, _) = Find([.. substitution.IncludePrefix, .. substitution.Path]);
                if (foundRelative)
                {
                    return relative;
                }
            }

            var (found, value, cycle) = Find(substitution.Path);
            if (found)
            {
                return value;
            }

            var name = string.Join('.', substitution.Path);
            var environmentValue = _environment(name);
            if (environmentValue is not null)
            {
                return new HoconScalar(HoconScalarKind.String, environmentValue, substitution.Origin);
            }

            if (substitution.Optional)
            {
                return null;
            }

            if (cycle)
            {
                throw CycleError(substitution.Origin);
            }

            throw new HoconParseException(
                substitution.Origin!,
                $"could not resolve substitution {substitution.Expression}: the configuration has no value at '{ConfigPath.Render(substitution.Path)}' and there is no environment variable named '{name}' (use ${{?{ConfigPath.Render(substitution.Path)}}} if it may be absent)");
        }
        finally
        {
            _lookups.RemoveAt(_lookups.Count - 1);
        }
    }

    // Found: the path holds a value (Value may still be a null scalar). Cycle: the path exists but only
    // through a value that is being resolved and has nothing below it to look back to, which the
    // specification treats as undefined (so an optional substitution simply has no value).
    private (bool Found, HoconValue? Value, bool Cycle) Find(IReadOnlyList<string> path)
    {
        HoconValue? node = _root;
        for (var i = 0; i < path.Count; i++)
        {
            var last = i == path.Count - 1;
            if (node is HoconObject { Prior: not null } pending && !_inProgress.Contains(pending))
            {
                node = ResolveValue(pending);
            }

            if (node is not HoconObject obj || !TryGetField(obj, path[i], out var child))
            {
                return (false, null, false);
            }

            if (_inProgress.Contains(child))
            {
                // An object that contains this substitution: walk into it field by field (the specification's
                // "bar : { foo : 42, baz : ${bar.foo} }" must work without resolving all of bar first).
                var lookingBack = AnyPriorInProgress(child);
                if (child is HoconObject && !last && !lookingBack)
                {
                    node = child;
                    continue;
                }

                // A substitution or concatenation being resolved (or a value merged over one) is the field this
                // substitution is defining: per the specification it "looks back" to the value below it in the
                // merge stack. An object or array that contains the reference cannot look back: that is an
                // unbreakable cycle such as "a : { b : ${a} }".
                if (child is not (HoconSubstitution or HoconConcatenation) && !lookingBack)
                {
                    return (false, null, true);
                }

                while (child is not null && _inProgress.Contains(child))
                {
                    child = child.Prior;
                }

                if (child is null)
                {
                    return (false, null, true);
                }
            }

            if (child is HoconObject childObject && !last)
            {
                node = childObject;
                continue;
            }

            var value = ResolveValue(child);
            if (value is null)
            {
                return (false, null, false);
            }

            if (last)
            {
                return (true, value, false);
            }

            node = value;
        }

        return (false, null, false);
    }

    private bool AnyPriorInProgress(HoconValue value)
    {
        for (var prior = value.Prior; prior is not null; prior = prior.Prior)
        {
            if (_inProgress.Contains(prior))
            {
                return true;
            }
        }

        return false;
    }

    private bool TryGetField(HoconObject obj, string key, out HoconValue child)
    {
        if (obj.TryGetValue(key, out child!))
        {
            return true;
        }

        // An object being resolved that overrides a substitution: keys it does not set come from the value below.
        if (obj.Prior is { } prior && !_inProgress.Contains(prior))
        {
            var below = prior as HoconObject ?? ResolveValue(prior) as HoconObject;
            if (below is not null)
            {
                return TryGetField(below, key, out child);
            }
        }

        return false;
    }

    private HoconParseException CycleError(HoconOrigin? origin)
    {
        var chain = string.Join(" -> ", _lookups.Select(s => $"{s.Expression} at {s.Origin}"));
        var message = chain.Length == 0
            ? "substitution cycle: a value refers to itself"
            : $"substitution cycle: {chain} refers back to a value that is still being resolved and has no earlier value to fall back on (a field may refer to itself only to extend an earlier value, as in path = ${{path}} [x])";
        return origin is null ? new HoconParseException(message) : new HoconParseException(origin, message);
    }
}
