using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
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
/// Maps <c>GET /cluster/roles</c>. The leader's assignment rounds run in the node itself
/// (<see cref="Hosting.PaxosNodeRuntime"/>), not in its HTTP front.
/// </summary>
public static class AssignmentEndpoints
{
    /// <summary>How often the leader re-checks the assignment (and re-announces it to the auto nodes).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    /// <summary>Maps the route.</summary>
    public static void Map(IEndpointRouteBuilder group, IKvService service)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(service);
        var coordinator = new AssignmentCoordinator(service, new AssignmentTargets());
        group.MapGet("/cluster/roles", (HttpRequest request) => GetAsync(coordinator, request.HttpContext));
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
