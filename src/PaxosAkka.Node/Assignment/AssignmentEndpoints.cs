using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PaxosAkka.Node.Client;

namespace PaxosAkka.Node.Assignment;

/// <summary><c>GET /cluster/roles</c> → 200: the role assignment in force, read through the log.</summary>
public sealed record RoleAssignmentResponse(long Revision, int[] Auto, int[] Proposer, int[] Learner, int[] Store);

/// <summary>Source-generated JSON of the assignment endpoint.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RoleAssignmentResponse))]
[JsonSerializable(typeof(Prime.PrimeError))]
public sealed partial class AssignmentJsonContext : JsonSerializerContext;

/// <summary>
/// Maps <c>GET /cluster/roles</c> and, when the member list has <c>auto</c> nodes, starts the leader's assignment
/// rounds (<see cref="AssignmentCoordinator.RunAsync"/>) for the lifetime of the HTTP host.
/// </summary>
public static class AssignmentEndpoints
{
    /// <summary>How often the leader re-checks the assignment.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Maps the route and starts the rounds.</summary>
    public static void Map(IEndpointRouteBuilder group, IKvService service)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(service);
        var coordinator = new AssignmentCoordinator(service, new AssignmentTargets());
        group.MapGet("/cluster/roles", (HttpRequest request) => GetAsync(coordinator, request.HttpContext));
        if (coordinator.AutoNodes().Count > 0)
        {
            var stopping = group.ServiceProvider.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
            _ = Task.Run(() => coordinator.RunAsync(Interval, TimeProvider.System, stopping), CancellationToken.None);
        }
    }

    private static async Task<IResult> GetAsync(AssignmentCoordinator coordinator, HttpContext context)
    {
        try
        {
            var (assignment, _) = await coordinator.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            return Results.Json(
                new RoleAssignmentResponse(assignment.Revision, [.. coordinator.AutoNodes()], [.. assignment.Proposers], [.. assignment.Learners], [.. assignment.Stores]),
                AssignmentJsonContext.Default.RoleAssignmentResponse);
        }
        catch (Exception e) when (e is OutcomeUnknownException or InvalidOperationException or InvalidDataException)
        {
            return Results.Json(new Prime.PrimeError(e.Message), AssignmentJsonContext.Default.PrimeError, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
