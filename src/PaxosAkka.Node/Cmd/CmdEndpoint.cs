using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PaxosAkka.Node.Client;
using PaxosAkka.Node.Configuration;
using PaxosAkka.Pbm;

namespace PaxosAkka.Node.Cmd;

/// <summary>
/// The node's command endpoint for <c>pbm</c>: a small Kestrel app of its own on <c>paxos.cmd.host:port</c> whose JSON
/// routes (<see cref="PbmRoutes"/>) read and act on this runtime's actor system (Akka.Cluster membership, the actor
/// tree) and its Paxos status. It lives and dies with one runtime: a node the cluster downs starts a fresh runtime,
/// and with it a fresh endpoint on the same port.
/// </summary>
internal sealed partial class CmdEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CmdEndpoint(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The URL the endpoint listens on (the real port when the configured one was 0).</summary>
    public string Url { get; }

    /// <summary>
    /// Starts the endpoint, or returns null when it is disabled or its port cannot be bound: the endpoint is an
    /// operator's window, and a node that cannot open it must still serve Paxos (the reason is logged).
    /// </summary>
    public static async Task<CmdEndpoint?> StartAsync(
        CmdSettings cmd, NodeSettings settings, ActorSystem system, IKvService service, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cmd);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var log = loggerFactory.CreateLogger<CmdEndpoint>();
        if (!cmd.Enabled)
        {
            return null;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://{cmd.Host}:{cmd.Port}");
        // A streaming `cluster tail` must not hold a stop for Kestrel's default 30 s: it ends on ApplicationStopping.
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        Map(app, new CmdContext(settings, system, service, TimeProvider.System, app.Lifetime.ApplicationStopping));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            // Kestrel reports an address in use as an IOException; the node goes on without the endpoint.
            LogWarningNotBound(log, settings.Id, cmd.Host, cmd.Port, e.Message);
            await app.DisposeAsync().ConfigureAwait(false);
            return null;
        }

        string url = app.Urls.FirstOrDefault() ?? $"http://{cmd.Host}:{cmd.Port}";
        LogInformationListening(log, settings.Id, url);
        return new CmdEndpoint(app, url);
    }

    /// <summary>Maps every <c>/pbm/</c> route onto <paramref name="app"/>.</summary>
    internal static void Map(WebApplication app, CmdContext context)
    {
        var cluster = new CmdClusterRoutes(context);
        var actors = new CmdActorRoutes(context);
        var paxos = new CmdPaxosRoutes(context);
        app.MapGet(PbmRoutes.Node, () => cluster.Node());
        app.MapGet(PbmRoutes.Cluster, () => cluster.Show());
        app.MapGet(PbmRoutes.ClusterTail, (HttpContext http) => cluster.TailAsync(http));
        app.MapPost(PbmRoutes.ClusterLeave, (string? address) => cluster.Leave(address));
        app.MapPost(PbmRoutes.ClusterDown, (string? address) => cluster.Down(address));
        app.MapPost(PbmRoutes.ClusterJoin, (string? address) => cluster.Join(address));
        app.MapPost(PbmRoutes.ClusterDownUnreachable, () => cluster.DownUnreachable());
        app.MapGet(PbmRoutes.ActorSystem, () => actors.System());
        app.MapGet(PbmRoutes.ActorHierarchy, (string? path, int? depth) => actors.Hierarchy(path, depth));
        app.MapGet(PbmRoutes.PaxosStatus, () => paxos.Status());
        app.MapGet(PbmRoutes.PaxosLeader, () => paxos.Leader());
        app.MapGet(PbmRoutes.PaxosBallots, () => paxos.Ballots());
        app.MapGet(PbmRoutes.PaxosLog, (long? from, long? to) => paxos.LogAsync(from, to));
        app.MapFallback(() => CmdContext.Error(StatusCodes.Status404NotFound, "no such pbm route; is pbm newer than this node?"));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 7401, Level = LogLevel.Information, Message = "Node {Id} serves pbm's command endpoint on {Url}")]
    private static partial void LogInformationListening(ILogger logger, int id, string url);

    [LoggerMessage(EventId = 7402, Level = LogLevel.Warning, Message = "Node {Id} cannot serve pbm's command endpoint on {Host}:{Port} ({Reason}); it runs without one (see paxos.cmd)")]
    private static partial void LogWarningNotBound(ILogger logger, int id, string host, int port, string reason);
}

/// <summary>What every route group needs: the node, its actor system and client service, a clock, and the stop signal.</summary>
internal sealed record CmdContext(NodeSettings Settings, ActorSystem System, IKvService Service, TimeProvider Clock, CancellationToken Stopping)
{
    /// <summary>A JSON refusal with <paramref name="status"/>.</summary>
    public static IResult Error(int status, string message) => Results.Json(new PbmError(message), PbmJson.Default.PbmError, statusCode: status);
}
