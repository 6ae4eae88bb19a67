using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PaxosAkka.Node.Client;
using PaxosAkka.Node.Store;

namespace PaxosAkka.Node.Hosting;

/// <summary>
/// The node's HTTP front: a Kestrel WebApplication on the configured loopback address whose endpoints call the
/// <see cref="IKvService"/>. The full client API (issue 6 item 3) is the HTTP engineer's <c>Http/</c> folder;
/// until its <c>MapPaxosApi</c> lands, <see cref="MapMinimalApi"/> maps the smallest useful subset
/// (PUT/GET /kv/{key}, /paxos, /cluster, /healthz) so the node can be driven end to end.
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
    public static async Task<NodeHost> StartAsync(string hostname, int port, IKvService service, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hostname);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.UseUrls($"http://{hostname}:{port}");
        var app = builder.Build();
        MapMinimalApi(app, service);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new NodeHost(app);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Temporary minimal endpoints; replaced by the HTTP engineer's <c>app.MapPaxosApi(service)</c>.</summary>
    private static void MapMinimalApi(WebApplication app, IKvService service)
    {
        app.MapPut("/kv/{key}", async (string key, HttpRequest request, CancellationToken ct) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, ct).ConfigureAwait(false);
            string? idempotencyKey = request.Headers["Idempotency-Key"].FirstOrDefault();
            return await Execute(service, new KvPutCommand(key, body.ToArray()), idempotencyKey, key, ct).ConfigureAwait(false);
        });
        app.MapGet("/kv/{key}", async (string key, CancellationToken ct) =>
            await Execute(service, new KvReadCommand(key), null, key, ct).ConfigureAwait(false));
        app.MapGet("/paxos", () => Results.Json(service.GetPaxosStatus()));
        app.MapGet("/cluster", () => Results.Json(service.GetClusterStatus()));
        app.MapGet("/healthz", () => Results.Json(new { status = "ok" }));
    }

    private static async Task<IResult> Execute(IKvService service, KvCommand command, string? idempotencyKey, string key, CancellationToken ct)
    {
        try
        {
            var result = await service.ExecuteAsync(command, idempotencyKey, ct).ConfigureAwait(false);
            return result switch
            {
                KvWritten written => Results.Json(new { key, revision = written.Revision }),
                KvValue value => Results.Bytes(value.Value, "application/octet-stream"),
                KvNotFound => Results.Json(new { error = "not found", key }, statusCode: StatusCodes.Status404NotFound),
                KvAlreadyApplied => Results.Json(new { key, revision = (long?)null }),
                _ => Results.Json(new { error = JsonSerializer.Serialize(result.GetType().Name) }, statusCode: StatusCodes.Status400BadRequest),
            };
        }
        catch (OutcomeUnknownException e)
        {
            return Results.Json(new { error = e.Message, outcome = "unknown" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
