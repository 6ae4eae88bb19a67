using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using PaxosAkka.Pbm;

namespace PaxosAkka.Cmd.Remote;

/// <summary>A node's answer to one key-value request: status, body, and what it means for the exit code.</summary>
internal sealed record KvAnswer(HttpStatusCode Status, string Body, string? Revision)
{
    public bool Ok => Status == HttpStatusCode.OK;

    /// <summary>0 for 200; 4 when the node refused (404 no key, 409 CAS conflict); 2 for bad input; 3 otherwise.</summary>
    public int Exit => Status switch
    {
        HttpStatusCode.OK => ExitCodes.Success,
        HttpStatusCode.NotFound or HttpStatusCode.Conflict => ExitCodes.Refused,
        HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnprocessableEntity => ExitCodes.BadArguments,
        _ => ExitCodes.Unavailable,
    };

    /// <summary>The revision field of a JSON answer, if any.</summary>
    public string? JsonRevision()
    {
        try
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("revision", out var r) && r.ValueKind == JsonValueKind.Number
                ? r.GetRawText()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// The node's client HTTP API (<c>/kv/{key}</c>) for <c>kv get|put|del|cas</c> and <c>menu</c>: the same requests
/// curl would send, so pbm gets the API's linearizable reads, leader forwarding and JSON errors unchanged.
/// </summary>
internal sealed class KvHttp(Uri baseUri) : IDisposable
{
    /// <summary>The node's own request timeout is 5 s by default; this outlasts it so its 503 is what pbm reports.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);

    private readonly HttpClient _http = new() { Timeout = RequestTimeout };

    public Uri BaseUri { get; } = baseUri;

    /// <summary>
    /// The client API to use: <paramref name="url"/> when given, else the one the command endpoint at
    /// <see cref="Io.Address"/> names (<c>/pbm/node</c>), so <c>pbm 127.0.0.1:9113 kv get k</c> asks node 3.
    /// </summary>
    public static async Task<Uri> ResolveAsync(Io io, string? url, CancellationToken cancellationToken)
    {
        if (url is not null)
        {
            return Uri.TryCreate(url, UriKind.Absolute, out var given) && given.Scheme is "http" or "https"
                ? new Uri(given.ToString().TrimEnd('/') + "/")
                : throw new PbmCallException($"--url must be an http(s) URL such as http://127.0.0.1:8081, not '{url}'", ExitCodes.BadArguments);
        }

        using var client = new PbmClient(io.Address);
        var node = await client.GetAsync(PbmRoutes.Node, PbmJson.Default.PbmNode, cancellationToken).ConfigureAwait(false);
        return new Uri(node.HttpUrl.TrimEnd('/') + "/");
    }

    /// <summary>
    /// <see cref="ResolveAsync"/> for commands that take a URL string: the URL, or null after printing why not (with
    /// the exit code to return), as <c>pbm {path}: ...</c>.
    /// </summary>
    public static async Task<(string? Url, int Exit)> UrlOrReportAsync(Io io, string? given, string path, CancellationToken cancellationToken)
    {
        if (given is not null)
        {
            return (given, ExitCodes.Success); // validated by the command itself, with its own message
        }

        try
        {
            return ((await ResolveAsync(io, null, cancellationToken).ConfigureAwait(false)).ToString(), ExitCodes.Success);
        }
        catch (PbmCallException e)
        {
            io.Error.WriteLine($"pbm {path}: {e.Message}");
            return (null, e.Exit);
        }
    }

    /// <summary>GET of another route of the client API (<c>paxos</c> for the menu's status).</summary>
    public Task<KvAnswer> GetPathAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(BaseUri, path)), cancellationToken);

    public Task<KvAnswer> GetAsync(string key, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, Key(key)), cancellationToken);

    public Task<KvAnswer> PutAsync(string key, string value, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Put, Key(key)) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(value)) }, cancellationToken);

    public Task<KvAnswer> DeleteAsync(string key, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Delete, Key(key)), cancellationToken);

    /// <summary>Compare-and-set; <paramref name="expected"/> null means "only if the key is absent".</summary>
    public Task<KvAnswer> CasAsync(string key, string? expected, string value, CancellationToken cancellationToken)
    {
        var body = new StringBuilder("{\"expected\":").Append(expected is null ? "null" : JsonSerializer.Serialize(expected, PbmCmdJson.Default.String))
            .Append(",\"value\":").Append(JsonSerializer.Serialize(value, PbmCmdJson.Default.String)).Append('}').ToString();
        return SendAsync(new HttpRequestMessage(HttpMethod.Post, Key(key) + "/cas") { Content = new StringContent(body, Encoding.UTF8, "application/json") }, cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private Uri Key(string key) => new(BaseUri, "kv/" + Uri.EscapeDataString(key));

    private async Task<KvAnswer> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            try
            {
                using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                string? revision = response.Headers.TryGetValues("X-Revision", out var values) ? values.FirstOrDefault() : null;
                return new KvAnswer(response.StatusCode, body, revision);
            }
            catch (HttpRequestException e)
            {
                throw new PbmCallException($"cannot reach the client API at {BaseUri} ({e.Message})", ExitCodes.Unavailable);
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new PbmCallException(string.Create(CultureInfo.InvariantCulture, $"no answer from {BaseUri} within {RequestTimeout.TotalSeconds:0} s"), ExitCodes.Unavailable);
            }
        }
    }
}
