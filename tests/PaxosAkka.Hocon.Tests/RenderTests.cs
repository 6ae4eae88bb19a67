namespace PaxosAkka.Hocon.Tests;

public class RenderTests
{
    [Fact]
    public void ToString_renders_hocon_that_parses_back_to_the_same_values()
    {
        var original = Hocon.Parse(""""
            a.b.c = 1
            "key with.dot" = "text with \"quotes\" and \\ and\nnewline"
            list = [1, two, { three = 3 }, [4]]
            flag = off
            real = true
            nothing = null
            empty {}
            emptyList = []
            triple = """x"y"""
            "" = empty-key
            """");
        var text = original.ToString();
        var reparsed = Hocon.Parse(text);
        Assert.Equal(text, reparsed.ToString());
        Assert.Equal(original.AsEnumerable().Select(kv => (kv.Key, kv.Value.ToString())), reparsed.AsEnumerable().Select(kv => (kv.Key, kv.Value.ToString())));
        Assert.Equal("text with \"quotes\" and \\ and\nnewline", reparsed.GetString("\"key with.dot\""));
        Assert.Equal(HoconScalarKind.Boolean, Assert.IsType<HoconScalar>(reparsed.GetValue("real")).Kind);
    }

    [Fact]
    public void AsEnumerable_lists_every_leaf_path_in_order()
    {
        var config = Hocon.Parse("a { b = 1, c { d = 2 } }\n\"x.y\" = [1]\nn = null");
        Assert.Equal(["a.b", "a.c.d", "\"x.y\"", "n"], config.AsEnumerable().Select(kv => kv.Key));
    }

    [Fact]
    public void Values_render_as_hocon_text()
    {
        var config = Hocon.Parse("a = [1, \"two\"]");
        Assert.Equal("[\n  1\n  \"two\"\n]", config.GetValue("a")!.ToString());
    }

    [Fact]
    public void Empty_config_renders_as_empty_text()
    {
        Assert.Equal(string.Empty, Config.Empty.ToString());
    }
}
