namespace PaxosAkka.Hocon.Tests;

public class SubstitutionTests
{
    [Fact]
    public void Substitution_reads_an_absolute_path()
    {
        var config = Hocon.Parse("a { b { c = 5 } }\nx { y = ${a.b.c} }");
        Assert.Equal(5, config.GetInt("x.y"));
    }

    [Fact]
    public void Substitution_looks_forward_to_the_final_value()
    {
        var config = Hocon.Parse("x = ${a}\na = 1\na = 2");
        Assert.Equal(2, config.GetInt("x"));
    }

    [Fact]
    public void Substitution_alone_keeps_the_type_of_its_target()
    {
        var config = Hocon.Parse("n = 3, b = true, o { k = v }, l = [1, 2]\nn2 = ${n}, b2 = ${b}, o2 = ${o}, l2 = ${l}");
        Assert.Equal(HoconScalarKind.Number, Assert.IsType<HoconScalar>(config.GetValue("n2")).Kind);
        Assert.True(config.GetBoolean("b2"));
        Assert.Equal("v", config.GetString("o2.k"));
        Assert.Equal([1, 2], config.GetIntList("l2"));
    }

    [Fact]
    public void Substitution_in_string_concatenation_keeps_surrounding_text()
    {
        var config = Hocon.Parse("""
            animal.favorite = cat
            a = ${animal.favorite} is my favorite animal
            b = ${animal.favorite}" is my favorite animal"
            c = "I like "${animal.favorite}s
            """);
        Assert.Equal("cat is my favorite animal", config.GetString("a"));
        Assert.Equal("cat is my favorite animal", config.GetString("b"));
        Assert.Equal("I like cats", config.GetString("c"));
    }

    [Fact]
    public void Substitutions_are_not_parsed_inside_quoted_strings()
    {
        var config = Hocon.Parse("a = \"${not.a.substitution}\"");
        Assert.Equal("${not.a.substitution}", config.GetString("a"));
    }

    [Fact]
    public void Object_may_refer_to_its_own_fields()
    {
        var config = Hocon.Parse("bar : { foo : 42,\n baz : ${bar.foo}\n }");
        Assert.Equal(42, config.GetInt("bar.baz"));
    }

    [Fact]
    public void Substitution_into_own_object_sees_the_later_merged_value()
    {
        var config = Hocon.Parse("bar : { foo : 42,\n baz : ${bar.foo}\n }\nbar : { foo : 43 }");
        Assert.Equal(43, config.GetInt("bar.baz"));
    }

    [Fact]
    public void Mutually_referring_objects_resolve_by_looking_forward()
    {
        var config = Hocon.Parse("""
            bar : { a : ${foo.d}, b : 1 }
            bar.b = 3
            foo : { c : ${bar.b}, d : 2 }
            foo.d = 4
            """);
        Assert.Equal(4, config.GetInt("bar.a"));
        Assert.Equal(3, config.GetInt("foo.c"));
    }

    [Fact]
    public void Required_substitution_falls_back_to_environment()
    {
        var config = Hocon.Parse("home = ${HOME}", new Dictionary<string, string> { ["HOME"] = "/home/paxos" });
        Assert.Equal("/home/paxos", config.GetString("home"));
    }

    [Fact]
    public void Optional_substitution_falls_back_to_environment()
    {
        var config = Hocon.Parse("port = 2552\nport = ${?PAXOS_PORT}", new Dictionary<string, string> { ["PAXOS_PORT"] = "2600" });
        Assert.Equal(2600, config.GetInt("port"));
    }

    [Fact]
    public void Optional_substitution_keeps_previous_value_when_undefined()
    {
        var config = Hocon.Parse("port = 2552\nport = ${?PAXOS_PORT}");
        Assert.Equal(2552, config.GetInt("port"));
    }

