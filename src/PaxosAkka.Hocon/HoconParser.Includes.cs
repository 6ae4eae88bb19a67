namespace PaxosAkka.Hocon;

/// <summary>The include statement: <c>include "x"</c>, <c>include file("x")</c>, <c>include required(file("x"))</c>.</summary>
internal sealed partial class HoconParser
{
    private static readonly (string Prefix, HoconIncludeKind Kind)[] Qualifiers =
    [
        ("file(", HoconIncludeKind.File),
        ("classpath(", HoconIncludeKind.Classpath),
        ("url(", HoconIncludeKind.Url),
    ];

    // "include" is a keyword only when an include target follows; "include = 1" is an ordinary key.
    private bool IsInclude()
    {
        if (Peek.Kind != HoconTokenKind.Unquoted || Peek.Text != "include")
        {
            return false;
        }

        // The specification allows any whitespace, newlines included, between include and its argument.
        var next = _pos + 1;
        while (_tokens[next].Kind is HoconTokenKind.Whitespace or HoconTokenKind.Newline)
        {
            next++;
        }

        var token = _tokens[next];
        return token.Kind == HoconTokenKind.Quoted
            || (token.Kind == HoconTokenKind.Unquoted && (token.Text.StartsWith("required(", StringComparison.Ordinal)
                || Qualifiers.Any(q => token.Text.StartsWith(q.Prefix, StringComparison.Ordinal))));
    }

    private void ParseInclude(HoconObject obj, IReadOnlyList<string> path)
    {
        var includeToken = Take();
        SkipWhitespaceAndNewlines();
        var required = false;
        var kind = HoconIncludeKind.Heuristic;
        var openParens = 0;
        while (Peek.Kind == HoconTokenKind.Unquoted)
        {
            var text = Peek.Text;
            if (text.StartsWith("required(", StringComparison.Ordinal) && !required && kind == HoconIncludeKind.Heuristic)
            {
                required = true;
                openParens++;
                text = text["required(".Length..];
            }

            var qualifier = Array.Find(Qualifiers, q => text.StartsWith(q.Prefix, StringComparison.Ordinal));
            if (qualifier.Prefix is not null && kind == HoconIncludeKind.Heuristic)
            {
                kind = qualifier.Kind;
                openParens++;
                text = text[qualifier.Prefix.Length..];
            }

            if (text.Length > 0)
            {
                throw new HoconParseException(Peek.Origin, $"expected a quoted file name, as in include \"name\", file(\"name\"), classpath(\"name\"), url(\"name\") or required(...), but found '{Peek.Text}'");
            }

            _pos++;
            SkipWhitespace();
        }

        if (Peek.Kind != HoconTokenKind.Quoted)
        {
            throw new HoconParseException(Peek.Origin, $"expected a quoted file name after include but found {Peek.Describe()}");
        }

        var name = Take().Text;
        SkipWhitespace();
        while (openParens > 0)
        {
            if (Peek.Kind != HoconTokenKind.Unquoted || Peek.Text.Length == 0 || Peek.Text.Any(c => c != ')') || Peek.Text.Length > openParens)
            {
                throw new HoconParseException(Peek.Origin, $"expected ')' to close the include of \"{name}\" but found {Peek.Describe()}");
            }

            openParens -= Take().Text.Length;
            SkipWhitespace();
        }

        var request = new HoconIncludeRequest(name, kind, required, _source.Source, _source.Directory);
        var included = _includes(request);
        if (included is null)
        {
            if (required)
            {
                var where = _source.Directory is null ? string.Empty : $" (looked relative to {_source.Directory})";
                throw new HoconParseException(includeToken.Origin, $"include required(\"{name}\") could not find \"{name}\"{where}");
            }

            // The specification: a missing non-required include is silently ignored.
            return;
        }

        if (_includeStack.Contains(included.Source, StringComparer.Ordinal))
        {
            var cycle = string.Join(" -> ", _includeStack.Append(included.Source));
            throw new HoconParseException(includeToken.Origin, $"include cycle: {cycle}");
        }

        var prefix = _includePrefix.Concat(path).ToList();
        var includedRoot = Parse(included, _includes, [.. _includeStack, included.Source], prefix);
        foreach (var (key, value) in includedRoot.Fields)
        {
            Assign(obj, key, value);
        }
    }
}
