using System.Net;
using System.Text;
using System.Text.Json;

namespace PaxosAkka.Node.Tests.Http;

/// <summary>
/// Issue 12 at the HTTP layer, over real Kestrel and the real state machine: a reused Idempotency-Key is answered with
/// the remembered answer only for the same request; any other PUT, DELETE or CAS with it is 422 and changes nothing.
/// </summary>
public sealed class IdempotencyApiTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(ApiHost host, HttpMethod method, string path, string? idempotencyKey, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await host.Client.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 || response.Content.Headers.ContentType?.MediaType != "application/json" ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static StringContent Text(string s) => new(s, Encoding.UTF8);

    private static StringContent Cas(string body) => new(body, Encoding.UTF8, "application/json");

    private static void AssertReused(HttpStatusCode status, JsonElement body, string first, string request)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal(["error", "message"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("idempotency_key_reused", body.GetProperty("error").GetString());
        string message = body.GetProperty("message").GetString()!;
        Assert.Contains($"first used for {first};", message, StringComparison.Ordinal);
        Assert.Contains($"this request is {request}", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_reused_for_another_put_delete_or_cas_is_422_and_never_applied_while_the_same_request_gets_its_answer()
    {
        await using var host = await ApiHost.StartAsync();
        var first = await SendAsync(host, HttpMethod.Put, "/kv/a", "K1", Text("v-a"));
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(1, first.Body.GetProperty("revision").GetInt64());

        var putB = await SendAsync(host, HttpMethod.Put, "/kv/b", "K1", Text("v-b"));
        AssertReused(putB.Status, putB.Body, "PUT a", "PUT b");
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/kv/b")).StatusCode);

        var deleteA = await SendAsync(host, HttpMethod.Delete, "/kv/a", "K1");
        AssertReused(deleteA.Status, deleteA.Body, "PUT a", "DELETE a");
        Assert.Equal("v-a", await host.Client.GetStringAsync("/kv/a"));

        var casB = await SendAsync(host, HttpMethod.Post, "/kv/b/cas", "K1", Cas("""{"expected": null, "value": "x"}"""));
        AssertReused(casB.Status, casB.Body, "PUT a", "CAS b");
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/kv/b")).StatusCode);

        var putOtherBody = await SendAsync(host, HttpMethod.Put, "/kv/a", "K1", Text("v-changed"));
        AssertReused(putOtherBody.Status, putOtherBody.Body, "PUT a", "PUT a with a different body");

        // The same request again: the remembered answer, applied once (the next write is revision 2).
        var retry = await SendAsync(host, HttpMethod.Put, "/kv/a", "K1", Text("v-a"));
        Assert.Equal((HttpStatusCode.OK, 1L), (retry.Status, retry.Body.GetProperty("revision").GetInt64()));
        var next = await SendAsync(host, HttpMethod.Put, "/kv/c", null, Text("x"));
        Assert.Equal(2, next.Body.GetProperty("revision").GetInt64());
    }

    [Fact]
    public async Task A_cas_answered_409_under_a_key_does_not_answer_a_cas_of_another_key_with_it()
    {
        await using var host = await ApiHost.StartAsync();
        await host.Client.PutAsync("/kv/a", Text("X"));
        var onA = await SendAsync(host, HttpMethod.Post, "/kv/a/cas", "K", Cas("""{"expected": "old", "value": "Y"}"""));
        Assert.Equal((HttpStatusCode.Conflict, "X"), (onA.Status, onA.Body.GetProperty("current").GetString()));

        var onB = await SendAsync(host, HttpMethod.Post, "/kv/b/cas", "K", Cas("""{"expected": null, "value": "Y"}"""));

        AssertReused(onB.Status, onB.Body, "CAS a", "CAS b");
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/kv/b")).StatusCode);
        // The CAS on a itself, retried, still gets its own 409.
        var retry = await SendAsync(host, HttpMethod.Post, "/kv/a/cas", "K", Cas("""{"expected": "old", "value": "Y"}"""));
        Assert.Equal((HttpStatusCode.Conflict, "X"), (retry.Status, retry.Body.GetProperty("current").GetString()));
    }

    [Fact]
    public async Task A_delete_key_reused_for_a_delete_of_another_key_is_422()
    {
        await using var host = await ApiHost.StartAsync();
        await host.Client.PutAsync("/kv/a", Text("1"));
        await host.Client.PutAsync("/kv/b", Text("2"));
        var deleteA = await SendAsync(host, HttpMethod.Delete, "/kv/a", "D1");
        Assert.Equal(HttpStatusCode.OK, deleteA.Status);

        var deleteB = await SendAsync(host, HttpMethod.Delete, "/kv/b", "D1");

        AssertReused(deleteB.Status, deleteB.Body, "DELETE a", "DELETE b");
        Assert.Equal("2", await host.Client.GetStringAsync("/kv/b"));
        Assert.Contains("paxos_kv_commands_total{kind=\"delete\",outcome=\"idempotency_conflict\"} 1", await host.Client.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }
}
