using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PaxosAkka.Node.Client;
using PaxosAkka.Node.Http;
using PaxosAkka.Node.Metrics;

namespace PaxosAkka.Node.Hosting;

/// <summary>
/// An HTTP front alone, over any <see cref="IKvService"/> (the API tests use it with fakes; a real node's front is part
/// of <see cref="PaxosNodeRuntime"/>): a Kestrel WebApplication on the configured address whose endpoints (the client API of
/// <see cref="PaxosApi.MapPaxosApi(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder, IKvService, NodeMetrics, PaxosApiOptions)"/>)
/// call the <see cref="IKvService"/>.
/// </summary>
public sealed class NodeHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private NodeHost(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The URLs Kestrel listens on (the real port when the configured one was 0).</summary>
    public IReadOnlyCollection<string> Urls => [.. _app.Urls];

    /// <summary>Builds and starts the HTTP host on <paramref name="hostname"/>:<paramref name="port"/>.</summary>
    public static Task<NodeHost> StartAsync(
        string hostname, int port, IKvService service, TimeSpan requestTimeout, ILoggerFactory loggerFactory, CancellationToken cancellationToken) =>
        StartAsync(hostname, port, service, requestTimeout, loggerFactory, isTerminating: null, cancellationToken);

    /// <summary>
    /// Builds and starts the HTTP host on <paramref name="hostname"/>:<paramref name="port"/>; while
    /// <paramref name="isTerminating"/> says so, <c>GET /healthz</c> answers 503 "stopping".
    /// </summary>
    public static Task<NodeHost> StartAsync(
        string hostname, int port, IKvService service, TimeSpan requestTimeout, ILoggerFactory loggerFactory, Func<bool>? isTerminating, CancellationToken cancellationToken) =>
        StartAsync(hostname, port, service, requestTimeout, loggerFactory, isTerminating, new NodeMetrics(service), cancellationToken);

    private static async Task<NodeHost> StartAsync(
        string hostname, int port, IKvService service, TimeSpan requestTimeout, ILoggerFactory loggerFactory, Func<bool>? isTerminating, NodeMetrics metrics, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hostname);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.UseUrls($"http://{hostname}:{port}");
        var app = builder.Build();
        // The HTTP layer's own deadline sits a little behind the service's, so the service's OutcomeUnknown (503)
        // is what a client sees when no quorum answers.
        app.MapPaxosApi(service, metrics, new PaxosApiOptions { RequestTimeout = requestTimeout + TimeSpan.FromSeconds(1), IsTerminating = isTerminating });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new NodeHost(app);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
