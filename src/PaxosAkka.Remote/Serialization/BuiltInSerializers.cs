using System.Text.Json;

namespace PaxosAkka.Remote.Serialization;

/// <summary>Raw bytes as they are (id 1): for payloads that are already encoded, and for benchmarks.</summary>
public sealed class BytesSerializer : IMessageSerializer
{
    public const int Id = 1;

    public int Identifier => Id;

    public byte[] ToBinary(object message) =>
        message as byte[] ?? throw new MessageSerializationException($"{message?.GetType()} is not a byte[]");

    public object FromBinary(ReadOnlySpan<byte> bytes, Type type) => bytes.ToArray();
}

/// <summary>
/// System.Text.Json (id 2), the default for <c>sealed record</c> messages: readable, tolerant of added
/// optional fields, and needs no code generation.
/// </summary>
public sealed class JsonMessageSerializer : IMessageSerializer
{
    public const int Id = 2;

    private readonly JsonSerializerOptions _options;

    public JsonMessageSerializer()
    {
        _options = new JsonSerializerOptions(JsonSerializerDefaults.General) { IncludeFields = false, MaxDepth = 64 };
        _options.Converters.Add(RefConverter);
    }

    /// <summary>Reads and writes <see cref="PaxosAkka.Actors.IActorRef"/> fields as paths.</summary>
    internal ActorRefJsonConverter RefConverter { get; } = new();

    public int Identifier => Id;

    public byte[] ToBinary(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return JsonSerializer.SerializeToUtf8Bytes(message, message.GetType(), _options);
    }

    public object FromBinary(ReadOnlySpan<byte> bytes, Type type)
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, type, _options)
                ?? throw new MessageSerializationException($"payload of {type.Name} decoded to null");
        }
        catch (JsonException e)
        {
            throw new MessageSerializationException($"corrupt {type.Name} payload: {e.Message}", e);
        }
    }
}
