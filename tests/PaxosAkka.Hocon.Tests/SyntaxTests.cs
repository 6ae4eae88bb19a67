namespace PaxosAkka.Hocon.Tests;

public class SyntaxTests
{
    [Fact]
    public void Json_is_valid_hocon_and_gives_the_same_values()
    {
        var config = Hocon.Parse("""
            {
              "name": "node-1",
              "port": 2552,
              "ratio": -0.25,
              "big": 9007199254740993,
              "exp": 1e3,
              "enabled": true,
              "disabled": false,
              "nothing": null,
              "seeds": ["a", "b"],
              "nested": { "inner": { "deep": [1, 2, {"x": 3}] } },
              "empty": {},
              "none": []
            }
            """);

        Assert.Equal("node-1", config.GetString("name"));
        Assert.Equal(2552, config.GetInt("port"));
        Assert.Equal(-0.25, config.GetDouble("ratio"));
        Assert.Equal(9007199254740993L, config.GetLong("big"));
        Assert.Equal(1000, config.GetInt("exp"));
        Assert.True(config.GetBoolean("enabled"));
        Assert.False(config.GetBoolean("disabled"));
        Assert.False(config.HasPath("nothing"));
        Assert.Equal(["a", "b"], config.GetStringList("seeds"));
        var deep = Assert.IsType<HoconArray>(config.GetValue("nested.inner.deep"));
        Assert.Equal(3, deep.Items.Count);
        Assert.True(config.GetConfig("empty").IsEmpty);
        Assert.Empty(config.GetStringList("none"));
    }

    [Fact]
    public void Root_braces_may_be_omitted()
    {
        var braced = Hocon.Parse("{ a = 1, b = 2 }");
        var bare = Hocon.Parse("a = 1, b = 2");
        Assert.Equal(braced.ToString(), bare.ToString());
    }

    [Fact]
    public void Equals_colon_and_no_separator_before_brace_are_equivalent()
    {
        var config = Hocon.Parse("""
            a = { x = 1 }
            b : { x = 1 }
            c { x = 1 }
            """);
        Assert.Equal(1, config.GetInt("a.x"));
        Assert.Equal(1, config.GetInt("b.x"));
        Assert.Equal(1, config.GetInt("c.x"));
    }

    [Fact]
    public void Hash_and_double_slash_start_comments_outside_quotes()
    {
        var config = Hocon.Parse("""
            # a comment line
            a = 1 # trailing hash comment
            b = 2 // trailing slash comment
            // another comment
            c = "not # a comment"
            d = "not // a comment"
            e = foo//an unquoted string stops at a comment
            """);
        Assert.Equal(1, config.GetInt("a"));
        Assert.Equal(2, config.GetInt("b"));
        Assert.Equal("not # a comment", config.GetString("c"));
        Assert.Equal("not // a comment", config.GetString("d"));
        Assert.Equal("foo", config.GetString("e"));
    }

    [Fact]
    public void Commas_are_optional_between_fields_on_separate_lines()
    {
        var config = Hocon.Parse("""
            a = 1
            b = 2, c = 3
            list = [
              1
              2,
              3
            ]
            """);
        Assert.Equal(3, config.GetInt("c"));
        Assert.Equal([1, 2, 3], config.GetIntList("list"));
    }

    [Fact]
    public void A_single_trailing_comma_is_ignored_in_arrays_and_objects()
    {
        var config = Hocon.Parse("a = [1, 2, 3,], b = { x = 1, },");
        Assert.Equal([1, 2, 3], config.GetIntList("a"));
        Assert.Equal(1, config.GetInt("b.x"));
    }

