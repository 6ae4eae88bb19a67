using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PaxosAkka.Node.Client;
using PaxosAkka.Node.Metrics;
using Prometheus;

namespace PaxosAkka.Node.Http;

/// <summary>
/// The client HTTP API of a node (issue 6 item 3), mapped onto any endpoint builder:
/// <code>
/// PUT    /kv/{key}        value bytes                      → 200 {"key","revision"} | 400 | 413 | 503
/// GET    /kv/{key}        linearizable read                → 200 bytes + X-Revision | 404 | 413 | 503
/// GET    /kv?prefix=P&amp;limit=N&amp;after=K  linearizable listing (KvEndpoints.List) → 200 {"keys":[{"key","revision","size"}],"next","revision"} | 400 | 503
/// DELETE /kv/{key}                                         → 200 {"revision"} | 404 | 503
/// POST   /kv/{key}/cas    {"expected": s|null, "value": s} → 200 {"revision"} | 409 {"current"} | 400 | 413 | 503
/// POST   /prime/{n}       prime consensus (PrimeEndpoints) → 200 {"n","prime","revision","checkedBy"} | 400 | 503
/// GET    /cluster  /paxos  /healthz  /metrics
/// GET    /  /ui  /console/{file}  /events  and  PUT|GET|DELETE /files/{key}: the web console (WebConsoleEndpoints)
/// </code>
/// </summary>
public static class PaxosApi
{
    /// <summary>Maps every route with default <see cref="PaxosApiOptions"/>.</summary>
    public static IEndpointRouteBuilder MapPaxosApi(this IEndpointRouteBuilder app, IKvService service, NodeMetrics metrics) =>
        MapPaxosApi(app, service, metrics, new PaxosApiOptions());

    /// <summary>Maps every route.</summary>
    public static IEndpointRouteBuilder MapPaxosApi(this IEndpointRouteBuilder app, IKvService service, NodeMetrics metrics, PaxosApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.RequestTimeout, TimeSpan.Zero);

        var kv = new KvEndpoints(service, metrics, options);
        var lifetime = app.ServiceProvider.GetService<IHostApplicationLifetime>();
        var status = new StatusEndpoints(service, options, lifetime);
        var group = app.MapGroup(string.Empty);
        group.AddEndpointFilter(async (invocation, next) => await Measured(metrics, invocation, next).ConfigureAwait(false));

        group.MapPut("/kv/{key}", (HttpContext context, string key) => kv.PutAsync(context, key));
        group.MapGet("/kv/{key}", (HttpContext context, string key) => kv.GetAsync(context, key));
        group.MapDelete("/kv/{key}", (HttpContext context, string key) => kv.DeleteAsync(context, key));
        group.MapPost("/kv/{key}/cas", (HttpContext context, string key) => kv.CasAsync(context, key));
        // A route handler (Delegate), not a RequestDelegate, so that the IResult it returns is written.
        group.MapGet("/kv", (Delegate)((HttpContext context) => kv.ListAsync(context)));
        group.MapMethods("/kv", ["PUT", "DELETE", "POST"], () => kv.EmptyKey());
        PrimeEndpoints.Map(group, service);

        group.MapGet("/cluster", () => status.Cluster());
        group.MapGet("/paxos", () => status.Paxos());
        group.MapGet("/healthz", () => status.Health());
        // prometheus-net's exporter renders the node's own registry (text 0.0.4, or OpenMetrics when the scraper asks).
        // It is a middleware endpoint, outside the group's filter, so scrapes are not counted in paxos_http_requests_total.
        app.MapMetrics("/metrics", metrics.Registry);
        WebConsole.WebConsoleEndpoints.Map(group, service, metrics, options, lifetime);
        return app;
    }

    /// <summary>
    /// Counts the request and its latency once the handler produced its result. The status is read off the
    /// result (not the response) so the metric is recorded before the client sees the answer.
    /// </summary>
    private static async ValueTask<object?> Measured(NodeMetrics metrics, EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        long start = metrics.StartTimestamp();
        var http = invocation.HttpContext;
        string route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unknown";
        int statusCode = StatusCodes.Status500InternalServerError;
        try
        {
            var result = await next(invocation).ConfigureAwait(false);
            statusCode = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status200OK;
            return result;
        }
        finally
        {
            metrics.ObserveRequest(route, http.Request.Method, statusCode, start);
        }
    }
}
