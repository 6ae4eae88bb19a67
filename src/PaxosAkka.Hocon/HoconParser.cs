using System.Globalization;
using System.Text.RegularExpressions;

namespace PaxosAkka.Hocon;

/// <summary>
/// Recursive-descent parser from tokens to an unresolved tree (substitutions and concatenations still in it).
/// Repeated keys are handled here as the specification says: an object over an object merges, anything else
/// replaces the earlier value but remembers it as <see cref="HoconValue.Prior"/> for self-references.
/// Includes are parsed on the spot and merged in at the include point.
/// </summary>
internal sealed partial class HoconParser
{
    private readonly List<HoconToken> _tokens;
    private readonly HoconSource _source;
    private readonly HoconIncludeResolver _includes;
    private readonly IReadOnlyList<string> _includeStack;
    private readonly IReadOnlyList<string> _includePrefix;
    private int _pos;
    private int _depth;

    /// <summary>
    /// Deepest nesting of objects and arrays accepted. Real configs nest a handful of levels; the limit turns
    /// hostile input such as a million '[' into a located error instead of a stack overflow.
    /// </summary>
    internal const int MaxDepth = 256;

    private HoconParser(HoconSource source, HoconIncludeResolver includes, IReadOnlyList<string> includeStack, IReadOnlyList<string> includePrefix)
    {
        _source = source;
        _includes = includes;
        _includeStack = includeStack;
        _includePrefix = includePrefix;
        _tokens = new HoconTokenizer(source.Text, source.Source).Tokenize();
    }

    /// <summary>Parses a whole document; the root must be an object, braced or not.</summary>
    public static HoconObject Parse(HoconSource source, HoconIncludeResolver includes) =>
        Parse(source, includes, [source.Source], []);

    private static HoconObject Parse(HoconSource source, HoconIncludeResolver includes, IReadOnlyList<string> includeStack, IReadOnlyList<string> includePrefix) =>
        new HoconParser(source, includes, includeStack, includePrefix).ParseRoot();

    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    private HoconToken Peek => _tokens[_pos];

    private HoconToken Take() => _tokens[_pos++];

    private void SkipWhitespace()
    {
        while (Peek.Kind == HoconTokenKind.Whitespace)
        {
            _pos++;
        }
    }

    private void SkipWhitespaceAndNewlines()
    {
        while (Peek.Kind is HoconTokenKind.Whitespace or HoconTokenKind.Newline)
        {
            _pos++;
        }
    }

    private HoconObject ParseRoot()
    {
        SkipWhitespaceAndNewlines();
        HoconObject root;
        if (Peek.Kind == HoconTokenKind.OpenBrace)
        {
            var open = Take();
            root = ParseObjectBody(open, []);
        }
        else if (Peek.Kind == HoconTokenKind.OpenBracket)
        {
            throw new HoconParseException(Peek.Origin, "expected an object at the root of the document but found an array; a configuration must be an object");
        }
        else
        {
            root = ParseObjectBody(null, []);
        }

        SkipWhitespaceAndNewlines();
        if (Peek.Kind != HoconTokenKind.EndOfInput)
        {
            throw new HoconParseException(Peek.Origin, $"expected the end of the input after the root object but found {Peek.Describe()}");
        }

        return root;
    }

    // Parses fields until the closing brace (braced) or the end of the input (the unbraced root).
    private HoconObject ParseObjectBody(HoconToken? open, IReadOnlyList<string> path)
    {
        var obj = new HoconObject(open?.Origin ?? new HoconOrigin(_source.Source, 1, 1));
        while (true)
        {
            SkipWhitespaceAndNewlines();
            var token = Peek;
            if (token.Kind == HoconTokenKind.CloseBrace)
            {
                if (open is null)
                {
                    throw new HoconParseException(token.Origin, "expected a key or the end of the input but found '}' with no matching '{'");
                }

                _pos++;
                return obj;
            }

            if (token.Kind == HoconTokenKind.EndOfInput)
            {
                if (open is not null)
                {
                    throw new HoconParseException(token.Origin, $"expected '}}' to close the object opened at {open.Origin} but reached the end of the input");
                }

                return obj;
            }

            if (IsInclude())
            {
                ParseInclude(obj, path);
            }
            else
            {
                ParseField(obj, path);
            }

            SkipWhitespace();
            switch (Peek.Kind)
            {
                case HoconTokenKind.Comma:
                    _pos++;
                    break;
                case HoconTokenKind.Newline or HoconTokenKind.CloseBrace or HoconTokenKind.EndOfInput:
                    break;
                default:
                    throw new HoconParseException(Peek.Origin, $"expected ',', a newline or '}}' after a field but found {Peek.Describe()}");
            }
        }
    }

