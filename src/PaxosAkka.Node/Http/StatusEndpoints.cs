using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using PaxosAkka.Node.Client;

namespace PaxosAkka.Node.Http;

/// <summary><c>GET /cluster</c>, <c>/paxos</c> and <c>/healthz</c>: read-only views that never touch the log (<c>/metrics</c> is prometheus-net's).</summary>
internal sealed class StatusEndpoints
{
    private readonly IKvService _service;
    private readonly PaxosApiOptions _options;
    private readonly IHostApplicationLifetime? _lifetime;

    public StatusEndpoints(IKvService service, PaxosApiOptions options, IHostApplicationLifetime? lifetime)
    {
        _service = service;
        _options = options;
        _lifetime = lifetime;
    }

    public IResult Cluster() => Results.Json(_service.GetClusterStatus(), ApiJson.Cluster);

    public IResult Paxos() => Results.Json(_service.GetPaxosStatus(), ApiJson.Paxos);

    /// <summary>200 while the node serves; 503 while it stops, so a load balancer drains it first.</summary>
    public IResult Health()
    {
        bool stopping = (_lifetime?.ApplicationStopping.IsCancellationRequested ?? false) || (_options.IsTerminating?.Invoke() ?? false);
        if (stopping)
        {
            return Results.Json(new HealthResponse("stopping", null, null, "the node is shutting down"), ApiJson.Health, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        PaxosStatus status;
        try
        {
            status = _service.GetPaxosStatus();
        }
#pragma warning disable CA1031 // Health must answer with the failure, not crash the request.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Results.Json(new HealthResponse("unavailable", null, null, e.Message), ApiJson.Health, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return Results.Json(new HealthResponse("ok", status.Self, status.Leader, null), ApiJson.Health);
    }
}