    [Fact]
    public void Optional_substitution_creates_no_field_when_undefined()
    {
        var config = Hocon.Parse("a = ${?missing}\nb = ${?missing}${?other}");
        Assert.False(config.HasPath("a"));
        Assert.False(config.Root.TryGetValue("b", out _));
    }

    [Fact]
    public void Optional_substitution_is_dropped_from_arrays_and_is_empty_in_strings()
    {
        var config = Hocon.Parse("list = [1, ${?missing}, 2]\ns = x${?missing}y");
        Assert.Equal([1, 2], config.GetIntList("list"));
        Assert.Equal("xy", config.GetString("s"));
    }

    [Fact]
    public void Config_value_wins_over_environment_variable()
    {
        var config = Hocon.Parse("HOME = /configured\nh = ${HOME}", new Dictionary<string, string> { ["HOME"] = "/env" });
        Assert.Equal("/configured", config.GetString("h"));
    }

    [Fact]
    public void Path_set_to_null_does_not_fall_back_to_environment()
    {
        var config = Hocon.Parse("HOME = null\nh = ${HOME}\ns = x${HOME}y", new Dictionary<string, string> { ["HOME"] = "/env" });
        Assert.False(config.HasPath("h"));
        Assert.Equal("xy", config.GetString("s"));
    }

