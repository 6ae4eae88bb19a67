using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace PaxosAkka.Node.Http.WebConsole;

/// <summary>
/// <c>GET /events</c>: a server-sent event stream (<c>text/event-stream</c>) that sends a <see cref="ConsoleEvent"/>
/// as <c>event: status</c> every <see cref="ConsoleFeed.Interval"/> until the client goes away or the node stops.
/// The page needs no reload: the browser's EventSource reconnects by itself (after the <c>retry</c> the stream
/// announces) when the connection breaks.
/// </summary>
internal sealed class ConsoleEvents
{
    private static readonly byte[] Retry = Encoding.ASCII.GetBytes("retry: 1000\n\n");
    private static readonly byte[] EventHead = Encoding.ASCII.GetBytes("event: status\ndata: ");
    private static readonly byte[] EventEnd = Encoding.ASCII.GetBytes("\n\n");
    private readonly ConsoleFeed _feed;
    private readonly CancellationToken _stopping;

    /// <param name="feed">The shared progress feed.</param>
    /// <param name="stopping">The host's stopping token: open streams end with it, so a node never waits on a browser to stop.</param>
    public ConsoleEvents(ConsoleFeed feed, CancellationToken stopping)
    {
        _feed = feed;
        _stopping = stopping;
    }

    /// <summary>Streams events into the response until the client goes away or the node stops.</summary>
    public async Task StreamAsync(HttpContext context)
    {
        _feed.EnsureStarted();
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping);
        var token = linked.Token;
        try
        {
            await response.Body.WriteAsync(Retry, token).ConfigureAwait(false);
            long seen = -1;
            while (!token.IsCancellationRequested)
            {
                var next = Next(seen, out seen);
                await response.Body.WriteAsync(EventHead, token).ConfigureAwait(false);
                // JSON written compactly has no raw newline, so the whole event is one data line.
                await JsonSerializer.SerializeAsync(response.Body, next, ConsoleJson.Event, token).ConfigureAwait(false);
                await response.Body.WriteAsync(EventEnd, token).ConfigureAwait(false);
                await response.Body.FlushAsync(token).ConfigureAwait(false);
                await Task.Delay(_feed.Interval, _feed.Clock, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The browser went away or the node stops: the stream simply ends.
        }
        catch (IOException)
        {
            // The connection broke mid-write.
        }
    }

    private ConsoleEvent Next(long seen, out long nextSeen)
    {
        try
        {
            return _feed.Next(seen, out nextSeen);
        }
#pragma warning disable CA1031 // The page shows why the status is missing instead of losing its stream.
        catch (Exception e)
#pragma warning restore CA1031
        {
            nextSeen = seen;
            return new ConsoleEvent(0, _feed.Clock.GetUtcNow().ToUnixTimeMilliseconds(), false, false, null, null, null, [], [], $"status unavailable: {e.Message}");
        }
    }
}
