using System.Net;
using System.Text.Json;
using PaxosAkka.Node.Tests.Metrics;

namespace PaxosAkka.Node.Tests.Http;

/// <summary><c>/cluster</c>, <c>/paxos</c>, <c>/healthz</c>, <c>/metrics</c> over real Kestrel on loopback (the web console: WebConsole/WebConsoleApiTests).</summary>
public sealed class StatusApiTests
{
    private static async Task<JsonElement> GetJson(HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task Cluster_lists_members_with_id_roles_status_reachability_url_and_the_leader()
    {
        await using var host = await ApiHost.StartAsync();
        var body = await GetJson(host.Client, "/cluster");
        Assert.Equal(2, body.GetProperty("leader").GetInt32());
        var members = body.GetProperty("members").EnumerateArray().ToList();
        Assert.Equal(3, members.Count);
        Assert.Equal(["id", "roles", "status", "reachable", "httpUrl"], members[0].EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(3, members[2].GetProperty("id").GetInt32());
        Assert.Equal("unreachable", members[2].GetProperty("status").GetString());
        Assert.False(members[2].GetProperty("reachable").GetBoolean());
        Assert.Equal("http://127.0.0.1:8083", members[2].GetProperty("httpUrl").GetString());
        Assert.Equal(["acceptor"], members[2].GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToArray());
    }

    [Fact]
    public async Task Paxos_shows_self_leader_ballot_slots_and_per_role_state()
    {
        await using var host = await ApiHost.StartAsync();
        var body = await GetJson(host.Client, "/paxos");
        Assert.Equal(2, body.GetProperty("self").GetInt32());
        Assert.Equal(2, body.GetProperty("leader").GetInt32());
        Assert.Equal("(3.2)", body.GetProperty("ballot").GetString());
        Assert.Equal(7, body.GetProperty("firstUnchosenSlot").GetInt64());
        Assert.Equal(6, body.GetProperty("lastAppliedSlot").GetInt64());
        var roles = body.GetProperty("roles");
        Assert.Equal("leading", roles.GetProperty("proposer").GetProperty("state").GetString());
        Assert.Equal(4, roles.GetProperty("store").GetProperty("revision").GetInt64());
    }

    [Fact]
    public async Task Paxos_leader_is_null_while_unknown()
    {
        await using var host = await ApiHost.StartAsync();
        host.Service.Status = host.Service.Status with { Leader = null };
        var body = await GetJson(host.Client, "/paxos");
        Assert.Equal(JsonValueKind.Null, body.GetProperty("leader").ValueKind);
    }

    [Fact]
    public async Task Healthz_is_ok_while_serving_and_503_while_terminating()
    {
        bool terminating = false;
        await using var host = await ApiHost.StartAsync(options: new() { IsTerminating = () => Volatile.Read(ref terminating) });
        var ok = await GetJson(host.Client, "/healthz");
        Assert.Equal("ok", ok.GetProperty("status").GetString());
        Assert.Equal(2, ok.GetProperty("self").GetInt32());

        Volatile.Write(ref terminating, true);
        var stopping = await GetJson(host.Client, "/healthz", HttpStatusCode.ServiceUnavailable);
        Assert.Equal("stopping", stopping.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Healthz_is_503_when_the_node_status_cannot_be_read()
    {
        await using var host = await ApiHost.StartAsync();
        host.Service.StatusFailure = new InvalidOperationException("actor system terminated");
        var body = await GetJson(host.Client, "/healthz", HttpStatusCode.ServiceUnavailable);
        Assert.Equal("unavailable", body.GetProperty("status").GetString());
        Assert.Equal("actor system terminated", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Metrics_is_prometheus_text_with_request_counts_and_paxos_gauges()
    {
        await using var host = await ApiHost.StartAsync();
        await host.Client.PutAsync("/kv/k", new StringContent("v"));
        await host.Client.GetAsync("/kv/absent");

        var response = await host.Client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var contentType = response.Content.Headers.ContentType!;
        Assert.Equal("text/plain", contentType.MediaType);
        Assert.Contains(contentType.Parameters, p => p.Name == "version" && p.Value == "0.0.4");

        var scrape = ExpositionParser.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(1, scrape.Value("paxos_http_requests_total", ("route", "/kv/{key}"), ("method", "PUT"), ("status", "200")));
        Assert.Equal(1, scrape.Value("paxos_http_requests_total", ("route", "/kv/{key}"), ("method", "GET"), ("status", "404")));
        Assert.Equal(1, scrape.Value("paxos_kv_commands_total", ("kind", "put"), ("outcome", "ok")));
        Assert.Equal(1, scrape.Value("paxos_kv_commands_total", ("kind", "get"), ("outcome", "not_found")));
        Assert.Equal(1, scrape.Value("paxos_http_request_duration_seconds_count", ("route", "/kv/{key}"), ("method", "PUT")));
        Assert.Equal(1, scrape.Value("paxos_is_leader"));
        Assert.Equal(3, scrape.Value("paxos_ballot_round"));
        Assert.Equal(7, scrape.Value("paxos_first_unchosen_slot"));
        Assert.Equal(6, scrape.Value("paxos_last_applied_slot"));
        Assert.Equal("counter", scrape.Types["paxos_http_requests_total"]);
        Assert.Equal("histogram", scrape.Types["paxos_http_request_duration_seconds"]);
        Assert.Equal("gauge", scrape.Types["paxos_is_leader"]);
    }
}
