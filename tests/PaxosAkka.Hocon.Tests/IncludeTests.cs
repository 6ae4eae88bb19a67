namespace PaxosAkka.Hocon.Tests;

/// <summary>Includes against real files in a fresh temporary directory per test.</summary>
public sealed class IncludeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hocon-include-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string relativePath, string text)
    {
        var path = Path.Combine(_dir, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static Config Load(string path) => ConfigurationFactory.ParseFile(path, _ => null);

    [Fact]
    public void Include_merges_keys_at_the_include_point()
    {
        Write("base.conf", "a = 1\nshared { x = 1, y = 1 }");
        var main = Write("main.conf", "include \"base.conf\"\nb = 2\nshared { y = 2 }");
        var config = Load(main);
        Assert.Equal(1, config.GetInt("a"));
        Assert.Equal(2, config.GetInt("b"));
        Assert.Equal(1, config.GetInt("shared.x"));
        Assert.Equal(2, config.GetInt("shared.y"));
    }

    [Fact]
    public void Included_keys_override_earlier_keys_and_later_keys_override_included()
    {
        Write("inc.conf", "a = included\nb = included");
        var main = Write("main.conf", "a = before\ninclude \"inc.conf\"\nb = after");
        var config = Load(main);
        Assert.Equal("included", config.GetString("a"));
        Assert.Equal("after", config.GetString("b"));
    }

    [Fact]
    public void Include_is_resolved_relative_to_the_including_file_not_the_working_directory()
    {
        Write("conf/sub/leaf.conf", "leaf = yes");
        Write("conf/mid.conf", "include \"sub/leaf.conf\"\nmid = yes");
        var main = Write("main.conf", "include file(\"conf/mid.conf\")");
        var config = Load(main);
        Assert.True(config.GetBoolean("leaf"));
        Assert.True(config.GetBoolean("mid"));
    }

    [Fact]
    public void Include_inside_an_object_nests_the_included_keys()
    {
        Write("foo.conf", "{ x : 10, y : ${x} }");
        var main = Write("main.conf", "a : { include \"foo.conf\" }");
        var config = Load(main);
        Assert.Equal(10, config.GetInt("a.x"));
        Assert.Equal(10, config.GetInt("a.y"));
    }

    [Fact]
    public void Substitutions_in_included_files_are_fixed_up_to_the_include_point()
    {
        Write("foo.conf", "{ x : 10, y : ${x} }");
        var main = Write("main.conf", "{\n a : { include \"foo.conf\" }\n a : { x : 42 }\n}");
        Assert.Equal(42, Load(main).GetInt("a.y"));
    }

    [Fact]
    public void Substitution_in_included_file_falls_back_to_the_including_root()
    {
        Write("inc.conf", "greeting = hello ${name}");
        var main = Write("main.conf", "name = paxos\nsubtree { include \"inc.conf\" }");
        Assert.Equal("hello paxos", Load(main).GetString("subtree.greeting"));
    }

    [Fact]
    public void Missing_include_is_silently_ignored()
    {
        var main = Write("main.conf", "include \"nothere.conf\"\ninclude file(\"nothere\")\na = 1");
        Assert.Equal(1, Load(main).GetInt("a"));
    }

    [Fact]
    public void Missing_required_include_is_an_error_naming_file_line_and_column()
    {
        var main = Write("main.conf", "a = 1\n  include required(\"nothere.conf\")");
        var error = Assert.Throws<HoconParseException>(() => Load(main));
        Assert.Contains("main.conf:2:3", error.Message, StringComparison.Ordinal);
        Assert.Contains("nothere.conf", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Line);
        Assert.Equal(3, error.Column);
    }

    [Fact]
    public void Required_file_include_loads_the_file()
    {
        Write("must.conf", "m = 1");
        var main = Write("main.conf", "include required(file(\"must.conf\"))");
        Assert.Equal(1, Load(main).GetInt("m"));
    }

    [Fact]
    public void Include_without_extension_tries_conf()
    {
        Write("defaults.conf", "d = 1");
        var main = Write("main.conf", "include \"defaults\"");
        Assert.Equal(1, Load(main).GetInt("d"));
    }

    [Fact]
    public void Json_file_can_be_included()
    {
        Write("cluster.json", "{ \"seed-nodes\": [\"127.0.0.1:2552\", \"127.0.0.1:2553\"], \"a.b\": 1 }");
        var main = Write("main.conf", "cluster { include \"cluster.json\" }");
        var config = Load(main);
        Assert.Equal(["127.0.0.1:2552", "127.0.0.1:2553"], config.GetStringList("cluster.seed-nodes"));
        Assert.Equal(1, config.GetInt("cluster.\"a.b\""));
    }

    [Fact]
    public void Include_without_extension_finds_a_hocon_node_config()
    {
        Write("seed-common.hocon", "cluster.port = 2552");
        var main = Write("seed-1.hocon", "include \"seed-common\"\nnode.name = seed-1");
        var config = Load(main);
        Assert.Equal(2552, config.GetInt("cluster.port"));
        Assert.Equal("seed-1", config.GetString("node.name"));
    }

    [Fact]
    public void Include_cycle_is_detected_with_a_clear_error()
    {
        Write("a.conf", "include \"b.conf\"\na = 1");
        Write("b.conf", "include \"a.conf\"\nb = 1");
        var error = Assert.Throws<HoconParseException>(() => Load(Path.Combine(_dir, "a.conf")));
        Assert.Contains("include cycle", error.Message, StringComparison.Ordinal);
        Assert.Contains("a.conf -> ", error.Message, StringComparison.Ordinal);
        Assert.Contains("b.conf:1:1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Self_include_is_a_cycle()
    {
        var main = Write("self.conf", "include \"self.conf\"");
        Assert.Contains("include cycle", Assert.Throws<HoconParseException>(() => Load(main)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_error_in_an_included_file_names_the_included_file()
    {
        Write("broken.conf", "ok = 1\nbad = {");
        var main = Write("main.conf", "include \"broken.conf\"");
        var error = Assert.Throws<HoconParseException>(() => Load(main));
        Assert.Contains("broken.conf:2:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plus_equals_in_included_files_appends_across_files()
    {
        Write("one.conf", "plugins += one");
        Write("two.conf", "plugins += two");
        var main = Write("main.conf", "include \"one.conf\"\ninclude \"two.conf\"\nplugins += three");
        Assert.Equal(["one", "two", "three"], Load(main).GetStringList("plugins"));
    }

    [Fact]
    public void Custom_include_resolver_serves_includes_from_memory()
    {
        HoconSource? Resolver(HoconIncludeRequest request) =>
            request.Name == "virtual.conf" ? new HoconSource("v = 1", "memory:virtual.conf") : null;
        var config = ConfigurationFactory.ParseString("include classpath(\"virtual.conf\")", "main", _ => null, Resolver);
        Assert.Equal(1, config.GetInt("v"));
    }

    [Fact]
    public void Include_request_reports_kind_and_requiredness()
    {
        var requests = new List<HoconIncludeRequest>();
        HoconSource? Resolver(HoconIncludeRequest request)
        {
            requests.Add(request);
            return new HoconSource("x = 1", "memory:" + request.Name);
        }

        ConfigurationFactory.ParseString("include \"a\"\ninclude url(\"b\")\ninclude required( classpath(\"c\") )", "main", _ => null, Resolver);
        Assert.Equal(
            [("a", HoconIncludeKind.Heuristic, false), ("b", HoconIncludeKind.Url, false), ("c", HoconIncludeKind.Classpath, true)],
            requests.Select(r => (r.Name, r.Kind, r.Required)).ToArray());
        Assert.All(requests, r => Assert.Equal("main", r.IncludingSource));
    }

    [Fact]
    public void Include_argument_may_follow_on_the_next_line()
    {
        Write("next.conf", "n = 1");
        var main = Write("main.conf", "include\n\n  \"next.conf\"\nm = 2");
        var config = Load(main);
        Assert.Equal(1, config.GetInt("n"));
        Assert.Equal(2, config.GetInt("m"));
    }

    [Fact]
    public void Include_followed_by_unquoted_name_is_an_error()
    {
        var error = Hocon.ParseError("include file(foo.conf)");
        Assert.Contains("expected a quoted file name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Included_file_with_array_root_is_an_error()
    {
        Write("array.conf", "[1, 2]");
        var main = Write("main.conf", "include \"array.conf\"");
        var error = Assert.Throws<HoconParseException>(() => Load(main));
        Assert.Contains("array.conf:1:1", error.Message, StringComparison.Ordinal);
        Assert.Contains("object", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseFile_of_a_missing_file_names_the_path()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigurationFactory.ParseFile(Path.Combine(_dir, "absent.conf")));
        Assert.Contains("absent.conf", error.Message, StringComparison.Ordinal);
    }
}
