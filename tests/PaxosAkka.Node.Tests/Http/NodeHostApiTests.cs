using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using PaxosAkka.Node.Hosting;
using PaxosAkka.Node.Tests.Metrics;

namespace PaxosAkka.Node.Tests.Http;

/// <summary>The node's own host (<see cref="NodeHost"/>) serves the full API, not a subset.</summary>
public sealed class NodeHostApiTests
{
    [Fact]
    public async Task Node_host_serves_kv_status_metrics_and_ui_routes_on_loopback()
    {
        var service = new FakeKvService();
        await using var host = await NodeHost.StartAsync("127.0.0.1", 0, service, TimeSpan.FromSeconds(5), NullLoggerFactory.Instance, CancellationToken.None);
        using var client = new HttpClient { BaseAddress = new Uri(host.Urls.Single()) };

        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync("/kv/k", new StringContent("v"))).StatusCode);
        var get = await client.GetAsync("/kv/k");
        Assert.Equal("v", await get.Content.ReadAsStringAsync());
        Assert.Equal("1", Assert.Single(get.Headers.GetValues("X-Revision")));
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync("/kv/k/cas", new StringContent("""{"expected": null, "value": "w"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await client.PutAsync("/kv/k", new ByteArrayContent(new byte[(1024 * 1024) + 1]))).StatusCode);
        foreach (var path in new[] { "/cluster", "/paxos", "/healthz", "/" })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
        }

        var scrape = ExpositionParser.Parse(await client.GetStringAsync("/metrics"));
        Assert.Equal(1, scrape.Value("paxos_kv_commands_total", ("kind", "cas"), ("outcome", "conflict")));
        Assert.Equal(1, scrape.Value("paxos_http_rejected_requests_total", ("reason", "too_large")));
    }
}
