using System.Net;
using System.Text.Json;
using PaxosAkka.Node.Tests.Http;

namespace PaxosAkka.Node.Tests.Prime;

public sealed class PrimeApiTests
{
    [Theory]
    [InlineData("0", "n must be at least 1")]
    [InlineData("-5", "n must be a positive whole number")]
    [InlineData("abc", "n must be a positive whole number")]
    [InlineData("1.5", "n must be a positive whole number")]
    [InlineData("9223372036854775808", "n must be a positive whole number up to 9223372036854775807")]
    [InlineData("+7", "n must be a positive whole number")]
    public async Task Prime_rejects_bad_n_with_a_json_400(string n, string expected)
    {
        await using var host = await ApiHost.StartAsync();
        using var response = await host.Client.PostAsync(new Uri($"/prime/{Uri.EscapeDataString(n)}", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(expected, body.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(host.Service.Received);
    }

    [Theory]
    [InlineData("/prime/91/partial?from=1&to=9")]
    [InlineData("/prime/91/partial?from=2&to=10")]
    [InlineData("/prime/91/partial?from=5&to=4")]
    [InlineData("/prime/91/partial?from=2")]
    [InlineData("/prime/3/partial?from=2&to=2")]
    public async Task Partial_rejects_a_range_outside_two_to_sqrt_n_with_a_json_400(string path)
    {
        await using var host = await ApiHost.StartAsync();
        using var response = await host.Client.PostAsync(new Uri(path, UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("from and to must be whole numbers", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prime_answers_the_verdict_revision_and_checkers()
    {
        // The fake leads (node 2); node 1 is "reachable" but nothing listens at its port, so node 2 checks its share too.
        var service = new FakeKvService();
        service.Cluster = service.Cluster with
        {
            Members = [.. service.Cluster.Members.Select(m => m.Id == 1 ? m with { HttpUrl = $"http://127.0.0.1:{ClosedPort()}" } : m)],
        };
        await using var host = await ApiHost.StartAsync(service);
        using var response = await host.Client.PostAsync(new Uri("/prime/1000036000099", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.Equal(1_000_036_000_099, root.GetProperty("n").GetInt64());
        Assert.False(root.GetProperty("prime").GetBoolean());
        Assert.Equal(1_000_003, root.GetProperty("divisor").GetInt64());
        Assert.True(root.GetProperty("revision").GetInt64() > 0);
        Assert.Equal([2], root.GetProperty("checkedBy").EnumerateArray().Select(e => e.GetInt32()).ToArray());
    }

    [Fact]
    public async Task Prime_answers_503_when_the_log_gives_no_answer()
    {
        var service = new FakeKvService { FailWith = new Client.OutcomeUnknownException("no quorum answered within 2 s") };
        await using var host = await ApiHost.StartAsync(service);
        using var response = await host.Client.PostAsync(new Uri("/prime/97", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("no quorum answered", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
