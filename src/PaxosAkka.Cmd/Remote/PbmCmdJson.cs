using System.Text.Json.Serialization;

namespace PaxosAkka.Cmd.Remote;

/// <summary>What <c>kv get --json</c> prints: the key, its value as text and the revision that wrote it.</summary>
internal sealed record KvValueJson(string Key, string Value, long? Revision);

/// <summary>Source-generated JSON for pbm's own shapes (the node's are in <c>PbmJson</c>).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(KvValueJson))]
internal sealed partial class PbmCmdJson : JsonSerializerContext;
