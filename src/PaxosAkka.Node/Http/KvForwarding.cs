using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using PaxosAkka.Node.Client;

namespace PaxosAkka.Node.Http;

/// <summary>
/// Hands a key-value request that this node cannot serve (a spare <c>auto</c> node holding no proposer or store)
/// to one that can, byte for byte, and returns its answer: the client may talk to any node. A forwarded request
/// carries <see cref="ForwardedHeader"/> and is never forwarded again, so two nodes that each think the other
/// serves cannot bounce it forever; if the hop fails the outcome is unknown (the peer may have applied it).
/// </summary>
internal sealed class KvForwarding
{
    /// <summary>Marks a request one node already handed on.</summary>
    public const string ForwardedHeader = "X-Paxos-Forwarded";

    private static readonly HttpClient s_client = new() { Timeout = Timeout.InfiniteTimeSpan };
    private const string IdempotencyHeader = "Idempotency-Key";
    private readonly IKvService _service;

    public KvForwarding(IKvService service) => _service = service;

    /// <summary>True when this request should go to <paramref name="peer"/> instead of being served here.</summary>
    public bool ShouldForward(HttpContext context, out Uri? peer)
    {
        peer = context.Request.Headers.ContainsKey(ForwardedHeader) ? null : _service.ServingPeer();
        return peer is not null;
    }

    /// <summary>
    /// Sends the request on to <paramref name="peer"/> and copies its status, the headers that matter and its body
    /// back; null when the body exceeds <paramref name="bodyLimit"/> (nothing was sent).
    /// </summary>
    /// <exception cref="HttpRequestException">The peer could not be reached or broke off.</exception>
    public static async Task<IResult?> ForwardAsync(HttpContext context, Uri peer, int bodyLimit, CancellationToken cancellationToken)
    {
        if (await RequestBody.ReadBoundedAsync(context, bodyLimit, cancellationToken).ConfigureAwait(false) is not { } body)
        {
            return null;
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(peer, context.Request.Path + context.Request.QueryString));
        request.Headers.TryAddWithoutValidation(ForwardedHeader, "1");
        if (body.Length > 0 || context.Request.ContentLength is not null)
        {
            request.Content = new ByteArrayContent(body);
        }

        if (context.Request.Headers.TryGetValue(IdempotencyHeader, out var idempotencyKey))
        {
            request.Headers.TryAddWithoutValidation(IdempotencyHeader, (IEnumerable<string>)idempotencyKey!);
        }

        if (request.Content is not null && MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type))
        {
            request.Content.Headers.ContentType = type;
        }

        using var response = await s_client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (response.Headers.TryGetValues("X-Revision", out var revision))
        {
            context.Response.Headers["X-Revision"] = revision.First();
        }

        // A file download's name, and the guard against sniffing it, travel back too.
        if (response.Content.Headers.ContentDisposition is { } disposition)
        {
            context.Response.Headers.ContentDisposition = disposition.ToString();
        }

        if (response.Headers.TryGetValues("X-Content-Type-Options", out var sniffing))
        {
            context.Response.Headers["X-Content-Type-Options"] = sniffing.First();
        }

        context.Response.StatusCode = (int)response.StatusCode;
        context.Response.ContentType = response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream";
        await context.Response.Body.WriteAsync(answer, cancellationToken).ConfigureAwait(false);
        return Results.Empty;
    }
}
