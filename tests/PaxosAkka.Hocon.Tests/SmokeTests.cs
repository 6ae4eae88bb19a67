namespace PaxosAkka.Hocon.Tests;

public class SmokeTests
{
    [Fact]
    public void Parses_basic_config()
    {
        var config = ConfigurationFactory.ParseString("""
            a.b.c = 1
            a { d = ${a.b.c} }
            path = [x]
            path = ${path} [y]
            path += z
            s = foo bar ${a.d}
            t = 2s
            """);
        Assert.Equal(1, config.GetInt("a.d"));
        Assert.Equal(["x", "y", "z"], config.GetStringList("path"));
        Assert.Equal("foo bar 1", config.GetString("s"));
        Assert.Equal(TimeSpan.FromSeconds(2), config.GetTimeSpan("t"));
    }
}
