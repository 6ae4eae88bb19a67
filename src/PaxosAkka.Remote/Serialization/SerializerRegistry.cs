using System.Collections.Concurrent;

namespace PaxosAkka.Remote.Serialization;

/// <summary>
/// Maps message types to stable wire names. Every remote message type is registered explicitly with a
/// manifest (for example <c>"paxos.acceptor.prepare"</c>) that, with the serializer id, names it on the
/// wire; CLR type names never travel, so renaming a class cannot break a rolling upgrade and a peer cannot
/// make us instantiate an arbitrary type. Unknown ids or manifests are refused on both ends.
/// </summary>
public sealed class SerializerRegistry
{
    private readonly ConcurrentDictionary<int, IMessageSerializer> _serializers = new();
    private readonly ConcurrentDictionary<Type, (IMessageSerializer Serializer, string Manifest)> _byType = new();
    private readonly ConcurrentDictionary<(int, string), Type> _byManifest = new();

    /// <summary>A registry with the raw-bytes and JSON serializers, <c>byte[]</c> and <c>string</c> registered.</summary>
    public SerializerRegistry()
    {
        AddSerializer(new BytesSerializer());
        AddSerializer(Json);
        Register<byte[]>("bytes", BytesSerializer.Id);
        Register<string>("string");
    }

    /// <summary>The default serializer for records.</summary>
    internal JsonMessageSerializer Json { get; } = new();

    /// <summary>Adds a serializer; its id must be unused.</summary>
    public void AddSerializer(IMessageSerializer serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        if (!_serializers.TryAdd(serializer.Identifier, serializer))
        {
            throw new InvalidOperationException($"serializer id {serializer.Identifier} is already taken");
        }
    }

    /// <summary>Registers <typeparamref name="T"/> under <paramref name="manifest"/>, with JSON unless told otherwise.</summary>
    public SerializerRegistry Register<T>(string manifest, int serializerId = JsonMessageSerializer.Id) =>
        Register(typeof(T), manifest, serializerId);

    public SerializerRegistry Register(Type type, string manifest, int serializerId = JsonMessageSerializer.Id)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentException.ThrowIfNullOrWhiteSpace(manifest);
        if (!_serializers.TryGetValue(serializerId, out var serializer))
        {
            throw new InvalidOperationException($"no serializer with id {serializerId} for {type.Name}");
        }

        if (_byType.TryGetValue(type, out var existing))
        {
            if (existing.Manifest == manifest && existing.Serializer.Identifier == serializerId)
            {
                return this;
            }

            throw new InvalidOperationException($"{type.Name} is already registered as '{existing.Manifest}'");
        }

        if (!_byManifest.TryAdd((serializerId, manifest), type))
        {
            throw new InvalidOperationException($"manifest '{manifest}' is already used by {_byManifest[(serializerId, manifest)].Name}");
        }

        _byType[type] = (serializer, manifest);
        return this;
    }

    public bool IsRegistered(Type type) => _byType.ContainsKey(type);

    /// <summary>True when serializer <paramref name="serializerId"/> declares its messages immutable (<see cref="IImmutableMessageSerializer"/>).</summary>
    internal bool EncodesImmutableMessages(int serializerId) =>
        _serializers.TryGetValue(serializerId, out var serializer) && serializer is IImmutableMessageSerializer;

    /// <summary>Serializes a registered message; throws <see cref="MessageSerializationException"/> otherwise.</summary>
    public SerializedMessage Serialize(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_byType.TryGetValue(message.GetType(), out var entry))
        {
            throw new MessageSerializationException(
                $"{message.GetType().FullName} is not registered for remoting; register it with SerializerRegistry.Register<T>(manifest)");
        }

        return new SerializedMessage(entry.Serializer.Identifier, entry.Manifest, entry.Serializer.ToBinary(message));
    }

    /// <summary>Rebuilds a message; unknown serializer ids, unknown manifests and corrupt payloads throw.</summary>
    public object Deserialize(int serializerId, string manifest, ReadOnlySpan<byte> payload)
    {
        if (!_serializers.TryGetValue(serializerId, out var serializer))
        {
            throw new MessageSerializationException($"unknown serializer id {serializerId}");
        }

        if (!_byManifest.TryGetValue((serializerId, manifest), out var type))
        {
            throw new MessageSerializationException($"unknown manifest '{manifest}' for serializer {serializerId}");
        }

        try
        {
            return serializer.FromBinary(payload, type);
        }
        catch (MessageSerializationException)
        {
            throw;
        }
#pragma warning disable CA1031 // Custom serializers may throw anything on corrupt input; it must become a dropped message.
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            throw new MessageSerializationException($"corrupt payload for '{manifest}': {e.Message}", e);
        }
    }
}
