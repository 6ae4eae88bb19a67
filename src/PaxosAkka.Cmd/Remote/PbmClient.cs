using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using PaxosAkka.Pbm;

namespace PaxosAkka.Cmd.Remote;

/// <summary>
/// Talks to one node's command endpoint. Every failure becomes a <see cref="PbmCallException"/> that carries the
/// message to print and the exit code, so each command reports an unreachable node or a refusal the same way.
/// </summary>
internal sealed class PbmClient : IDisposable
{
    /// <summary>How long one call may take; the endpoint answers from memory, so this only catches a stuck node.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http;

    public PbmClient(NodeAddress address)
    {
        Address = address;
        _http = new HttpClient { BaseAddress = address.BaseUri, Timeout = Timeout.InfiniteTimeSpan };
    }

    public NodeAddress Address { get; }

    public Task<T> GetAsync<T>(string route, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, route, type, cancellationToken);

    public Task<T> PostAsync<T>(string route, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, route, type, cancellationToken);

    /// <summary>Reads a JSON-lines stream (<c>cluster tail</c>) until the node ends it or <paramref name="cancellationToken"/> fires.</summary>
    public async IAsyncEnumerable<T> StreamAsync<T>(string route, JsonTypeInfo<T> type, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, route.TrimStart('/'));
        using var response = await Call(() => _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken), cancellationToken).ConfigureAwait(false);
        await ThrowUnlessOk(response, cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length > 0)
            {
                yield return JsonSerializer.Deserialize(line, type) ?? throw new PbmCallException($"the node sent an empty event from {Address}", ExitCodes.Unavailable);
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<T> SendAsync<T>(HttpMethod method, string route, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CallTimeout);
        using var request = new HttpRequestMessage(method, route.TrimStart('/'));
        using var response = await Call(() => _http.SendAsync(request, timeout.Token), cancellationToken).ConfigureAwait(false);
        await ThrowUnlessOk(response, timeout.Token).ConfigureAwait(false);
        string body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(body, type) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new PbmCallException($"{Address} answered with an unexpected body ({e.Message}); is it a PaxosAkka node's pbm port?", ExitCodes.Unavailable);
        }
    }

    /// <summary>Runs the HTTP call, turning refused connections and timeouts into <see cref="ExitCodes.Unavailable"/>.</summary>
    private async Task<HttpResponseMessage> Call(Func<Task<HttpResponseMessage>> send, CancellationToken caller)
    {
        try
        {
            return await send().ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            string why = e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused } ? "connection refused" : e.Message;
            throw new PbmCallException($"cannot reach a node at {Address} ({why}); is the node running, and is {Address} its paxos.cmd port?", ExitCodes.Unavailable);
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            throw new PbmCallException($"no answer from {Address} within {CallTimeout.TotalSeconds:0} s", ExitCodes.Unavailable);
        }
    }

    private async Task ThrowUnlessOk(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string message = NodeAnswers.ErrorOf(body);
        int exit = response.StatusCode switch
        {
            HttpStatusCode.BadRequest => ExitCodes.BadArguments,
            HttpStatusCode.NotFound or HttpStatusCode.Conflict => ExitCodes.Refused,
            _ => ExitCodes.Unavailable,
        };
        throw new PbmCallException($"{Address} answered {(int)response.StatusCode}: {message}", exit);
    }
}

/// <summary>A call to a node failed; <see cref="Exit"/> is the exit code the command returns.</summary>
internal sealed class PbmCallException(string message, int exit) : Exception(message)
{
    public int Exit { get; } = exit;
}

/// <summary>Reading a node's answers.</summary>
internal static class NodeAnswers
{
    /// <summary>The <c>error</c> of a JSON refusal, or the body itself (shortened) when it is not one.</summary>
    public static string ErrorOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in new[] { "error", "message" })
                {
                    if (document.RootElement.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String)
                    {
                        return e.GetString()!;
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's page, say): show it as it is.
        }

        return Shorten(body);
    }

    public static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
