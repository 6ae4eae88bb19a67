using System.Runtime.Serialization;
using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;

namespace PaxosAkka.Node.Hosting;

/// <summary>
/// The one Akka serializer of every Paxos and node message (<see cref="WireManifests"/>), with a short fixed manifest
/// per type. The value-carrying hot-path messages use <see cref="PaxosBinaryCodec"/>; the small, rare ones
/// (Prepare, Nack, election, store replication) are System.Text.Json records, which tolerate added fields. Akka's
/// default (Newtonsoft JSON) never sees our messages: a test walks <see cref="WireManifests.ByType"/> and checks each
/// binds here.
/// </summary>
public sealed class PaxosSerializer : SerializerWithStringManifest
{
    /// <summary>The serializer id on the wire (Akka reserves 0-40 for its own).</summary>
    public const int Id = 100;

    /// <summary>The name it is bound under in <c>akka.actor.serializers</c>.</summary>
    public const string Name = "paxos";

    /// <summary>
    /// The actor system configuration that installs this serializer and binds every wire type to it (and nothing else
    /// changes): the node's hosting adds it, and so do the tests, so both run the same bindings.
    /// </summary>
    public static Config Bindings { get; } = ConfigurationFactory.ParseString(BindingsHocon());

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General) { IncludeFields = false, MaxDepth = 64 };

    /// <summary>Creates the serializer for <paramref name="system"/> (Akka calls this by reflection).</summary>
    public PaxosSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    /// <inheritdoc />
    public override int Identifier => Id;

    private static string BindingsHocon()
    {
        static string Quoted(Type type) => $"\"{type.FullName}, {type.Assembly.GetName().Name}\"";
        var text = new System.Text.StringBuilder();
        text.Append("akka.actor.serializers.").Append(Name).Append(" = ").AppendLine(Quoted(typeof(PaxosSerializer)));
        text.Append("akka.actor.serialization-identifiers { ").Append(Quoted(typeof(PaxosSerializer))).Append(" = ").Append(Id).AppendLine(" }");
        text.AppendLine("akka.actor.serialization-bindings {");
        foreach (var type in WireManifests.ByType.Keys.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            text.Append("  ").Append(Quoted(type)).Append(" = ").AppendLine(Name);
        }

        return text.Append('}').ToString();
    }

    /// <inheritdoc />
    public override string Manifest(object o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return WireManifests.ByType.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new SerializationException($"{o.GetType().FullName} is not a Paxos wire message (add it to WireManifests)");
    }

    /// <inheritdoc />
    public override byte[] ToBinary(object obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var type = obj.GetType();
        if (!WireManifests.ByType.ContainsKey(type))
        {
            throw new SerializationException($"{type.FullName} is not a Paxos wire message (add it to WireManifests)");
        }

        return PaxosBinaryCodec.Handled.Contains(type) ? PaxosBinaryCodec.ToBinary(obj) : JsonSerializer.SerializeToUtf8Bytes(obj, type, Json);
    }

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, string manifest)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (manifest is null || !WireManifests.ByManifest.TryGetValue(manifest, out var type))
        {
            throw new SerializationException($"unknown Paxos wire manifest '{manifest}'");
        }

        if (PaxosBinaryCodec.Handled.Contains(type))
        {
            return PaxosBinaryCodec.FromBinary(bytes, type);
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, type, Json) ?? throw new SerializationException($"a null {type.Name}");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            // Records validate in their constructors (ArgumentException); a hostile frame must never crash the node.
            throw new SerializationException($"corrupt {type.Name} payload: {e.Message}", e);
        }
    }
}
