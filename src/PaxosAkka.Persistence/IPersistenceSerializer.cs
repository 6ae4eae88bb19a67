using System.Text.Json;

namespace PaxosAkka.Persistence;

/// <summary>Turns events and snapshots into (manifest, bytes) and back.</summary>
public interface IPersistenceSerializer
{
    /// <summary>The name stored with the payload, telling <see cref="Deserialize"/> what to build.</summary>
    string Manifest(object value);

    /// <summary>The payload bytes.</summary>
    byte[] Serialize(object value);

    /// <summary>Rebuilds a value; throws <see cref="System.Runtime.Serialization.SerializationException"/> on an unknown manifest.</summary>
    object Deserialize(string manifest, byte[] payload);
}

/// <summary>
/// JSON via System.Text.Json; the manifest is "Namespace.Type, Assembly" (no version, so a new build can still
/// read old events). Fine for records; register a custom serializer for anything needing schema evolution.
/// </summary>
public sealed class JsonPersistenceSerializer : IPersistenceSerializer
{
    /// <summary>Shared instance.</summary>
    public static JsonPersistenceSerializer Instance { get; } = new();

    /// <inheritdoc />
    public string Manifest(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var type = value.GetType();
        return $"{type.FullName}, {type.Assembly.GetName().Name}";
    }

    /// <inheritdoc />
    public byte[] Serialize(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return JsonSerializer.SerializeToUtf8Bytes(value, value.GetType());
    }

    /// <inheritdoc />
    public object Deserialize(string manifest, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(payload);
        var type = Type.GetType(manifest, throwOnError: false)
            ?? throw new System.Runtime.Serialization.SerializationException($"Unknown manifest '{manifest}': no such type is loaded.");
        try
        {
            return JsonSerializer.Deserialize(payload, type)
                ?? throw new System.Runtime.Serialization.SerializationException($"Payload of manifest '{manifest}' is JSON null.");
        }
        catch (JsonException e)
        {
            throw new System.Runtime.Serialization.SerializationException($"Payload of manifest '{manifest}' is not valid JSON for it: {e.Message}", e);
        }
    }
}
