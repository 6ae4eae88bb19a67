using System.Net;
using System.Text.Json;
using PaxosAkka.Node.Hosting;
using PaxosAkka.Node.Tests.Metrics;

namespace PaxosAkka.Node.Tests.Docker;

/// <summary>
/// The Grafana dashboard (docker/grafana/dashboards/paxos.json) queries only metrics a running node exports: a real
/// node (actor system, remoting, SQLite acceptor, HTTP front) takes a write and is scraped, and every metric name in
/// the dashboard's PromQL must be in that scrape.
/// </summary>
public sealed class DashboardMetricsTests : IDisposable
{
    /// <summary>
    /// Series Prometheus makes itself for every target (not exported by the node): <c>up</c> is the per-node health
    /// panel's "is the node answering at all", which a node that is down cannot report.
    /// </summary>
    private static readonly HashSet<string> MadeByPrometheus = ["up"];

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly SingleNode _single = new();

    public void Dispose() => _single.Dispose();

    [Fact]
    public async Task Every_metric_the_dashboard_queries_is_exported_by_a_running_node()
    {
        var queried = DashboardMetricNames();
        Assert.True(queried.Count >= 20, $"only {queried.Count} metric names found in the dashboard: {string.Join(", ", queried)}");

        var scrape = await ScrapeRunningNodeAsync();
        var exported = new HashSet<string>(scrape.Samples.Select(s => s.Name).Concat(scrape.Types.Keys), StringComparer.Ordinal);
        var missing = queried.Where(name => !exported.Contains(name) && !MadeByPrometheus.Contains(name)).Order().ToList();
        Assert.True(missing.Count == 0, $"the dashboard queries metrics no node exports: {string.Join(", ", missing)}");

        // The write went through the role actors: their hooks count on the real node, not only at zero.
        Assert.True(scrape.Value("paxos_learner_commits_total") >= 1);
        // (Phase-2 latency is observed when the leader sends the slot's Chosen to another learner; a lone node may
        // never send one, so its count is not asserted here. Unit tests of Phase2Observer cover it.)
        Assert.True(scrape.Value("paxos_acceptor_persist_duration_seconds_count") >= 1);
        Assert.True(scrape.Value("paxos_leader_changes_total") >= 1);
        Assert.Equal(1, scrape.Value("paxos_is_leader"));
    }

    [Fact]
    public void Dashboard_panels_use_the_provisioned_prometheus_data_source()
    {
        string provisioned = File.ReadAllText(Path.Combine(RepoRoot.Path, "docker/grafana/provisioning/datasources/prometheus.yaml"));
        Assert.Contains("uid: paxos-prometheus", provisioned, StringComparison.Ordinal);
        Assert.Contains("url: http://prometheus:9090", provisioned, StringComparison.Ordinal);
        using var dashboard = JsonDocument.Parse(File.ReadAllText(DashboardPath));
        foreach (var panel in dashboard.RootElement.GetProperty("panels").EnumerateArray().Where(p => p.TryGetProperty("targets", out _)))
        {
            Assert.Equal("paxos-prometheus", panel.GetProperty("datasource").GetProperty("uid").GetString());
        }
    }

    [Theory]
    [InlineData("histogram_quantile(0.99, sum by (le, node) (rate(a_seconds_bucket{job=~\"$job\", route=\"/kv/{key}\"}[$__rate_interval])))", "a_seconds_bucket")]
    [InlineData("sum(rate(a_sum[5m])) / sum(rate(a_count[5m])) > 1e3 offset 5m", "a_sum,a_count")]
    [InlineData("max by (node) (b) or on (node) c unless ignoring(x) d", "b,c,d")]
    [InlineData("up{job=\"paxos\"} == bool 1", "up")]
    public void Metric_names_are_read_from_promql_without_functions_labels_or_keywords(string expression, string expected) =>
        Assert.Equal(expected.Split(',').Order(), PromQl.MetricNames(expression).Order());

    private static string DashboardPath => Path.Combine(RepoRoot.Path, "docker/grafana/dashboards/paxos.json");

    /// <summary>Every metric name in the dashboard's panel targets and variable queries.</summary>
    private static SortedSet<string> DashboardMetricNames()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(DashboardPath));
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var panel in dashboard.RootElement.GetProperty("panels").EnumerateArray())
        {
            if (!panel.TryGetProperty("targets", out var targets))
            {
                continue;
            }

            foreach (var target in targets.EnumerateArray())
            {
                string expr = target.GetProperty("expr").GetString()!;
                var found = PromQl.MetricNames(expr);
                Assert.True(found.Count > 0, $"no metric in '{expr}'");
                names.UnionWith(found);
            }
        }

        foreach (var variable in dashboard.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray())
        {
            names.UnionWith(PromQl.VariableMetricNames(variable.GetProperty("query").GetProperty("query").GetString()!));
        }

        return names;
    }

    private async Task<Scrape> ScrapeRunningNodeAsync()
    {
        await using var node = await _single.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(node.Urls.Single()), Timeout = Patience };

        // A write succeeds once the node elected itself and led phase 1; until then it answers 503.
        var deadline = DateTime.UtcNow + Patience;
        HttpStatusCode status;
        do
        {
            using var put = await client.PutAsync("/kv/dashboard", new StringContent("v"));
            status = put.StatusCode;
            if (status != HttpStatusCode.OK)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50));
            }
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/kv/dashboard")).StatusCode);

        // The role actors record on their own threads: scrape until the write's traces are in (or the patience ends).
        Scrape scrape;
        do
        {
            using var response = await client.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            scrape = ExpositionParser.Parse(await response.Content.ReadAsStringAsync());
            if (scrape.Value("paxos_acceptor_persist_duration_seconds_count") >= 1 && scrape.Value("paxos_learner_commits_total") >= 1)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
        while (DateTime.UtcNow < deadline + Patience);

        return scrape;
    }
}