    private void ParseField(HoconObject obj, IReadOnlyList<string> path)
    {
        var keyStart = _pos;
        while (Peek.Kind is HoconTokenKind.Unquoted or HoconTokenKind.Quoted or HoconTokenKind.Whitespace)
        {
            _pos++;
        }

        var keyTokens = _tokens.GetRange(keyStart, _pos - keyStart);
        if (keyTokens.Count == 0)
        {
            throw new HoconParseException(Peek.Origin, $"expected a key but found {Peek.Describe()}");
        }

        var keyOrigin = keyTokens[0].Origin;
        var key = ConfigPath.FromTokens(keyTokens, keyOrigin);
        var fullPath = path.Concat(key).ToList();
        HoconValue value;
        switch (Peek.Kind)
        {
            case HoconTokenKind.Separator:
                _pos++;
                SkipWhitespaceAndNewlines();
                value = ParseValue(fullPath);
                break;
            case HoconTokenKind.PlusEquals:
                _pos++;
                SkipWhitespaceAndNewlines();
                var appended = ParseValue(fullPath);

                // "a += x" is sugar for "a = ${?a} [x]" (specification: the += field separator).
                var self = new HoconSubstitution([.. _includePrefix, .. fullPath], optional: true, [], keyOrigin);
                value = new HoconConcatenation([self, new HoconArray([appended], appended.Origin)], keyOrigin);
                break;
            case HoconTokenKind.OpenBrace:
                value = ParseValue(fullPath);
                break;
            default:
                throw new HoconParseException(
                    Peek.Origin,
                    $"expected '=', ':', '+=' or '{{' after the key '{ConfigPath.Render(key)}' but found {Peek.Describe()}");
        }

        // "a.b.c = 1" means "a { b { c = 1 } }".
        for (var i = key.Count - 1; i > 0; i--)
        {
            var wrapper = new HoconObject(keyOrigin);
            wrapper.SetField(key[i], value);
            value = wrapper;
        }

        Assign(obj, key[0], value);
    }

    /// <summary>Sets a field the way a repeated key behaves: objects merge, anything else overrides.</summary>
    internal static void Assign(HoconObject obj, string key, HoconValue value)
    {
        if (obj.TryGetValue(key, out var existing))
        {
            if (existing is HoconObject existingObject && value is HoconObject newObject && newObject.Prior is null)
            {
                foreach (var (childKey, childValue) in newObject.Fields)
                {
                    Assign(existingObject, childKey, childValue);
                }

                return;
            }

            // The new value's own merge stack (if it came from another document) goes on top of the old one.
            var bottom = value;
            while (bottom.Prior is not null)
            {
                bottom = bottom.Prior;
            }

            bottom.Prior = existing;
        }

        obj.SetField(key, value);
    }

