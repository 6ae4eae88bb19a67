namespace PaxosAkka.Hocon.Tests;

/// <summary>
/// application.WithFallback(reference) stacks the two documents as if reference came first in one file, then
/// resolves again (specification: "Config object merging and file merging ... exactly the same behavior as for
/// merging duplicate fields in the same file").
/// </summary>
public class FallbackStackingTests
{
    [Fact]
    public void Plus_equals_in_application_appends_to_the_reference_list()
    {
        var reference = Hocon.Parse("paxos.extensions = [metrics]", origin: "reference.conf");
        var app = Hocon.Parse("paxos.extensions += tracing", origin: "application.conf");
        Assert.Equal(["tracing"], app.GetStringList("paxos.extensions"));
        Assert.Equal(["metrics", "tracing"], app.WithFallback(reference).GetStringList("paxos.extensions"));
    }

    [Fact]
    public void Reference_substitution_sees_the_application_override()
    {
        var reference = Hocon.Parse("base-timeout = 1s\nask-timeout = ${base-timeout}");
        var app = Hocon.Parse("base-timeout = 5s");
        Assert.Equal(TimeSpan.FromSeconds(5), app.WithFallback(reference).GetTimeSpan("ask-timeout"));
        Assert.Equal(TimeSpan.FromSeconds(1), reference.GetTimeSpan("ask-timeout"));
    }

    [Fact]
    public void Optional_substitution_in_application_sees_a_reference_value()
    {
        var reference = Hocon.Parse("defaults.port = 2552");
        var app = Hocon.Parse("node.port = ${?defaults.port}");
        Assert.False(app.HasPath("node.port"));
        Assert.Equal(2552, app.WithFallback(reference).GetInt("node.port"));
    }

    [Fact]
    public void Appends_stack_across_a_chain_of_fallbacks()
    {
        var first = Hocon.Parse("roles += c");
        var second = Hocon.Parse("roles += b");
        var third = Hocon.Parse("roles = [a]");
        Assert.Equal(["a", "b", "c"], first.WithFallback(second).WithFallback(third).GetStringList("roles"));
        Assert.Equal(["a", "b", "c"], first.WithFallback(second.WithFallback(third)).GetStringList("roles"));
    }

    [Fact]
    public void Stacking_leaves_both_configs_and_a_reused_fallback_unchanged()
    {
        var reference = Hocon.Parse("list = [r]\nobj { x = 1 }");
        var app1 = Hocon.Parse("list += a1\nobj { y = 1 }");
        var app2 = Hocon.Parse("list += a2");
        Assert.Equal(["r", "a1"], app1.WithFallback(reference).GetStringList("list"));
        Assert.Equal(["r", "a2"], app2.WithFallback(reference).GetStringList("list"));
        Assert.Equal(["r"], reference.GetStringList("list"));
        Assert.False(reference.HasPath("obj.y"));
        Assert.Equal(["a1"], app1.GetStringList("list"));
    }

    [Fact]
    public void Application_object_over_a_number_hides_reference_object_when_stacked()
    {
        var reference = Hocon.Parse("a { y = 2 }");
        var app = Hocon.Parse("a = 42\na = { x = 1 }");
        var merged = app.WithFallback(reference);
        Assert.Equal(1, merged.GetInt("a.x"));
        Assert.False(merged.HasPath("a.y"));
    }

    [Fact]
    public void Sub_config_fallback_merges_resolved_values()
    {
        var app = Hocon.Parse("paxos { acceptor { batch = 10 } }").GetConfig("paxos.acceptor");
        var defaults = Hocon.Parse("batch = 1, timeout = 2s");
        var merged = app.WithFallback(defaults);
        Assert.Equal(10, merged.GetInt("batch"));
        Assert.Equal(TimeSpan.FromSeconds(2), merged.GetTimeSpan("timeout"));
    }

    [Fact]
    public void Stacking_uses_the_application_environment()
    {
        var reference = Hocon.Parse("port = 2552\nport = ${?PORT}");
        var app = Hocon.Parse("host = h", new Dictionary<string, string> { ["PORT"] = "2600" });
        Assert.Equal(2552, reference.GetInt("port"));
        Assert.Equal(2600, app.WithFallback(reference).GetInt("port"));
    }
}
