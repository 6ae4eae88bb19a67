using System.Net;
using System.Text;
using System.Text.Json;
using PaxosAkka.Node.Http;
using PaxosAkka.Node.Store;

namespace PaxosAkka.Node.Tests.Http;

/// <summary><c>GET /kv?prefix=P&amp;limit=N&amp;after=K</c> over real Kestrel on loopback.</summary>
public sealed class KvListApiTests
{
    private static async Task<JsonElement> JsonOf(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task PutAll(ApiHost host, params string[] keys)
    {
        foreach (var key in keys)
        {
            var put = await host.Client.PutAsync("/kv/" + Uri.EscapeDataString(key), new StringContent("v-" + key, Encoding.UTF8));
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
    }

    [Fact]
    public async Task Listing_answers_keys_with_revision_and_size_and_goes_through_the_log_as_a_list_command()
    {
        await using var host = await ApiHost.StartAsync();
        await PutAll(host, "files/b", "files/a", "other");

        var response = await host.Client.GetAsync("/kv?prefix=files%2F&limit=10");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonOf(response);
        Assert.Equal(["keys", "next", "revision"], body.EnumerateObject().Select(p => p.Name).ToArray());
        var keys = body.GetProperty("keys").EnumerateArray().ToList();
        Assert.Equal(["files/a", "files/b"], keys.Select(k => k.GetProperty("key").GetString()!).ToArray());
        Assert.Equal(["key", "revision", "size"], keys[0].EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(2, keys[0].GetProperty("revision").GetInt64());
        Assert.Equal(9, keys[0].GetProperty("size").GetInt32());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("next").ValueKind);
        Assert.Equal(3, body.GetProperty("revision").GetInt64());

        // Linearizable like a single GET: the listing is a command ordered through the log, not a local look-up.
        Assert.Equal(new KvListCommand("files/", null, 10), host.Service.Received[^1].Command);
    }

    [Fact]
    public async Task Pages_are_walked_with_after_set_to_the_previous_next()
    {
        await using var host = await ApiHost.StartAsync();
        await PutAll(host, "k1", "k2", "k3", "k4", "k5");
        var seen = new List<string>();
        string? after = null;
        do
        {
            var body = await JsonOf(await host.Client.GetAsync("/kv?prefix=k&limit=2" + (after is null ? "" : "&after=" + Uri.EscapeDataString(after))));
            seen.AddRange(body.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("key").GetString()!));
            after = body.GetProperty("next").GetString();
        }
        while (after is not null);

        Assert.Equal(["k1", "k2", "k3", "k4", "k5"], seen);
    }

    [Fact]
    public async Task No_query_lists_every_key_up_to_the_default_limit()
    {
        await using var host = await ApiHost.StartAsync();
        await PutAll(host, "a");
        var body = await JsonOf(await host.Client.GetAsync("/kv"));
        Assert.Single(body.GetProperty("keys").EnumerateArray());
        Assert.Equal(new KvListCommand("", null, KvEndpoints.DefaultListLimit), host.Service.Received[^1].Command);
    }

    [Theory]
    [InlineData("/kv?limit=0", "limit must be a whole number in 1..1000, not '0'")]
    [InlineData("/kv?limit=1001", "limit must be a whole number in 1..1000")]
    [InlineData("/kv?limit=ten", "not 'ten'")]
    [InlineData("/kv?prefix=a&prefix=b", "prefix must be given at most once")]
    public async Task A_malformed_listing_is_400_and_never_reaches_the_log(string path, string message)
    {
        await using var host = await ApiHost.StartAsync();
        var response = await host.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await JsonOf(response)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(host.Service.Received);
    }

    [Fact]
    public async Task A_prefix_longer_than_a_key_may_be_is_400()
    {
        await using var host = await ApiHost.StartAsync();
        var response = await host.Client.GetAsync("/kv?prefix=" + new string('p', HttpLimits.MaxKeyBytes + 1));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(host.Service.Received);
    }

    [Fact]
    public async Task A_key_sent_with_an_encoded_slash_is_stored_with_the_slash_so_a_prefix_finds_it()
    {
        await using var host = await ApiHost.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PutAsync("/kv/dir%2Fa%252Fb", new StringContent("x"))).StatusCode);
        Assert.Equal("dir/a%2Fb", host.Service.Received[^1].Command.Key);
        Assert.Equal("x", await host.Client.GetStringAsync("/kv/dir%2Fa%252Fb"));
        var body = await JsonOf(await host.Client.GetAsync("/kv?prefix=dir%2F"));
        Assert.Equal("dir/a%2Fb", Assert.Single(body.GetProperty("keys").EnumerateArray()).GetProperty("key").GetString());
    }

    [Theory]
    [InlineData("/kv/a%2Fb", 2, "a%2Fb")]
    [InlineData("/kv/a%2Fb/cas?x=1", 2, "a%2Fb")]
    [InlineData("http://host:80/kv/k%2F1?y", 2, "k%2F1")]
    [InlineData("/kv", 2, null)]
    public void Raw_segment_is_taken_from_the_path_only(string raw, int segment, string? expected)
    {
        Assert.Equal(expected, RouteKey.RawSegment(raw, segment));
    }
}
