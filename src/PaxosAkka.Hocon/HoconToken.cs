namespace PaxosAkka.Hocon;

/// <summary>The kinds of token the HOCON lexer produces.</summary>
internal enum HoconTokenKind
{
    EndOfInput,
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    Comma,

    /// <summary>A key/value separator: <c>=</c> or <c>:</c>.</summary>
    Separator,

    /// <summary>The append operator <c>+=</c>.</summary>
    PlusEquals,
    Newline,

    /// <summary>Spaces or tabs on one line; kept because whitespace between values is part of a concatenation.</summary>
    Whitespace,
    Unquoted,
    Quoted,

    /// <summary>A <c>${path}</c> or <c>${?path}</c> substitution; <see cref="HoconToken.Text"/> holds the path expression.</summary>
    Substitution,
}

/// <summary>One lexical token with the place it starts.</summary>
/// <param name="Kind">What the token is.</param>
/// <param name="Text">The decoded text (string contents without quotes and escapes, whitespace as written).</param>
/// <param name="Origin">Where the token starts.</param>
/// <param name="Optional">For a substitution: whether it was written <c>${?...}</c>.</param>
internal sealed record HoconToken(HoconTokenKind Kind, string Text, HoconOrigin Origin, bool Optional = false)
{
    /// <summary>Describes the token for error messages ("'}'", "end of input", "'foo'").</summary>
    public string Describe() => Kind switch
    {
        HoconTokenKind.EndOfInput => "the end of the input",
        HoconTokenKind.Newline => "a newline",
        HoconTokenKind.Whitespace => "whitespace",
        HoconTokenKind.Quoted => $"the quoted string \"{Text}\"",
        HoconTokenKind.Substitution => $"the substitution ${{{(Optional ? "?" : string.Empty)}{Text}}}",
        HoconTokenKind.Unquoted => $"'{Text}'",
        _ => $"'{Text}'",
    };
}
