using System.Net;
using System.Text;
using System.Text.Json;
using PaxosAkka.Node.Client;
using PaxosAkka.Node.Store;

namespace PaxosAkka.Node.Tests.Http;

/// <summary>The key-value routes of issue 6 item 3, over real Kestrel on loopback.</summary>
public sealed class KvApiTests
{
    private static StringContent Text(string s) => new(s, Encoding.UTF8);

    private static StringContent Json(string s) => new(s, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static string[] PropertyNames(JsonElement e) => [.. e.EnumerateObject().Select(p => p.Name)];

    [Fact]
    public async Task Put_answers_key_and_revision_and_get_answers_value_with_X_Revision()
    {
        await using var host = await ApiHost.StartAsync();
        var put = await host.Client.PutAsync("/kv/greeting", Text("hello"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var body = await JsonOf(put);
        Assert.Equal(["key", "revision"], PropertyNames(body));
        Assert.Equal("greeting", body.GetProperty("key").GetString());
        Assert.Equal(1, body.GetProperty("revision").GetInt64());

        var get = await host.Client.GetAsync("/kv/greeting");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("application/octet-stream", get.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1", Assert.Single(get.Headers.GetValues("X-Revision")));
        Assert.Equal("hello", await get.Content.ReadAsStringAsync());

        // The read went through the log as a KvReadCommand, not a local lookup.
        Assert.IsType<KvReadCommand>(host.Service.Received[^1].Command);
    }

    [Fact]
    public async Task Put_stores_arbitrary_bytes_unchanged()
    {
        await using var host = await ApiHost.StartAsync();
        byte[] value = [0, 255, 10, 13, 0x80];
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PutAsync("/kv/bin", new ByteArrayContent(value))).StatusCode);
        Assert.Equal(value, await host.Client.GetByteArrayAsync("/kv/bin"));
    }

    [Fact]
    public async Task Get_and_delete_of_an_absent_key_are_404_with_a_json_error()
    {
        await using var host = await ApiHost.StartAsync();
        var get = await host.Client.GetAsync("/kv/missing");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(["error"], PropertyNames(await JsonOf(get)));
        var delete = await host.Client.DeleteAsync("/kv/missing");
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Contains("not found", (await JsonOf(delete)).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_answers_the_revision_and_the_key_is_gone()
    {
        await using var host = await ApiHost.StartAsync();
        await host.Client.PutAsync("/kv/k", Text("v"));
        var delete = await host.Client.DeleteAsync("/kv/k");
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        var body = await JsonOf(delete);
        Assert.Equal(["revision"], PropertyNames(body));
        Assert.Equal(2, body.GetProperty("revision").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/kv/k")).StatusCode);
    }

    [Fact]
    public async Task Cas_sets_when_expected_matches_and_null_expected_means_absent()
    {
        await using var host = await ApiHost.StartAsync();
        var create = await host.Client.PostAsync("/kv/c/cas", Json("""{"expected": null, "value": "one"}"""));
        Assert.Equal(HttpStatusCode.OK, create.StatusCode);
        Assert.Equal(1, (await JsonOf(create)).GetProperty("revision").GetInt64());

        var swap = await host.Client.PostAsync("/kv/c/cas", Json("""{"expected": "one", "value": "twö"}"""));
        Assert.Equal(HttpStatusCode.OK, swap.StatusCode);
        var body = await JsonOf(swap);
        Assert.Equal(["revision"], PropertyNames(body));
        Assert.Equal(2, body.GetProperty("revision").GetInt64());
        Assert.Equal("twö", await host.Client.GetStringAsync("/kv/c"));
    }

    [Fact]
    public async Task Cas_conflict_is_409_with_the_current_value_or_null()
    {
        await using var host = await ApiHost.StartAsync();
        var absent = await host.Client.PostAsync("/kv/c/cas", Json("""{"expected": "x", "value": "y"}"""));
        Assert.Equal(HttpStatusCode.Conflict, absent.StatusCode);
        var absentBody = await JsonOf(absent);
        Assert.Equal(["current"], PropertyNames(absentBody));
        Assert.Equal(JsonValueKind.Null, absentBody.GetProperty("current").ValueKind);

        await host.Client.PutAsync("/kv/c", Text("actual"));
        var present = await host.Client.PostAsync("/kv/c/cas", Json("""{"expected": null, "value": "y"}"""));
        Assert.Equal(HttpStatusCode.Conflict, present.StatusCode);
        Assert.Equal("actual", (await JsonOf(present)).GetProperty("current").GetString());
        Assert.Equal("actual", await host.Client.GetStringAsync("/kv/c"));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{"expected": null}""")]
    [InlineData("""{"value": "v"}""")]
    [InlineData("""{"expected": null, "value": 5}""")]
    [InlineData("""{"expected": 1, "value": "v"}""")]
    [InlineData("""{"expected": null, "value": null}""")]
    [InlineData("""{"expected": null, "value": "\ud800"}""")]
    [InlineData("""{"expected": null, "value": "v" """)]
    public async Task Malformed_cas_body_is_400_with_a_json_error_and_never_reaches_the_log(string body)
    {
        await using var host = await ApiHost.StartAsync();
        var response = await host.Client.PostAsync("/kv/c/cas", Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace((await JsonOf(response)).GetProperty("error").GetString()));
        Assert.Empty(host.Service.Received);
    }

    [Fact]
    public async Task Key_over_1_KiB_of_UTF8_is_413_and_a_key_of_exactly_1_KiB_is_accepted()
    {
        await using var host = await ApiHost.StartAsync();
        var exact = await host.Client.PutAsync("/kv/" + new string('k', 1024), Text("v"));
        Assert.Equal(HttpStatusCode.OK, exact.StatusCode);

        var tooLong = await host.Client.PutAsync("/kv/" + new string('k', 1025), Text("v"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLong.StatusCode);
        Assert.Contains("key", (await JsonOf(tooLong)).GetProperty("error").GetString(), StringComparison.Ordinal);

        // 513 two-byte characters: 513 chars but 1026 UTF-8 bytes.
        var wide = await host.Client.GetAsync("/kv/" + Uri.EscapeDataString(new string('é', 513)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, wide.StatusCode);
        Assert.Single(host.Service.Received);
    }

    [Fact]
    public async Task Value_over_1_MiB_is_413_and_a_value_of_exactly_1_MiB_is_accepted()
    {
        await using var host = await ApiHost.StartAsync();
        var exact = await host.Client.PutAsync("/kv/big", new ByteArrayContent(new byte[1024 * 1024]));
        Assert.Equal(HttpStatusCode.OK, exact.StatusCode);

        var tooBig = await host.Client.PutAsync("/kv/big", new ByteArrayContent(new byte[(1024 * 1024) + 1]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        Assert.Contains("value", (await JsonOf(tooBig)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Single(host.Service.Received);
    }

    [Fact]
    public async Task Chunked_value_without_content_length_is_cut_off_at_1_MiB_with_413()
    {
        await using var host = await ApiHost.StartAsync();
        using var content = new StreamContent(new UnknownLengthStream(new byte[(1024 * 1024) + 1]));
        using var request = new HttpRequestMessage(HttpMethod.Put, "/kv/big") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(host.Service.Received);
    }

    [Fact]
    public async Task Cas_value_over_1_MiB_is_413()
    {
        await using var host = await ApiHost.StartAsync();
        string body = $$"""{"expected": null, "value": "{{new string('v', (1024 * 1024) + 1)}}"}""";
        var response = await host.Client.PostAsync("/kv/c/cas", Json(body));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(host.Service.Received);
    }

    [Theory]
    [InlineData("/kv/")]
    [InlineData("/kv")]
    public async Task Empty_key_is_400(string path)
    {
        await using var host = await ApiHost.StartAsync();
        var response = await host.Client.PutAsync(path, Text("v"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("key", (await JsonOf(response)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(host.Service.Received);
    }

    [Fact]
    public async Task Outcome_unknown_is_503_with_retry_hint_and_never_a_success()
    {
        await using var host = await ApiHost.StartAsync();
        host.Service.FailWith = new OutcomeUnknownException("no quorum answered within 5 s");
        var response = await host.Client.PutAsync("/kv/k", Text("v"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await JsonOf(response);
        Assert.Equal(["error", "outcome", "hint"], PropertyNames(body));
        Assert.Equal("no quorum answered within 5 s", body.GetProperty("error").GetString());
        Assert.Equal("unknown", body.GetProperty("outcome").GetString());
        Assert.Equal("retry with the same Idempotency-Key", body.GetProperty("hint").GetString());
        Assert.Equal(1, host.Metrics.OutcomeUnknown.Value);
    }

    [Fact]
    public async Task Service_that_never_answers_yields_503_outcome_unknown_at_the_backstop_timeout()
    {
        await using var host = await ApiHost.StartAsync(options: new() { RequestTimeout = TimeSpan.FromMilliseconds(200) });
        host.Service.Hang = true;
        var response = await host.Client.DeleteAsync("/kv/k");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("unknown", (await JsonOf(response)).GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Unexpected_service_failure_is_503_outcome_unknown_not_a_success()
    {
        await using var host = await ApiHost.StartAsync();
        host.Service.FailWith = new InvalidOperationException("boom");
        var response = await host.Client.PostAsync("/kv/c/cas", Json("""{"expected": null, "value": "v"}"""));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("unknown", (await JsonOf(response)).GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Idempotency_key_reaches_the_service_and_a_retry_is_applied_once()
    {
        await using var host = await ApiHost.StartAsync();
        using var first = new HttpRequestMessage(HttpMethod.Put, "/kv/k") { Content = Text("v1") };
        first.Headers.Add("Idempotency-Key", "req-42");
        using var retry = new HttpRequestMessage(HttpMethod.Put, "/kv/k") { Content = Text("v1") };
        retry.Headers.Add("Idempotency-Key", "req-42");
        var a = await JsonOf(await host.Client.SendAsync(first));
        var b = await JsonOf(await host.Client.SendAsync(retry));
        Assert.Equal(a.GetProperty("revision").GetInt64(), b.GetProperty("revision").GetInt64());
        Assert.All(host.Service.Received, r => Assert.Equal("req-42", r.IdempotencyKey));

        // Applied once: the next write gets revision 2, not 3.
        var next = await JsonOf(await host.Client.PutAsync("/kv/other", Text("x")));
        Assert.Equal(2, next.GetProperty("revision").GetInt64());
        Assert.Null(host.Service.Received[^1].IdempotencyKey);
    }

    [Fact]
    public async Task Already_applied_retry_answers_200_with_null_revision()
    {
        await using var host = await ApiHost.StartAsync();
        host.Service.Answer = KvAlreadyApplied.Instance;
        var put = await JsonOf(await host.Client.PutAsync("/kv/k", Text("v")));
        Assert.Equal("k", put.GetProperty("key").GetString());
        Assert.Equal(JsonValueKind.Null, put.GetProperty("revision").ValueKind);
        var delete = await host.Client.DeleteAsync("/kv/k");
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await JsonOf(delete)).GetProperty("revision").ValueKind);
    }

    [Fact]
    public async Task Rejected_command_is_400()
    {
        await using var host = await ApiHost.StartAsync();
        host.Service.Answer = new KvRejected("bad payload");
        var response = await host.Client.PutAsync("/kv/k", Text("v"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("bad payload", (await JsonOf(response)).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oversized_idempotency_key_is_400_and_never_reaches_the_log()
    {
        await using var host = await ApiHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Put, "/kv/k") { Content = Text("v") };
        request.Headers.Add("Idempotency-Key", new string('i', 257));
        var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(host.Service.Received);
    }

    /// <summary>A stream that hides its length, so HttpClient must send it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
