using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using PaxosAkka.Node.Store;

namespace PaxosAkka.Node.Tests.Http;

/// <summary>A node that serves no key-value requests hands them, as they came, to one that does (real Kestrel on loopback).</summary>
public sealed class KvForwardingTests
{
    [Fact]
    public async Task A_spare_node_hands_a_write_and_a_read_to_the_serving_node_with_its_idempotency_key()
    {
        await using var serving = await ApiHost.StartAsync();
        await using var spare = await ApiHost.StartAsync(new FakeKvService { Peer = serving.Client.BaseAddress });

        using var put = new HttpRequestMessage(HttpMethod.Put, "/kv/k") { Content = new StringContent("v", Encoding.UTF8) };
        put.Headers.Add("Idempotency-Key", "once");
        var written = await spare.Client.SendAsync(put);
        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        Assert.Equal("k", JsonDocument.Parse(await written.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString());

        var read = await spare.Client.GetAsync("/kv/k");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("v", await read.Content.ReadAsStringAsync());
        Assert.Equal("1", Assert.Single(read.Headers.GetValues("X-Revision")));

        Assert.Empty(spare.Service.Received);
        Assert.Collection(serving.Service.Received,
            w => Assert.Equal(("k", "once"), (((KvPutCommand)w.Command).Key, w.IdempotencyKey)),
            r => Assert.IsType<KvReadCommand>(r.Command));
    }

    [Fact]
    public async Task A_forwarded_request_is_never_forwarded_again()
    {
        // Each node believes the other serves: the request is handed on once and then served where it landed.
        await using var first = await ApiHost.StartAsync(new FakeKvService());
        await using var second = await ApiHost.StartAsync(new FakeKvService { Peer = first.Client.BaseAddress });
        first.Service.Peer = second.Client.BaseAddress;

        var written = await second.Client.PutAsync("/kv/k", new StringContent("v", Encoding.UTF8));

        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        Assert.Single(first.Service.Received);
        Assert.Empty(second.Service.Received);
    }

    [Fact]
    public async Task A_hop_to_an_unreachable_serving_node_answers_503_outcome_unknown()
    {
        int closedPort;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        await using var spare = await ApiHost.StartAsync(new FakeKvService { Peer = new Uri($"http://127.0.0.1:{closedPort}/") });
        var written = await spare.Client.PutAsync("/kv/k", new StringContent("v", Encoding.UTF8));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, written.StatusCode);
        Assert.Equal("unknown", JsonDocument.Parse(await written.Content.ReadAsStringAsync()).RootElement.GetProperty("outcome").GetString());
        Assert.Empty(spare.Service.Received);
    }
}
