using PaxosAkka.Node.Metrics;

namespace PaxosAkka.Node.Tests.Metrics;

/// <summary>The text exposition format 0.0.4 as the registry writes it.</summary>
public sealed class PrometheusExpositionTests
{
    [Fact]
    public void Counter_gauge_and_histogram_render_exactly_in_the_text_format()
    {
        var registry = new MetricsRegistry();
        var requests = registry.CreateCounter("requests_total", "Requests.", "method");
        var inFlight = registry.CreateGauge("in_flight", "In flight.");
        var latency = registry.CreateHistogram("latency_seconds", "Latency.", [0.1, 1]);
        requests.WithLabels("GET").Inc();
        requests.WithLabels("GET").Inc(2);
        requests.WithLabels("PUT").Inc();
        inFlight.Set(-2.5);
        latency.Observe(0.05);
        latency.Observe(0.1);
        latency.Observe(3);

        Assert.Equal(
            """
            # HELP requests_total Requests.
            # TYPE requests_total counter
            requests_total{method="GET"} 3
            requests_total{method="PUT"} 1
            # HELP in_flight In flight.
            # TYPE in_flight gauge
            in_flight -2.5
            # HELP latency_seconds Latency.
            # TYPE latency_seconds histogram
            latency_seconds_bucket{le="0.1"} 2
            latency_seconds_bucket{le="1"} 2
            latency_seconds_bucket{le="+Inf"} 3
            latency_seconds_sum 3.15
            latency_seconds_count 3

            """.ReplaceLineEndings("\n"),
            registry.Export());
    }

    [Fact]
    public void Unlabelled_counter_shows_zero_before_first_use_and_labelled_family_shows_only_its_header()
    {
        var registry = new MetricsRegistry();
        registry.CreateCounter("errors_total", "Errors.");
        registry.CreateCounter("by_kind_total", "By kind.", "kind");
        var scrape = ExpositionParser.Parse(registry.Export());
        Assert.Equal(0, scrape.Value("errors_total"));
        Assert.DoesNotContain(scrape.Samples, s => s.Name == "by_kind_total");
        Assert.Equal("counter", scrape.Types["by_kind_total"]);
    }

    [Fact]
    public void Label_values_and_help_text_are_escaped_and_parse_back_unchanged()
    {
        var registry = new MetricsRegistry();
        const string help = "Help with \\ backslash\nand a new line.";
        const string nasty = "a \"quoted\" \\ back\\nslash\nnew line }{,=";
        registry.CreateGauge("escaped", help, "path", "other").WithLabels(nasty, "plain").Set(1);
        string text = registry.Export();
        Assert.Equal(4, text.Split('\n').Length);
        var scrape = ExpositionParser.Parse(text);
        Assert.Equal(help, scrape.Helps["escaped"]);
        Assert.Equal(1, scrape.Value("escaped", ("path", nasty), ("other", "plain")));
    }

    [Fact]
    public void Histogram_with_labels_keeps_le_last_and_counts_a_bound_in_its_own_bucket()
    {
        var registry = new MetricsRegistry();
        var h = registry.CreateHistogram("h_seconds", "H.", [1, 2, 5], "route");
        h.WithLabels("/a").Observe(2);
        h.WithLabels("/a").Observe(double.NaN);
        h.WithLabels("/b").Observe(10);
        var scrape = ExpositionParser.Parse(registry.Export());
        Assert.Equal(0, scrape.Value("h_seconds_bucket", ("route", "/a"), ("le", "1")));
        Assert.Equal(1, scrape.Value("h_seconds_bucket", ("route", "/a"), ("le", "2")));
        Assert.Equal(1, scrape.Value("h_seconds_count", ("route", "/a")));
        Assert.Equal(0, scrape.Value("h_seconds_bucket", ("route", "/b"), ("le", "5")));
        Assert.Equal(1, scrape.Value("h_seconds_bucket", ("route", "/b"), ("le", "+Inf")));
        Assert.Equal(10, scrape.Value("h_seconds_sum", ("route", "/b")));
        Assert.Equal("le", scrape.Samples.First(s => s.Name == "h_seconds_bucket").Labels[^1].Name);
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0d, "0")]
    [InlineData(-3d, "-3")]
    [InlineData(0.25, "0.25")]
    [InlineData(1e20, "1E+20")]
    public void Values_use_prometheus_number_syntax(double value, string expected) =>
        Assert.Equal(expected, PrometheusText.FormatValue(value));

    [Theory]
    [InlineData("1bad")]
    [InlineData("bad-name")]
    [InlineData("")]
    [InlineData("bad name")]
    public void Invalid_metric_names_are_refused(string name) =>
        Assert.Throws<ArgumentException>(() => new MetricsRegistry().CreateCounter(name, "x"));

    [Fact]
    public void Invalid_or_reserved_label_names_and_wrong_label_counts_are_refused()
    {
        var registry = new MetricsRegistry();
        Assert.Throws<ArgumentException>(() => registry.CreateCounter("a_total", "x", "__reserved"));
        Assert.Throws<ArgumentException>(() => registry.CreateCounter("b_total", "x", "has:colon"));
        Assert.Throws<ArgumentException>(() => registry.CreateCounter("c_total", "x", "dup", "dup"));
        Assert.Throws<ArgumentException>(() => registry.CreateHistogram("d_seconds", "x", [1], "le"));
        var counter = registry.CreateCounter("e_total", "x", "one");
        Assert.Throws<ArgumentException>(() => counter.WithLabels("1", "2"));
        Assert.Throws<ArgumentException>(() => counter.WithLabels());
    }

    [Fact]
    public void Counters_only_go_up_and_names_register_once()
    {
        var registry = new MetricsRegistry();
        var counter = registry.CreateCounter("once_total", "x");
        Assert.Throws<ArgumentOutOfRangeException>(() => counter.Inc(-1));
        Assert.Throws<ArgumentException>(() => registry.CreateGauge("once_total", "x"));
    }

    [Fact]
    public void Histogram_bounds_must_increase_and_include_a_finite_one()
    {
        var registry = new MetricsRegistry();
        Assert.Throws<ArgumentException>(() => registry.CreateHistogram("a", "x", [2, 1]));
        Assert.Throws<ArgumentException>(() => registry.CreateHistogram("b", "x", [1, 1]));
        Assert.Throws<ArgumentException>(() => registry.CreateHistogram("c", "x", [double.PositiveInfinity]));
    }

    [Fact]
    public void Scrape_callbacks_refresh_gauges_before_rendering()
    {
        var registry = new MetricsRegistry();
        var gauge = registry.CreateGauge("live", "x");
        int calls = 0;
        registry.BeforeScrape(() => gauge.Set(++calls));
        Assert.Equal(1, ExpositionParser.Parse(registry.Export()).Value("live"));
        Assert.Equal(2, ExpositionParser.Parse(registry.Export()).Value("live"));
    }

    [Theory]
    [InlineData("(3.2)", 3d)]
    [InlineData("(0.0)", 0d)]
    [InlineData("(12345678901.5)", 12345678901d)]
    [InlineData("garbage", double.NaN)]
    [InlineData("", double.NaN)]
    public void Ballot_round_is_read_from_the_core_ballot_text(string ballot, double expected) =>
        Assert.Equal(expected, NodeMetrics.ParseBallotRound(ballot));
}