    private HoconValue ParseValue(IReadOnlyList<string> path)
    {
        var start = Peek.Origin;
        var pieces = new List<HoconValue>();
        var unquotedCount = 0;
        while (true)
        {
            var token = Peek;
            switch (token.Kind)
            {
                case HoconTokenKind.Unquoted:
                    unquotedCount++;
                    pieces.Add(new HoconScalar(HoconScalarKind.String, Take().Text, token.Origin));
                    continue;
                case HoconTokenKind.Quoted:
                    pieces.Add(new HoconScalar(HoconScalarKind.String, Take().Text, token.Origin));
                    continue;
                case HoconTokenKind.Substitution:
                    _pos++;
                    var substitutionPath = ConfigPath.Parse(token.Text, token.Origin);
                    pieces.Add(new HoconSubstitution(substitutionPath, token.Optional, _includePrefix, token.Origin));
                    continue;
                case HoconTokenKind.OpenBrace:
                    _pos++;
                    EnterNesting(token);
                    pieces.Add(ParseObjectBody(token, path));
                    _depth--;
                    continue;
                case HoconTokenKind.OpenBracket:
                    _pos++;
                    EnterNesting(token);
                    pieces.Add(ParseArray(token, path));
                    _depth--;
                    continue;
                case HoconTokenKind.Whitespace:
                    // Whitespace counts only between two parts of the value, never at its end.
                    var next = _tokens[_pos + 1].Kind;
                    if (pieces.Count > 0 && next is HoconTokenKind.Unquoted or HoconTokenKind.Quoted or HoconTokenKind.Substitution
                        or HoconTokenKind.OpenBrace or HoconTokenKind.OpenBracket)
                    {
                        pieces.Add(new HoconScalar(HoconScalarKind.String, token.Text, token.Origin, isWhitespace: true));
                    }

                    _pos++;
                    continue;
            }

            break;
        }

        if (pieces.Count == 0)
        {
            throw new HoconParseException(Peek.Origin, $"expected a value (a string, number, object, array or substitution) but found {Peek.Describe()}");
        }

        if (pieces.Count == 1)
        {
            return unquotedCount == 1 && pieces[0] is HoconScalar scalar ? Classify(scalar) : pieces[0];
        }

        if (pieces.Any(p => p is HoconSubstitution || ContainsUnresolved(p)))
        {
            return new HoconConcatenation(pieces, start);
        }

        return HoconMerge.Concatenate(pieces, start)!;
    }

    private void EnterNesting(HoconToken open)
    {
        if (++_depth > MaxDepth)
        {
            throw new HoconParseException(open.Origin, $"objects and arrays are nested more than {MaxDepth} levels deep");
        }
    }

    private static bool ContainsUnresolved(HoconValue value) => value switch
    {
        HoconSubstitution or HoconConcatenation => true,
        HoconObject obj => obj.Prior is not null || obj.Fields.Values.Any(v => v.Prior is not null || ContainsUnresolved(v)),
        HoconArray array => array.Items.Any(ContainsUnresolved),
        _ => false,
    };

    // A lone unquoted word is a boolean, null or a number when it reads as one; otherwise it is a string.
    private static HoconScalar Classify(HoconScalar scalar)
    {
        var kind = scalar.Text switch
        {
            "true" or "false" => HoconScalarKind.Boolean,
            "null" => HoconScalarKind.Null,
            _ when NumberPattern().IsMatch(scalar.Text) && double.TryParse(scalar.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) => HoconScalarKind.Number,
            _ => HoconScalarKind.String,
        };
        return kind == HoconScalarKind.String ? scalar : new HoconScalar(kind, scalar.Text, scalar.Origin);
    }

    private HoconArray ParseArray(HoconToken open, IReadOnlyList<string> path)
    {
        var items = new List<HoconValue>();
        while (true)
        {
            SkipWhitespaceAndNewlines();
            if (Peek.Kind == HoconTokenKind.CloseBracket)
            {
                _pos++;
                return new HoconArray(items, open.Origin);
            }

            if (Peek.Kind == HoconTokenKind.EndOfInput)
            {
                throw new HoconParseException(Peek.Origin, $"expected ']' to close the array opened at {open.Origin} but reached the end of the input");
            }

            items.Add(ParseValue(path));
            SkipWhitespace();
            switch (Peek.Kind)
            {
                case HoconTokenKind.Comma:
                    _pos++;
                    break;
                case HoconTokenKind.Newline or HoconTokenKind.CloseBracket or HoconTokenKind.EndOfInput:
                    break;
                default:
                    throw new HoconParseException(Peek.Origin, $"expected ',', a newline or ']' after an array element but found {Peek.Describe()}");
            }
        }
    }
}
