using System.Globalization;
using System.Text;

namespace PaxosAkka.Hocon;

/// <summary>
/// Turns HOCON text into tokens. Whitespace and newlines are tokens too: HOCON keeps whitespace between the
/// parts of a value concatenation (<c>a = foo bar</c> is "foo bar") and treats a newline like a comma.
/// Comments (<c>#</c> and <c>//</c>) are dropped; the newline ending them is kept.
/// </summary>
internal sealed class HoconTokenizer
{
    // Characters the HOCON specification forbids in unquoted strings; they either start a token or are reserved.
    private const string Forbidden = "$\"{}[]:=,+#`^?!@*&\\";

    private readonly string _text;
    private readonly string _source;
    private int _pos;
    private int _line = 1;
    private int _column = 1;

    public HoconTokenizer(string text, string source)
    {
        _text = text;
        _source = source;
    }

    /// <summary>Lexes the whole input; the last token is always <see cref="HoconTokenKind.EndOfInput"/>.</summary>
    public List<HoconToken> Tokenize()
    {
        var tokens = new List<HoconToken>();
        if (_text.Length > 0 && _text[0] == '\uFEFF')
        {
            Advance(1);
        }

        while (true)
        {
            var token = Next();
            tokens.Add(token);
            if (token.Kind == HoconTokenKind.EndOfInput)
            {
                return tokens;
            }
        }
    }

    private HoconOrigin Here() => new(_source, _line, _column);

    private char Peek(int ahead = 0) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private bool AtEnd(int ahead = 0) => _pos + ahead >= _text.Length;

    private void Advance(int count)
    {
        for (var i = 0; i < count && _pos < _text.Length; i++)
        {
            if (_text[_pos] == '\n')
            {
                _line++;
                _column = 1;
            }
            else
            {
                _column++;
            }

            _pos++;
        }
    }

    private HoconToken Single(HoconTokenKind kind, int length)
    {
        var origin = Here();
        var text = _text.Substring(_pos, length);
        Advance(length);
        return new HoconToken(kind, text, origin);
    }

    private HoconToken Next()
    {
        if (AtEnd())
        {
            return new HoconToken(HoconTokenKind.EndOfInput, string.Empty, Here());
        }

        var c = Peek();
        switch (c)
        {
            case '\n':
                return Single(HoconTokenKind.Newline, 1);
            case '\r' when Peek(1) == '\n':
                var crlf = Here();
                Advance(2);
                return new HoconToken(HoconTokenKind.Newline, "\n", crlf);
            case '{':
                return Single(HoconTokenKind.OpenBrace, 1);
            case '}':
                return Single(HoconTokenKind.CloseBrace, 1);
            case '[':
                return Single(HoconTokenKind.OpenBracket, 1);
            case ']':
                return Single(HoconTokenKind.CloseBracket, 1);
            case ',':
                return Single(HoconTokenKind.Comma, 1);
            case '=' or ':':
                return Single(HoconTokenKind.Separator, 1);
            case '+' when Peek(1) == '=':
                return Single(HoconTokenKind.PlusEquals, 2);
            case '#':
                SkipComment();
                return Next();
            case '/' when Peek(1) == '/':
                SkipComment();
                return Next();
            case '"' when Peek(1) == '"' && Peek(2) == '"':
                return TripleQuoted();
            case '"':
                return Quoted();
            case '$' when Peek(1) == '{':
                return Substitution();
        }

        if (IsWhitespace(c))
        {
            var origin = Here();
            var start = _pos;
            while (!AtEnd() && IsWhitespace(Peek()))
            {
                Advance(1);
            }

            return new HoconToken(HoconTokenKind.Whitespace, _text[start.._pos], origin);
        }

        if (Forbidden.Contains(c, StringComparison.Ordinal))
        {
            throw new HoconParseException(
                Here(),
                $"the character '{c}' is reserved in HOCON and cannot appear in an unquoted string; put the value in double quotes");
        }

        return Unquoted();
    }

    // A newline is not whitespace here: it separates fields and elements.
    // The specification also counts the file/group/record/unit separators (U+001C..U+001F) as whitespace.
    private static bool IsWhitespace(char c) => c != '\n' && (char.IsWhiteSpace(c) || c == '\uFEFF' || c is >= '\u001C' and <= '\u001F');

