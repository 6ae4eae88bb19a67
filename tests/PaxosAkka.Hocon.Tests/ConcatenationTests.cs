namespace PaxosAkka.Hocon.Tests;

public class ConcatenationTests
{
    [Fact]
    public void Unquoted_and_quoted_strings_concatenate_with_the_whitespace_between()
    {
        var config = Hocon.Parse("a = foo \"bar\"  baz\nb = \"x\"\"y\"");
        Assert.Equal("foo bar  baz", config.GetString("a"));
        Assert.Equal("xy", config.GetString("b"));
    }

    [Fact]
    public void Concatenation_of_foo_bar_equals_the_quoted_string()
    {
        var config = Hocon.Parse("a = foo bar\nb = \"foo bar\"");
        Assert.Equal(config.GetString("b"), config.GetString("a"));
        Assert.Equal(7, config.GetString("a").Length);
    }

    [Fact]
    public void Array_concatenation_appends_elements()
    {
        var config = Hocon.Parse("a = [1, 2] [3, 4]\nb = [1]\nc = ${b} [2] ${b}");
        Assert.Equal([1, 2, 3, 4], config.GetIntList("a"));
        Assert.Equal([1, 2, 1], config.GetIntList("c"));
    }

    [Fact]
    public void Object_concatenation_merges_objects_later_wins()
    {
        var config = Hocon.Parse("""
            defaults { host = localhost, port = 2552 }
            node1 = ${defaults} { port = 2553 }
            node2 = { a = 1 } { b = 2 }
            """);
        Assert.Equal("localhost", config.GetString("node1.host"));
        Assert.Equal(2553, config.GetInt("node1.port"));
        Assert.Equal(2552, config.GetInt("defaults.port"));
        Assert.Equal(1, config.GetInt("node2.a"));
        Assert.Equal(2, config.GetInt("node2.b"));
    }

    [Fact]
    public void Concatenating_an_array_with_a_string_is_an_error()
    {
        var error = Hocon.ParseError("a = [1] foo");
        Assert.Contains("cannot concatenate", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("test.conf:1:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Concatenating_an_object_with_an_array_is_an_error()
    {
        var error = Hocon.ParseError("a = { x = 1 } [1]");
        Assert.Contains("an object", error.Message, StringComparison.Ordinal);
        Assert.Contains("an array", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Concatenation_never_spans_a_newline()
    {
        var config = Hocon.Parse("a = foo\n  bar = baz");
        Assert.Equal("foo", config.GetString("a"));
        Assert.Equal("baz", config.GetString("bar"));
    }

    [Fact]
    public void Array_elements_can_be_concatenations()
    {
        var config = Hocon.Parse("host = h\nlist = [ ${host}:1, foo bar, \"x\" y ]".Replace(":1", "\":1\"", StringComparison.Ordinal));
        Assert.Equal(["h:1", "foo bar", "x y"], config.GetStringList("list"));
    }

    [Fact]
    public void Substitution_of_an_object_inside_an_array_is_resolved()
    {
        var config = Hocon.Parse("d { a = 1 }\nlist = [ ${d}, ${d} { b = 2 } ]");
        var list = Assert.IsType<HoconArray>(config.GetValue("list"));
        var second = Assert.IsType<HoconObject>(list.Items[1]);
        Assert.Equal(2, second.Count);
    }
}
