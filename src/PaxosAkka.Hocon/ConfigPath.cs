using System.Text;

namespace PaxosAkka.Hocon;

/// <summary>
/// Path expressions: <c>a.b.c</c>, <c>a."b.c"</c>, <c>"a b".c</c>. Unquoted text splits on dots, quoted
/// text never does, and whitespace inside the expression is kept (leading and trailing whitespace is not).
/// Used for keys, substitutions and the getters' path arguments alike, so all three agree.
/// </summary>
internal static class ConfigPath
{
    /// <summary>Parses a path expression given as text, e.g. a getter's argument.</summary>
    public static IReadOnlyList<string> Parse(string expression, HoconOrigin? origin = null)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var source = origin?.Source ?? "path expression";
        List<HoconToken> tokens;
        try
        {
            tokens = new HoconTokenizer(expression, source).Tokenize();
        }
        catch (HoconParseException ex)
        {
            throw new HoconParseException(origin ?? new HoconOrigin(source, 1, 1), $"invalid path expression '{expression}': {ex.Reason}");
        }

        tokens.RemoveAt(tokens.Count - 1);
        try
        {
            return FromTokens(tokens, origin ?? new HoconOrigin(source, 1, 1), expression);
        }
        catch (HoconParseException ex) when (origin is not null)
        {
            // Token positions are relative to the expression; report the place the expression was written.
            throw new HoconParseException(origin, ex.Reason);
        }
    }

    /// <summary>Builds the path from the tokens of a key or substitution (unquoted, quoted and whitespace only).</summary>
    public static IReadOnlyList<string> FromTokens(IReadOnlyList<HoconToken> tokens, HoconOrigin origin, string? display = null)
    {
        var first = 0;
        var last = tokens.Count - 1;
        while (first <= last && tokens[first].Kind == HoconTokenKind.Whitespace)
        {
            first++;
        }

        while (last >= first && tokens[last].Kind == HoconTokenKind.Whitespace)
        {
            last--;
        }

        display ??= string.Concat(tokens.Select(t => t.Kind == HoconTokenKind.Quoted ? $"\"{t.Text}\"" : t.Text));
        if (first > last)
        {
            throw new HoconParseException(origin, "expected a path expression (a key such as a.b.c) but it is empty");
        }

        var segments = new List<string>();
        var current = new StringBuilder();
        for (var i = first; i <= last; i++)
        {
            var token = tokens[i];
            switch (token.Kind)
            {
                case HoconTokenKind.Quoted or HoconTokenKind.Whitespace:
                    current.Append(token.Text);
                    break;
                case HoconTokenKind.Unquoted:
                    for (var c = 0; c < token.Text.Length; c++)
                    {
                        if (token.Text[c] != '.')
                        {
                            current.Append(token.Text[c]);
                            continue;
                        }

                        if (current.Length == 0 && !(i > first && tokens[i - 1].Kind == HoconTokenKind.Quoted && c == 0))
                        {
                            throw new HoconParseException(token.Origin, $"invalid path '{display}': expected a key before '.' (empty path elements must be quoted, \"\")");
                        }

                        segments.Add(current.ToString());
                        current.Clear();
                    }

                    break;
                default:
                    throw new HoconParseException(token.Origin, $"invalid path '{display}': expected a key but found {token.Describe()}");
            }
        }

        if (current.Length == 0 && tokens[last].Kind == HoconTokenKind.Unquoted)
        {
            throw new HoconParseException(tokens[last].Origin, $"invalid path '{display}': a path cannot end with '.'");
        }

        segments.Add(current.ToString());
        return segments;
    }

    /// <summary>Renders segments back to a path expression, quoting segments that need it.</summary>
    public static string Render(IEnumerable<string> segments) => string.Join('.', segments.Select(RenderKey));

    /// <summary>Renders one key, quoted if it is empty or holds characters an unquoted key cannot.</summary>
    public static string RenderKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var plain = key.Length > 0 && key.All(c => char.IsLetterOrDigit(c) || c is '-' or '_');
        return plain ? key : Quote(key);
    }

    /// <summary>Renders a string as a JSON-style quoted string.</summary>
    public static string Quote(string text)
    {
        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (char.IsControl(c))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }
}