    private void SkipComment()
    {
        while (!AtEnd() && Peek() != '\n')
        {
            Advance(1);
        }
    }

    private HoconToken Unquoted()
    {
        var origin = Here();
        var start = _pos;
        while (!AtEnd())
        {
            var c = Peek();
            if (c == '/' && Peek(1) == '/')
            {
                break;
            }

            // "1e+5" is a number, so '+' continues the token right after a number's exponent marker.
            if (c == '+' && LooksLikeExponentStart(_text[start.._pos]))
            {
                Advance(1);
                continue;
            }

            if (c == '\n' || IsWhitespace(c) || Forbidden.Contains(c, StringComparison.Ordinal))
            {
                break;
            }

            Advance(1);
        }

        return new HoconToken(HoconTokenKind.Unquoted, _text[start.._pos], origin);
    }

    private static bool LooksLikeExponentStart(string soFar) =>
        soFar.Length >= 2
        && (soFar[^1] == 'e' || soFar[^1] == 'E')
        && double.TryParse(soFar[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private HoconToken Quoted()
    {
        var origin = Here();
        Advance(1);
        var text = new StringBuilder();
        while (true)
        {
            if (AtEnd() || Peek() == '\n')
            {
                throw new HoconParseException(
                    Here(),
                    $"expected a closing '\"' for the string opened at {origin} but found {(AtEnd() ? "the end of the input" : "a newline")}; use \"\"\"triple quotes\"\"\" for multi-line strings");
            }

            var c = Peek();
            if (c == '"')
            {
                Advance(1);
                return new HoconToken(HoconTokenKind.Quoted, text.ToString(), origin);
            }

            if (c == '\\')
            {
                text.Append(Escape());
                continue;
            }

            text.Append(c);
            Advance(1);
        }
    }

    private string Escape()
    {
        var origin = Here();
        var c = Peek(1);
        Advance(2);
        switch (c)
        {
            case '"': return "\"";
            case '\\': return "\\";
            case '/': return "/";
            case 'b': return "\b";
            case 'f': return "\f";
            case 'n': return "\n";
            case 'r': return "\r";
            case 't': return "\t";
            case 'u':
                var hex = _pos + 4 <= _text.Length ? _text.Substring(_pos, 4) : string.Empty;
                if (hex.Length != 4 || !int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                {
                    throw new HoconParseException(origin, "expected four hexadecimal digits after \\u in a quoted string");
                }

                Advance(4);
                return ((char)code).ToString();
            default:
                throw new HoconParseException(
                    origin,
                    $"expected an escape (\\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX) but found '\\{(c == '\0' ? "end of input" : c.ToString())}'");
        }
    }

    private HoconToken TripleQuoted()
    {
        var origin = Here();
        Advance(3);
        var start = _pos;
        while (true)
        {
            if (AtEnd())
            {
                throw new HoconParseException(Here(), $"expected '\"\"\"' to close the triple-quoted string opened at {origin} but reached the end of the input");
            }

            if (Peek() == '"' && Peek(1) == '"' && Peek(2) == '"')
            {
                // Per the specification, extra quotes before the closing three belong to the string.
                var run = 0;
                while (Peek(run) == '"')
                {
                    run++;
                }

                var text = _text.Substring(start, _pos - start + run - 3);
                Advance(run);
                return new HoconToken(HoconTokenKind.Quoted, text, origin);
            }

            Advance(1);
        }
    }

    private HoconToken Substitution()
    {
        var origin = Here();
        Advance(2);
        var optional = false;
        if (Peek() == '?')
        {
            optional = true;
            Advance(1);
        }

        var start = _pos;
        var inQuotes = false;
        while (true)
        {
            if (AtEnd() || Peek() == '\n')
            {
                throw new HoconParseException(Here(), $"expected '}}' to close the substitution opened at {origin}");
            }

            var c = Peek();
            if (inQuotes && c == '\\')
            {
                Advance(2);
                continue;
            }

            if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (c == '}' && !inQuotes)
            {
                break;
            }

            Advance(1);
        }

        var path = _text[start.._pos];
        Advance(1);
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new HoconParseException(origin, "expected a path inside the substitution ${...} but it is empty");
        }

        return new HoconToken(HoconTokenKind.Substitution, path, origin, optional);
    }
}
