namespace PaxosAkka.Hocon.Tests;

/// <summary>Every parse error names the origin, line and column, and says what was expected.</summary>
public class ParseErrorTests
{
    private static HoconParseException At(string text, int line, int column)
    {
        var error = Hocon.ParseError(text, origin: "node.conf");
        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
        Assert.StartsWith($"node.conf:{line}:{column}: ", error.Message, StringComparison.Ordinal);
        Assert.Equal("node.conf", error.Origin!.Source);
        return error;
    }

    [Fact]
    public void Unclosed_brace_error_names_line_and_column()
    {
        var error = At("a {\n  b = 1\n", 3, 1);
        Assert.Contains("expected '}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("opened at node.conf:1:3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unclosed_bracket_error_names_line_and_column()
    {
        var error = At("a = [1,\n 2", 2, 3);
        Assert.Contains("expected ']'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unmatched_closing_brace_is_an_error()
    {
        var error = At("a = 1\n}", 2, 1);
        Assert.Contains("'}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unterminated_quoted_string_error_points_at_the_end_of_the_line()
    {
        var error = At("a = \"abc\nb = 1", 1, 9);
        Assert.Contains("closing '\"'", error.Message, StringComparison.Ordinal);
        Assert.Contains("opened at node.conf:1:5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unterminated_triple_quoted_string_is_an_error()
    {
        var error = Hocon.ParseError("a = \"\"\"abc\n", origin: "node.conf");
        Assert.Contains("'\"\"\"'", error.Message, StringComparison.Ordinal);
        Assert.Contains("opened at node.conf:1:5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_separator_error_names_the_key()
    {
        // Whitespace belongs to keys ("a b c : 42" is the key "a b c"), so the key runs to the end of the line.
        var error = At("timeout 5s\n", 1, 11);
        Assert.Contains("'='", error.Message, StringComparison.Ordinal);
        Assert.Contains("'\"timeout 5s\"'", error.Message, StringComparison.Ordinal);
        Assert.Contains("newline", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_value_is_an_error()
    {
        // As in JSON a value may follow the separator on the next line, so "b" is read as a's value.
        var error = At("a = \nb = 1", 2, 3);
        Assert.Contains("found '='", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Value_at_end_of_input_is_missing()
    {
        var error = At("a =", 1, 4);
        Assert.Contains("end of the input", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a = b!c", 6, '!')]
    [InlineData("a = x*y", 6, '*')]
    [InlineData("a = 1 + 2", 7, '+')]
    [InlineData("a = `x`", 5, '`')]
    public void Reserved_character_in_an_unquoted_string_is_an_error(string text, int column, char reserved)
    {
        var error = At(text, 1, column);
        Assert.Contains($"'{reserved}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("quotes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_escape_is_an_error()
    {
        var error = At("a = \"x\\qy\"", 1, 7);
        Assert.Contains("escape", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Short_unicode_escape_is_an_error()
    {
        var error = At("a = \"\\u12\"", 1, 6);
        Assert.Contains("hexadecimal", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unclosed_substitution_is_an_error()
    {
        var error = Hocon.ParseError("a = ${b.c\n", origin: "node.conf");
        Assert.Contains("'}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("node.conf:1:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a..b = 1")]
    [InlineData(".a = 1")]
    [InlineData("a. = 1")]
    public void Empty_path_element_in_a_key_is_an_error(string text)
    {
        var error = Hocon.ParseError(text, origin: "node.conf");
        Assert.Contains("node.conf:1:", error.Message, StringComparison.Ordinal);
        Assert.Contains("'.'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_path_in_substitution_is_an_error_at_the_substitution()
    {
        var error = At("x = 1\na = ${x..y}", 2, 5);
        Assert.Contains("x..y", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Array_at_the_root_is_rejected()
    {
        var error = At("[1, 2]", 1, 1);
        Assert.Contains("object", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_after_the_braced_root_is_an_error()
    {
        var error = At("{ a = 1 }\nb = 2", 2, 1);
        Assert.Contains("end of the input", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_values_without_separator_in_an_array_on_one_line_concatenate_but_a_brace_does_not_belong()
    {
        var error = At("a = [1 2}", 1, 9);
        Assert.Contains("']'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\0\0\0")]
    [InlineData("{{{{")]
    [InlineData("]]]")]
    [InlineData("a = ${")]
    [InlineData("a = \"\\u")]
    [InlineData("include")]
    [InlineData("include required(")]
    [InlineData("a = [{ b = [{ c = ")]
    [InlineData("\"\"\"")]
    [InlineData("a += ")]
    [InlineData("a = ${?}")]
    public void Garbage_input_gives_a_parse_error_never_a_crash(string text)
    {
        var error = Hocon.ParseError(text, origin: "garbage.conf");
        Assert.StartsWith("garbage.conf:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Seeded_random_inputs_never_crash_the_parser_and_valid_ones_round_trip()
    {
        // Mutations of a realistic config: every outcome must be a Config or a located HoconParseException.
        const string Seed = "a { b = [1, \"x\", ${?c}], s = str }\nd.e += 2s\nf = \"\"\"t\"\"\" g ${a.s}\n";
        const string Alphabet = "{}[]=:,+$?\"#/\\. \n\tab1-";
        Assert.Equal("t g str", Hocon.Parse(Seed).GetString("f"));
        var random = new Random(12345);
        var parsed = 0;
        for (var i = 0; i < 2000; i++)
        {
            var chars = Seed.ToCharArray();
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                chars[random.Next(chars.Length)] = Alphabet[random.Next(Alphabet.Length)];
            }

            var text = new string(chars);
            try
            {
                // Whatever parses must also render to HOCON that parses back to the same configuration.
                var config = Hocon.Parse(text, origin: "fuzz.conf");
                var rendered = config.ToString();
                Assert.Equal(rendered, Hocon.Parse(rendered, origin: "rendered.conf").ToString());
                parsed++;
            }
            catch (HoconParseException ex)
            {
                Assert.True(ex.Line > 0 && ex.Column > 0, $"no location for input {text}: {ex.Message}");
                Assert.StartsWith("fuzz.conf:", ex.Message, StringComparison.Ordinal);
            }
        }

        // Both outcomes must be exercised, or the test proves nothing.
        Assert.InRange(parsed, 100, 1900);
    }
}