    [Theory]
    [InlineData("a = [1,2,3,,]")]
    [InlineData("a = [,1,2,3]")]
    [InlineData("a = [1,,2,3]")]
    [InlineData("a = 1,, b = 2")]
    [InlineData("{ , a = 1 }")]
    public void Double_leading_or_repeated_commas_are_rejected(string text)
    {
        var error = Hocon.ParseError(text);
        Assert.Contains("','", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Quoted_strings_support_json_escapes()
    {
        var config = Hocon.Parse("""
            s = "line1\nline2\t\"quoted\" back\\slash \/ \u00e9\u20AC \b\f\r"
            """);
        Assert.Equal("line1\nline2\t\"quoted\" back\\slash / \u00e9\u20AC \b\f\r", config.GetString("s"));
    }

    [Fact]
    public void Triple_quoted_strings_are_raw_and_may_span_lines()
    {
        var config = Hocon.Parse(""""
            s = """first "line"
            second \n not an escape"""
            """");
        Assert.Equal("first \"line\"\nsecond \\n not an escape", config.GetString("s"));
    }

    [Fact]
    public void Extra_quotes_before_the_closing_triple_quote_belong_to_the_string()
    {
        var config = Hocon.Parse("s = \"\"\"x\"\"\"\"\"");
        Assert.Equal("x\"\"", config.GetString("s"));
    }

    [Fact]
    public void Unquoted_strings_keep_whitespace_between_words_and_trim_the_ends()
    {
        var config = Hocon.Parse("s =    foo   bar baz   \nt = a\tb");
        Assert.Equal("foo   bar baz", config.GetString("s"));
        Assert.Equal("a\tb", config.GetString("t"));
    }

    [Fact]
    public void Lone_true_false_null_and_numbers_keep_their_types()
    {
        var config = Hocon.Parse("t = true, f = false, n = null, i = 42, neg = -7, d = 3.5, s = \"42\"");
        Assert.Equal(HoconScalarKind.Boolean, Assert.IsType<HoconScalar>(config.GetValue("t")).Kind);
        Assert.Equal(HoconScalarKind.Boolean, Assert.IsType<HoconScalar>(config.GetValue("f")).Kind);
        Assert.Null(config.GetValue("n"));
        Assert.Equal(HoconScalarKind.Null, Assert.IsType<HoconScalar>(config.Root.Fields["n"]).Kind);
        Assert.Equal(HoconScalarKind.Number, Assert.IsType<HoconScalar>(config.GetValue("i")).Kind);
        Assert.Equal(-7, config.GetInt("neg"));
        Assert.Equal(3.5, config.GetDouble("d"));
        Assert.Equal(HoconScalarKind.String, Assert.IsType<HoconScalar>(config.GetValue("s")).Kind);
        Assert.Equal(42, config.GetInt("s"));
    }

    [Fact]
    public void Booleans_and_numbers_inside_a_concatenation_become_text_as_written()
    {
        var config = Hocon.Parse("a = true foo, b = 1e5 bar, c = 10.0bar, d = null x");
        Assert.Equal("true foo", config.GetString("a"));
        Assert.Equal("1e5 bar", config.GetString("b"));
        Assert.Equal("10.0bar", config.GetString("c"));
        Assert.Equal("null x", config.GetString("d"));
    }

    [Fact]
    public void Number_with_signed_exponent_is_a_number()
    {
        var config = Hocon.Parse("a = 1.5e+3, b = 2E-2");
        Assert.Equal(1500, config.GetDouble("a"));
        Assert.Equal(0.02, config.GetDouble("b"));
    }

    [Fact]
    public void Include_is_an_ordinary_word_outside_the_start_of_a_key()
    {
        var config = Hocon.Parse("""
            foo include : 42
            bar : include
            list = [ include ]
            "include" : 7
            include = 8
            """);
        Assert.Equal(42, config.GetInt("\"foo include\""));
        Assert.Equal("include", config.GetString("bar"));
        Assert.Equal(["include"], config.GetStringList("list"));
        Assert.Equal(8, config.GetInt("\"include\""));
    }

    [Fact]
    public void Windows_line_endings_and_byte_order_mark_are_accepted()
    {
        var config = Hocon.Parse("\uFEFFa = 1\r\nb = two words\r\n");
        Assert.Equal(1, config.GetInt("a"));
        Assert.Equal("two words", config.GetString("b"));
    }

    [Fact]
    public void Empty_document_is_an_empty_config()
    {
        Assert.True(Hocon.Parse("").IsEmpty);
        Assert.True(Hocon.Parse("  # only a comment\n\n").IsEmpty);
        Assert.True(ConfigurationFactory.Empty.IsEmpty);
    }

    [Fact]
    public void Newline_after_the_separator_is_allowed_as_in_json()
    {
        var config = Hocon.Parse("{ \"a\":\n  1 }");
        Assert.Equal(1, config.GetInt("a"));
    }
}
