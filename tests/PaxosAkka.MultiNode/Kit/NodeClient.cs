using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace PaxosAkka.MultiNode.Kit;

/// <summary>An HTTP answer; <see cref="Status"/> is null when none came (timeout, refused, reset).</summary>
public sealed record HttpOutcome(HttpStatusCode? Status, string Body)
{
    /// <summary>200.</summary>
    public bool Ok => Status == HttpStatusCode.OK;

    /// <summary>503 or no answer: the write may or may not take effect.</summary>
    public bool Unknown => Status is null or HttpStatusCode.ServiceUnavailable;

    /// <inheritdoc />
    public override string ToString() => $"{(Status is null ? "no answer" : ((int)Status).ToString(System.Globalization.CultureInfo.InvariantCulture))} {Body}";
}

/// <summary>One Akka.Cluster member as a node's <c>GET /cluster</c> shows it.</summary>
public sealed record MemberSeen(int? NodeId, string Address, string Status, bool Reachable);

/// <summary>A node's client HTTP API: key-value requests and the status pages the specs read.</summary>
public sealed class NodeClient(Uri baseUrl) : IDisposable
{
    // Outlasts the node's own request timeout (3 s in specs), so a node's 503 is seen rather than a client timeout.
    private readonly HttpClient _http = new() { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(6) };

    /// <summary><c>PUT /kv/{key}</c>, with an Idempotency-Key when given (retries apply at most once).</summary>
    public async Task<HttpOutcome> PutAsync(string key, string value, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "kv/" + Uri.EscapeDataString(key)) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(value)) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>GET /kv/{key}</c> (linearizable).</summary>
    public async Task<HttpOutcome> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "kv/" + Uri.EscapeDataString(key));
        return await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when <c>GET /healthz</c> answers 200.</summary>
    public async Task<bool> HealthyAsync(CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "healthz");
        return (await SendAsync(request, cancellationToken).ConfigureAwait(false)).Ok;
    }

    /// <summary>Akka.Cluster's membership as <c>GET /cluster</c> shows it, or null when the node does not answer.</summary>
    public async Task<IReadOnlyList<MemberSeen>?> MembershipAsync(CancellationToken cancellationToken = default)
    {
        using var doc = await ReadJsonAsync("cluster", cancellationToken).ConfigureAwait(false);
        if (doc is null || !doc.RootElement.TryGetProperty("membership", out var membership) || membership.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return [.. membership.GetProperty("members").EnumerateArray().Select(m => new MemberSeen(
            m.GetProperty("nodeId").ValueKind == JsonValueKind.Number ? m.GetProperty("nodeId").GetInt32() : null,
            m.GetProperty("address").GetString() ?? string.Empty,
            m.GetProperty("status").GetString() ?? string.Empty,
            m.GetProperty("reachable").GetBoolean()))];
    }

    /// <summary>The Paxos leader this node knows (<c>GET /paxos</c>'s <c>leader</c>), or null.</summary>
    public async Task<int?> LeaderAsync(CancellationToken cancellationToken = default)
    {
        using var doc = await ReadJsonAsync("paxos", cancellationToken).ConfigureAwait(false);
        return doc is not null && doc.RootElement.TryGetProperty("leader", out var leader) && leader.ValueKind == JsonValueKind.Number ? leader.GetInt32() : null;
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private async Task<JsonDocument?> ReadJsonAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.GetFromJsonAsync<JsonDocument>(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task<HttpOutcome> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return new HttpOutcome(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new HttpOutcome(null, e.GetType().Name + ": " + e.Message);
        }
    }
}
