namespace PaxosAkka.Hocon.Tests;

public class MergeTests
{
    [Fact]
    public void Later_duplicate_key_merges_objects()
    {
        var config = Hocon.Parse("""
            { "foo" : { "a" : 42 },
              "foo" : { "b" : 43 } }
            """);
        Assert.Equal(42, config.GetInt("foo.a"));
        Assert.Equal(43, config.GetInt("foo.b"));
    }

    [Fact]
    public void Later_duplicate_key_overrides_non_object_value()
    {
        var config = Hocon.Parse("a = 1\na = 2\nb = { x = 1 }\nb = 3");
        Assert.Equal(2, config.GetInt("a"));
        Assert.Equal(3, config.GetInt("b"));
    }

    [Fact]
    public void Intermediate_null_prevents_object_merge()
    {
        var config = Hocon.Parse("""
            { "foo" : { "a" : 42 },
              "foo" : null,
              "foo" : { "b" : 43 } }
            """);
        Assert.False(config.HasPath("foo.a"));
        Assert.Equal(43, config.GetInt("foo.b"));
    }

    [Fact]
    public void Objects_merge_recursively_at_every_depth()
    {
        var config = Hocon.Parse("""
            a { b { c = 1, d = 2 } }
            a { b { d = 3, e = 4 } }
            """);
        Assert.Equal(1, config.GetInt("a.b.c"));
        Assert.Equal(3, config.GetInt("a.b.d"));
        Assert.Equal(4, config.GetInt("a.b.e"));
    }

    [Fact]
    public void Dotted_key_expands_to_nested_objects()
    {
        var dotted = Hocon.Parse("foo.bar.baz : 42");
        var nested = Hocon.Parse("foo { bar { baz : 42 } }");
        Assert.Equal(nested.ToString(), dotted.ToString());
        Assert.Equal(42, dotted.GetInt("foo.bar.baz"));
    }

    [Fact]
    public void Dotted_keys_merge_with_each_other_and_with_objects()
    {
        var config = Hocon.Parse("a.x : 42, a.y : 43\na { z = 44 }\na.x = 1");
        Assert.Equal(1, config.GetInt("a.x"));
        Assert.Equal(43, config.GetInt("a.y"));
        Assert.Equal(44, config.GetInt("a.z"));
    }

    [Fact]
    public void Whitespace_inside_a_key_is_part_of_the_key()
    {
        var config = Hocon.Parse("a b c : 42");
        Assert.Equal(42, config.GetInt("\"a b c\""));
    }

    [Fact]
    public void Quoted_key_parts_do_not_split_on_dots()
    {
        var config = Hocon.Parse("foo.bar.\"hello.world\" = 1\n\"a.b\" = 2\na.\"\".b = 3");
        Assert.Equal(1, config.GetInt("foo.bar.\"hello.world\""));
        Assert.Equal(2, config.GetInt("\"a.b\""));
        Assert.False(config.HasPath("a.b"));
        Assert.Equal(3, config.GetInt("a.\"\".b"));
    }

    [Fact]
    public void Keys_that_look_like_values_are_strings_and_numbers_split_on_the_dot()
    {
        var config = Hocon.Parse("true : 42\n5 : 43\n3.14 : 44\n10.0foo : 45");
        Assert.Equal(42, config.GetInt("\"true\""));
        Assert.Equal(43, config.GetInt("\"5\""));
        Assert.Equal(44, config.GetInt("\"3\".\"14\""));
        Assert.Equal(45, config.GetInt("\"10\".\"0foo\""));
    }

    [Fact]
    public void WithFallback_prefers_this_config_and_merges_objects()
    {
        var app = Hocon.Parse("akka { loglevel = DEBUG, actor { provider = cluster } }", origin: "app.conf");
        var reference = Hocon.Parse("akka { loglevel = INFO, stdout = WARNING, actor { provider = local, timeout = 5s } }", origin: "reference.conf");
        var merged = app.WithFallback(reference);
        Assert.Equal("DEBUG", merged.GetString("akka.loglevel"));
        Assert.Equal("WARNING", merged.GetString("akka.stdout"));
        Assert.Equal("cluster", merged.GetString("akka.actor.provider"));
        Assert.Equal(TimeSpan.FromSeconds(5), merged.GetTimeSpan("akka.actor.timeout"));
        Assert.Contains("app.conf", merged.Origin, StringComparison.Ordinal);
        Assert.Contains("reference.conf", merged.Origin, StringComparison.Ordinal);
    }

    [Fact]
    public void WithFallback_does_not_change_either_config()
    {
        var app = Hocon.Parse("a { x = 1 }");
        var reference = Hocon.Parse("a { y = 2 }");
        _ = app.WithFallback(reference);
        Assert.False(app.HasPath("a.y"));
        Assert.False(reference.HasPath("a.x"));
    }

    [Fact]
    public void Fallback_merges_only_adjacent_objects_as_in_the_spec()
    {
        var first = Hocon.Parse("a : { x : 1 }");
        var number = Hocon.Parse("a : 42");
        var second = Hocon.Parse("a : { y : 2 }");

        var hidden = first.WithFallback(number).WithFallback(second);
        Assert.True(hidden.HasPath("a.x"));
        Assert.False(hidden.HasPath("a.y"));

        var adjacent = first.WithFallback(second).WithFallback(number);
        Assert.Equal(1, adjacent.GetInt("a.x"));
        Assert.Equal(2, adjacent.GetInt("a.y"));
    }

    [Fact]
    public void WithFallback_of_empty_configs_is_the_other_config()
    {
        var config = Hocon.Parse("a = 1");
        Assert.Equal(1, Config.Empty.WithFallback(config).GetInt("a"));
        Assert.Equal(1, config.WithFallback(Config.Empty).GetInt("a"));
    }
}

public class ClearingTests
{
    [Fact]
    public void Object_set_after_null_does_not_merge_with_fallback()
    {
        var app = Hocon.Parse("a = null\na = { x = 1 }");
        var reference = Hocon.Parse("a { y = 2 }");
        var merged = app.WithFallback(reference);
        Assert.Equal(1, merged.GetInt("a.x"));
        Assert.False(merged.HasPath("a.y"));
    }
}
