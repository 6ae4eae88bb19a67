using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using PaxosAkka.Node.Client;
using PaxosAkka.Node.Metrics;

namespace PaxosAkka.Node.Http.WebConsole;

/// <summary>
/// The web console every node serves (issue 15 item 2):
/// <code>
/// GET /  /ui              the console page (a live cluster map, Paxos progress, the chosen log, forms, files)
/// GET /console/{file}     its stylesheet and script (embedded in the node, no CDN)
/// GET /events             server-sent events: the cluster, Paxos status, progress and log tail every interval
/// PUT|GET|DELETE /files/{key}   files in the store (see FileEndpoints)
/// </code>
/// Built over <see cref="IKvService"/> only, like the rest of the API, so it serves whatever runtime backs the node.
/// </summary>
internal static class WebConsoleEndpoints
{
    /// <summary>Maps the console's routes onto <paramref name="group"/>.</summary>
    public static void Map(IEndpointRouteBuilder group, IKvService service, NodeMetrics metrics, PaxosApiOptions options, IHostApplicationLifetime? lifetime)
    {
        var feed = new ConsoleFeed(service, options.Clock, options.ConsoleInterval);
        var stopping = lifetime?.ApplicationStopping ?? CancellationToken.None;
        stopping.Register(feed.Dispose);
        var events = new ConsoleEvents(feed, stopping);
        var files = new FileEndpoints(service, metrics, options);

        group.MapGet("/", ConsoleAssets.Page);
        group.MapGet("/ui", ConsoleAssets.Page);
        group.MapGet("/console/{file}", ConsoleAssets.Asset);
        group.MapGet("/events", events.StreamAsync);
        group.MapPut("/files/{key}", files.UploadAsync);
        group.MapGet("/files/{key}", files.DownloadAsync);
        group.MapDelete("/files/{key}", files.DeleteAsync);
    }
}
