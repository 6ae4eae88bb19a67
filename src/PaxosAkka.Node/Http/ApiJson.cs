using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using PaxosAkka.Node.Client;

namespace PaxosAkka.Node.Http;

/// <summary><c>PUT /kv/{key}</c> answer; <paramref name="Revision"/> is null when a retry hit an already-applied write.</summary>
public sealed record PutResponse(string Key, long? Revision);

/// <summary><c>DELETE</c> and <c>POST .../cas</c> answer; null revision as for <see cref="PutResponse"/>.</summary>
public sealed record RevisionResponse(long? Revision);

/// <summary>409 from compare-and-set: the value found (UTF-8 text), null when the key is absent.</summary>
public sealed record ConflictResponse(string? Current);

/// <summary>Every 4xx/5xx answer that is not a 503 outcome-unknown.</summary>
public sealed record ErrorResponse(string Error);

/// <summary>
/// 422: the Idempotency-Key was first used for a different request; this one was not applied.
/// <paramref name="Error"/> is always <c>idempotency_key_reused</c>; <paramref name="Message"/> names both requests.
/// </summary>
public sealed record IdempotencyConflictResponse(string Error, string Message);

/// <summary>503: the command may or may not take effect; the client retries with the same Idempotency-Key.</summary>
public sealed record OutcomeUnknownResponse(string Error, string Outcome, string Hint);

/// <summary><c>GET /healthz</c>.</summary>
public sealed record HealthResponse(string Status, int? Self, int? Leader, string? Error);

/// <summary>
/// Source-generated JSON metadata for the API's shapes (camelCase, nulls written out: <c>"revision": null</c> is
/// part of the contract). The per-role state inside <see cref="PaxosStatus.Roles"/> is open-ended, so
/// <see cref="ApiJson.Options"/> falls back to reflection for those values only.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(PutResponse))]
[JsonSerializable(typeof(RevisionResponse))]
[JsonSerializable(typeof(ConflictResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(OutcomeUnknownResponse))]
[JsonSerializable(typeof(IdempotencyConflictResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(PaxosStatus))]
[JsonSerializable(typeof(ClusterStatus))]
[JsonSerializable(typeof(MemberStatus))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(Dictionary<string, object>))]
[JsonSerializable(typeof(AcceptorRoleState))]
[JsonSerializable(typeof(ProposerRoleState))]
[JsonSerializable(typeof(LearnerRoleState))]
[JsonSerializable(typeof(StoreRoleState))]
[JsonSerializable(typeof(ElectionRoleState))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;

/// <summary>The serializer options and typed metadata every endpoint uses.</summary>
internal static class ApiJson
{
    /// <summary>
    /// The generated context first; reflection only as a fallback for a value type a future status field adds
    /// before it is listed in <see cref="ApiJsonContext"/> (every per-role state is a named record listed there).
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        TypeInfoResolver = JsonTypeInfoResolver.Combine(ApiJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    public static JsonTypeInfo<PutResponse> Put { get; } = Info<PutResponse>();

    public static JsonTypeInfo<RevisionResponse> Revision { get; } = Info<RevisionResponse>();

    public static JsonTypeInfo<ConflictResponse> Conflict { get; } = Info<ConflictResponse>();

    public static JsonTypeInfo<ErrorResponse> Error { get; } = Info<ErrorResponse>();

    public static JsonTypeInfo<OutcomeUnknownResponse> OutcomeUnknown { get; } = Info<OutcomeUnknownResponse>();

    public static JsonTypeInfo<IdempotencyConflictResponse> IdempotencyConflict { get; } = Info<IdempotencyConflictResponse>();

    public static JsonTypeInfo<HealthResponse> Health { get; } = Info<HealthResponse>();

    public static JsonTypeInfo<PaxosStatus> Paxos { get; } = Info<PaxosStatus>();

    public static JsonTypeInfo<ClusterStatus> Cluster { get; } = Info<ClusterStatus>();

    private static JsonTypeInfo<T> Info<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));
}
