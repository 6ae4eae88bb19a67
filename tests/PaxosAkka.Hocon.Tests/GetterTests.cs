namespace PaxosAkka.Hocon.Tests;

public class GetterTests
{
    [Theory]
    [InlineData("100", 100)]
    [InlineData("100 ms", 100)]
    [InlineData("100ms", 100)]
    [InlineData("\"250 millis\"", 250)]
    [InlineData("2s", 2_000)]
    [InlineData("2 seconds", 2_000)]
    [InlineData("1 second", 1_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("1 minute", 60_000)]
    [InlineData("3m", 180_000)]
    [InlineData("2 minutes", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("2 hours", 7_200_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("3 days", 259_200_000)]
    [InlineData("0", 0)]
    [InlineData("-5s", -5_000)]
    public void Durations_accept_units_and_default_to_milliseconds(string text, long expectedMs)
    {
        var config = Hocon.Parse($"d = {text}");
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), config.GetTimeSpan("d"));
    }

    [Theory]
    [InlineData("500 us", 5_000)]
    [InlineData("500 microseconds", 5_000)]
    [InlineData("1000ns", 10)]
    [InlineData("100 nanoseconds", 1)]
    public void Sub_millisecond_durations_are_kept_to_the_tick(string text, long expectedTicks)
    {
        Assert.Equal(TimeSpan.FromTicks(expectedTicks), Hocon.Parse($"d = {text}").GetTimeSpan("d"));
    }

    [Fact]
    public void Infinite_duration_is_the_infinite_timespan()
    {
        Assert.Equal(Timeout.InfiniteTimeSpan, Hocon.Parse("d = infinite").GetTimeSpan("d"));
    }

    [Theory]
    [InlineData("5 fortnights")]
    [InlineData("5 S")]
    [InlineData("fast")]
    [InlineData("[1]")]
    public void Bad_duration_error_names_path_and_location(string text)
    {
        var config = Hocon.Parse($"a.timeout = {text}", origin: "node.conf");
        var error = Assert.Throws<ConfigException>(() => config.GetTimeSpan("a.timeout"));
        Assert.Contains("'a.timeout'", error.Message, StringComparison.Ordinal);
        Assert.Contains("node.conf:1:", error.Message, StringComparison.Ordinal);
        Assert.Contains("duration", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1024", 1024)]
    [InlineData("10B", 10)]
    [InlineData("10 bytes", 10)]
    [InlineData("512 kB", 512_000)]
    [InlineData("512 KB", 512_000)]
    [InlineData("10 KiB", 10_240)]
    [InlineData("10K", 10_240)]
    [InlineData("10k", 10_240)]
    [InlineData("1M", 1_048_576)]
    [InlineData("1 MiB", 1_048_576)]
    [InlineData("1MB", 1_000_000)]
    [InlineData("2 megabytes", 2_000_000)]
    [InlineData("1G", 1_073_741_824)]
    [InlineData("1 GiB", 1_073_741_824)]
    [InlineData("1 GB", 1_000_000_000)]
    [InlineData("1.5 KiB", 1_536)]
    [InlineData("2 TiB", 2_199_023_255_552)]
    public void Byte_sizes_follow_the_spec_powers_of_ten_and_two(string text, long expected)
    {
        Assert.Equal(expected, Hocon.Parse($"s = {text}").GetByteSize("s"));
    }

    [Theory]
    [InlineData("10 parsecs")]
    [InlineData("-1 KiB")]
    [InlineData("lots")]
    public void Bad_size_is_an_error_naming_the_path(string text)
    {
        var config = Hocon.Parse($"buf = {text}");
        var error = Assert.Throws<ConfigException>(() => config.GetByteSize("buf"));
        Assert.Contains("'buf'", error.Message, StringComparison.Ordinal);
        Assert.Contains("size", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("yes", true)]
    [InlineData("no", false)]
    [InlineData("on", true)]
    [InlineData("off", false)]
    [InlineData("\"true\"", true)]
    public void Booleans_accept_true_false_yes_no_on_off(string text, bool expected)
    {
        Assert.Equal(expected, Hocon.Parse($"b = {text}").GetBoolean("b"));
    }

    [Fact]
    public void Bad_boolean_is_an_error_listing_accepted_words()
    {
        var error = Assert.Throws<ConfigException>(() => Hocon.Parse("b = maybe").GetBoolean("b"));
        Assert.Contains("yes/no", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Numeric_getters_convert_strings_and_reject_out_of_range()
    {
        var config = Hocon.Parse("big = 3000000000, s = \"12\", f = 2.5, e = 1e3, word = abc");
        Assert.Equal(3_000_000_000L, config.GetLong("big"));
        Assert.Equal(12, config.GetInt("s"));
        Assert.Equal(1000, config.GetInt("e"));
        Assert.Equal(2.5, config.GetDouble("f"));
        Assert.Contains("32-bit", Assert.Throws<ConfigException>(() => config.GetInt("big")).Message, StringComparison.Ordinal);
        Assert.Throws<ConfigException>(() => config.GetInt("f"));
        Assert.Throws<ConfigException>(() => config.GetDouble("word"));
    }

    [Fact]
    public void Missing_path_error_names_the_path_and_origin()
    {
        var config = Hocon.Parse("a = 1", origin: "node1.conf");
        var error = Assert.Throws<ConfigException>(() => config.GetString("paxos.acceptor.timeout"));
        Assert.Contains("'paxos.acceptor.timeout'", error.Message, StringComparison.Ordinal);
        Assert.Contains("node1.conf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_getter_returns_the_default_only_when_the_path_is_missing()
    {
        var config = Hocon.Parse("present = 7, nothing = null");
        Assert.Equal("d", config.GetString("missing", "d"));
        Assert.Null(config.GetString("missing", null));
        Assert.Equal(1, config.GetInt("missing", 1));
        Assert.Equal(2L, config.GetLong("missing", 2L));
        Assert.Equal(0.5, config.GetDouble("missing", 0.5));
        Assert.True(config.GetBoolean("missing", true));
        Assert.Equal(TimeSpan.FromSeconds(3), config.GetTimeSpan("missing", TimeSpan.FromSeconds(3)));
        Assert.Equal(4L, config.GetByteSize("missing", 4L));
        Assert.Equal(["x"], config.GetStringList("missing", ["x"]));
        Assert.Equal([9], config.GetIntList("missing", [9]));
        Assert.Equal(5, config.GetInt("nothing", 5));
        Assert.Equal(7, config.GetInt("present", 1));
    }

    [Fact]
    public void Default_overload_still_rejects_a_wrongly_typed_value()
    {
        var config = Hocon.Parse("port = not-a-number");
        Assert.Throws<ConfigException>(() => config.GetInt("port", 2552));
    }

    [Fact]
    public void Numbers_and_booleans_read_as_strings_as_written()
    {
        var config = Hocon.Parse("n = 1.50, b = true");
        Assert.Equal("1.50", config.GetString("n"));
        Assert.Equal("true", config.GetString("b"));
    }

    [Fact]
    public void Objects_and_arrays_are_not_strings()
    {
        var config = Hocon.Parse("o { a = 1 }, l = [1]");
        Assert.Contains("an object", Assert.Throws<ConfigException>(() => config.GetString("o")).Message, StringComparison.Ordinal);
        Assert.Contains("an array", Assert.Throws<ConfigException>(() => config.GetString("l")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void List_getters_read_arrays_and_name_the_bad_element()
    {
        var config = Hocon.Parse("ints = [1, 2, x], seeds = [\"a:1\", b], timeouts = [1s, 500ms]");
        Assert.Equal(["a:1", "b"], config.GetStringList("seeds"));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500)], config.GetTimeSpanList("timeouts"));
        var error = Assert.Throws<ConfigException>(() => config.GetIntList("ints"));
        Assert.Contains("element 2", error.Message, StringComparison.Ordinal);
        Assert.Throws<ConfigException>(() => config.GetStringList("seeds.0"));
    }

    [Fact]
    public void Typed_list_getters_convert_each_element()
    {
        var config = Hocon.Parse("longs = [3000000000, 1], doubles = [0.5, 2], flags = [on, false, yes], waits = [1s, 20]");
        Assert.Equal([3_000_000_000L, 1L], config.GetLongList("longs"));
        Assert.Equal([0.5, 2.0], config.GetDoubleList("doubles"));
        Assert.Equal([true, false, true], config.GetBooleanList("flags"));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(20)], config.GetTimeSpanList("waits"));
        Assert.Equal([7L], config.GetLongList("missing", [7L]));
        Assert.Equal([1.5], config.GetDoubleList("missing", [1.5]));
        Assert.Equal([false], config.GetBooleanList("missing", [false]));
        Assert.Equal([TimeSpan.Zero], config.GetTimeSpanList("missing", [TimeSpan.Zero]));
        Assert.Throws<ConfigException>(() => config.GetBooleanList("doubles"));
    }

    [Fact]
    public void GetConfig_returns_the_sub_tree_and_errors_name_the_full_path()
    {
        var config = Hocon.Parse("paxos { acceptor { batch = 10 } }", origin: "node.conf");
        var acceptor = config.GetConfig("paxos.acceptor");
        Assert.Equal(10, acceptor.GetInt("batch"));
        var error = Assert.Throws<ConfigException>(() => acceptor.GetInt("missing"));
        Assert.Contains("'paxos.acceptor.missing'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetConfig_of_a_missing_path_is_empty()
    {
        var config = Hocon.Parse("a = 1");
        Assert.True(config.GetConfig("no.such.section").IsEmpty);
    }

    [Fact]
    public void GetConfig_of_a_non_object_is_an_error()
    {
        Assert.Throws<ConfigException>(() => Hocon.Parse("a = 1").GetConfig("a"));
    }

    [Fact]
    public void HasPath_is_false_for_null_and_for_paths_through_scalars()
    {
        var config = Hocon.Parse("a = 1, n = null, o { x = 1 }");
        Assert.True(config.HasPath("a"));
        Assert.True(config.HasPath("o"));
        Assert.True(config.HasPath("o.x"));
        Assert.False(config.HasPath("n"));
        Assert.False(config.HasPath("a.b"));
        Assert.False(config.HasPath("o.y"));
    }

    [Fact]
    public void Invalid_path_argument_is_a_config_error()
    {
        var config = Hocon.Parse("a = 1");
        Assert.Throws<ConfigException>(() => config.HasPath("a..b"));
        Assert.Throws<ConfigException>(() => config.HasPath(".a"));
        Assert.Throws<ConfigException>(() => config.HasPath("a."));
    }
}