    [Fact]
    public void Missing_required_substitution_error_names_path_file_line_and_column()
    {
        var error = Hocon.ParseError("a = 1\nb = ${does.not.exist}", origin: "node.conf");
        Assert.Equal(2, error.Line);
        Assert.Equal(5, error.Column);
        Assert.StartsWith("node.conf:2:5:", error.Message, StringComparison.Ordinal);
        Assert.Contains("does.not.exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Self_referential_substitution_appends_to_previous_value()
    {
        var config = Hocon.Parse("path = [/usr/bin]\npath = ${path} [/opt/bin]\npath = ${path} [/sbin]");
        Assert.Equal(["/usr/bin", "/opt/bin", "/sbin"], config.GetStringList("path"));
    }

    [Fact]
    public void Self_referential_string_concatenation_extends_previous_string()
    {
        var config = Hocon.Parse("path : \"a:b:c\"\npath : ${path}\":d\"\na = x\na = ${a}\"y\"");
        Assert.Equal("a:b:c:d", config.GetString("path"));
        Assert.Equal("xy", config.GetString("a"));
    }

    [Fact]
    public void Self_reference_to_previous_object_resolves_to_that_object()
    {
        var config = Hocon.Parse("foo : { a : 1 }\nfoo : ${foo}");
        Assert.Equal(1, config.GetInt("foo.a"));
    }

    [Fact]
    public void Self_reference_with_object_concatenation_extends_the_object()
    {
        var config = Hocon.Parse("foo : { a : 1 }\nfoo : ${foo} { b : 2 }");
        Assert.Equal(1, config.GetInt("foo.a"));
        Assert.Equal(2, config.GetInt("foo.b"));
    }

    [Fact]
    public void Self_reference_through_a_path_reads_the_value_below()
    {
        var config = Hocon.Parse("""
            foo : { a : { c : 1 } }
            foo : ${foo.a}
            foo : { a : 2 }
            """);
        Assert.Equal(2, config.GetInt("foo.a"));
        Assert.Equal(1, config.GetInt("foo.c"));
    }

    [Fact]
    public void Self_reference_without_previous_value_is_an_error()
    {
        var error = Hocon.ParseError("foo : ${foo}");
        Assert.Contains("${foo}", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Self_reference_without_previous_value_reads_the_environment_variable_of_that_name()
    {
        var config = Hocon.Parse("PATH = ${PATH}\":/opt/paxos/bin\"", new Dictionary<string, string> { ["PATH"] = "/usr/bin" });
        Assert.Equal("/usr/bin:/opt/paxos/bin", config.GetString("PATH"));
    }

    [Fact]
    public void Optional_self_reference_without_previous_value_disappears()
    {
        var config = Hocon.Parse("foo : ${?foo}\na = ${?a}foo");
        Assert.False(config.HasPath("foo"));
        Assert.Equal("foo", config.GetString("a"));
    }

    [Fact]
    public void Self_reference_hidden_by_a_later_value_is_never_evaluated()
    {
        var config = Hocon.Parse("foo : ${does-not-exist}\nfoo : 42\nbar : ${bar}\nbar : 1");
        Assert.Equal(42, config.GetInt("foo"));
        Assert.Equal(1, config.GetInt("bar"));
    }

    [Fact]
    public void Plus_equals_appends_to_an_array()
    {
        var config = Hocon.Parse("a = [1]\na += 2\na += 3");
        Assert.Equal([1, 2, 3], config.GetIntList("a"));
    }

    [Fact]
    public void Plus_equals_may_be_the_first_mention_of_a_key()
    {
        var config = Hocon.Parse("a += x\nnested { list += 1, list += 2 }");
        Assert.Equal(["x"], config.GetStringList("a"));
        Assert.Equal([1, 2], config.GetIntList("nested.list"));
    }

    [Fact]
    public void Plus_equals_on_a_non_array_is_an_error()
    {
        var error = Hocon.ParseError("a = 1\na += 2");
        Assert.Contains("cannot concatenate", error.Message, StringComparison.Ordinal);
        Assert.Contains("test.conf:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_step_substitution_cycle_is_detected_with_a_clear_error()
    {
        var error = Hocon.ParseError("bar : ${foo}\nfoo : ${bar}");
        Assert.Contains("cycle", error.Message, StringComparison.Ordinal);
        Assert.Contains("${foo}", error.Message, StringComparison.Ordinal);
        Assert.Contains("${bar}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Three_step_substitution_cycle_is_detected()
    {
        var error = Hocon.ParseError("a : ${b}\nb : ${c}\nc : ${a}");
        Assert.Contains("cycle", error.Message, StringComparison.Ordinal);
        Assert.Contains("test.conf:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Object_containing_a_reference_to_itself_is_an_unbreakable_cycle()
    {
        Assert.Contains("cycle", Hocon.ParseError("a : { b : ${a} }").Message, StringComparison.Ordinal);
        Assert.Contains("cycle", Hocon.ParseError("a : [${a}]").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mutually_self_referencing_fields_resolve_to_the_same_value()
    {
        // The specification allows 1 or 2 here but requires a and b to agree (memoised resolution).
        var config = Hocon.Parse("a : 1\nb : 2\na : ${b}\nb : ${a}");
        Assert.Equal(config.GetInt("a"), config.GetInt("b"));
    }

    [Fact]
    public void Later_object_over_a_substitution_merges_with_the_substituted_object()
    {
        var config = Hocon.Parse("defaults { host = h, port = 1 }\nnode = ${defaults}\nnode { port = 2 }");
        Assert.Equal("h", config.GetString("node.host"));
        Assert.Equal(2, config.GetInt("node.port"));
        Assert.Equal(1, config.GetInt("defaults.port"));
    }

    [Fact]
    public void Same_substitution_resolves_once_and_shares_the_result()
    {
        var config = Hocon.Parse("a = ${c}, b = ${c}, c = { x = 1 }");
        Assert.Same(config.GetValue("a"), config.GetValue("b"));
    }

    [Fact]
    public void Quoted_path_in_substitution_reads_keys_with_dots()
    {
        var config = Hocon.Parse("\"a.b\" = 1\nc = ${\"a.b\"}");
        Assert.Equal(1, config.GetInt("c"));
    }

    [Fact]
    public void Substitution_of_a_number_in_a_concatenation_uses_the_text_as_written()
    {
        var config = Hocon.Parse("n = 1.50\ns = v${n}");
        Assert.Equal("v1.50", config.GetString("s"));
    }
}
