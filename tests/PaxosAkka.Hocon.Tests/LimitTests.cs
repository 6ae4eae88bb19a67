using System.Text;

namespace PaxosAkka.Hocon.Tests;

/// <summary>Hostile or extreme input ends in a located error, never a stack overflow.</summary>
public class LimitTests
{
    [Fact]
    public void Deep_nesting_within_the_limit_parses()
    {
        var depth = HoconParser.MaxDepth - 1;
        var text = "a = " + new string('[', depth) + "1" + new string(']', depth);
        Assert.True(Hocon.Parse(text).HasPath("a"));
    }

    [Fact]
    public void Nesting_beyond_the_limit_is_a_located_error_not_a_stack_overflow()
    {
        var error = Hocon.ParseError("a = " + new string('[', 100_000));
        Assert.Contains("nested more than", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Deep_object_nesting_beyond_the_limit_is_an_error()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 300; i++)
        {
            text.Append("k { ");
        }

        Assert.Contains("nested more than", Hocon.ParseError(text.ToString()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hundreds_of_appends_to_one_list_resolve()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 400; i++)
        {
            text.Append("plugins += p").Append(i).Append('\n');
        }

        var plugins = Hocon.Parse(text.ToString()).GetStringList("plugins");
        Assert.Equal(400, plugins.Count);
        Assert.Equal("p399", plugins[^1]);
    }

    [Fact]
    public void Overlong_substitution_chain_is_a_located_error()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 2_000; i++)
        {
            text.Append('a').Append(i).Append(" = ${a").Append(i + 1).Append("}\n");
        }

        text.Append("a2000 = end\n");
        var error = Hocon.ParseError(text.ToString());
        Assert.Contains("chain of more than", error.Message, StringComparison.Ordinal);
        Assert.True(error.Line > 0);
    }

    [Fact]
    public void Long_substitution_chain_within_the_limit_resolves()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 300; i++)
        {
            text.Append('a').Append(i).Append(" = ${a").Append(i + 1).Append("}\n");
        }

        text.Append("a300 = end\n");
        Assert.Equal("end", Hocon.Parse(text.ToString()).GetString("a0"));
    }

    [Fact]
    public void Large_flat_config_parses()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 5_000; i++)
        {
            text.Append("section").Append(i % 100).Append(".key").Append(i).Append(" = \"value ").Append(i).Append("\"\n");
        }

        var config = Hocon.Parse(text.ToString());
        Assert.Equal("value 4999", config.GetString("section99.key4999"));
        Assert.Equal(5_000, config.AsEnumerable().Count());
    }
}
