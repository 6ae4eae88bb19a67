using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace PaxosAkka.Node.Http.WebConsole;

/// <summary>
/// Source-generated JSON of the console's own shapes (camelCase, nulls written out like the rest of the API). Metadata
/// mode only: the generated fast path would write the open-ended role states inside a Paxos status with this context
/// alone and fail; through <see cref="ConsoleJson.Options"/> they resolve from the API's context instead.
/// </summary>
[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Metadata,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ConsoleEvent))]
[JsonSerializable(typeof(FileUploaded))]
[JsonSerializable(typeof(FileMetadata))]
internal sealed partial class ConsoleJsonContext : JsonSerializerContext;

/// <summary>The serializer options of the console's routes.</summary>
internal static class ConsoleJson
{
    /// <summary>
    /// The console's generated context, then the API's (the per-role states inside a Paxos status), then reflection
    /// for a role state a future status adds before it is listed (as <see cref="ApiJson.Options"/> does).
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        TypeInfoResolver = JsonTypeInfoResolver.Combine(ConsoleJsonContext.Default, ApiJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    public static JsonTypeInfo<ConsoleEvent> Event { get; } = (JsonTypeInfo<ConsoleEvent>)Options.GetTypeInfo(typeof(ConsoleEvent));
}
