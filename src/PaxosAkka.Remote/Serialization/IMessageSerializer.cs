namespace PaxosAkka.Remote.Serialization;

/// <summary>
/// Turns messages into bytes and back. <see cref="Identifier"/> travels in every envelope, so it must never
/// change once nodes run it; ids below 100 are reserved for PaxosAkka.
/// </summary>
public interface IMessageSerializer
{
    int Identifier { get; }

    byte[] ToBinary(object message);

    /// <summary>Rebuilds a message of <paramref name="type"/>; throws on corrupt bytes.</summary>
    object FromBinary(ReadOnlySpan<byte> bytes, Type type);
}

/// <summary>A message turned into bytes, ready for an envelope.</summary>
public readonly record struct SerializedMessage(int SerializerId, string Manifest, byte[] Payload);

/// <summary>A message could not be serialized or deserialized; it is dropped and logged, the connection lives on.</summary>
public sealed class MessageSerializationException : Exception
{
    public MessageSerializationException()
    {
    }

    public MessageSerializationException(string message)
        : base(message)
    {
    }

    public MessageSerializationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// A serializer whose messages never change after construction (immutable records), so one message object always
/// encodes to the same bytes and remoting may encode it once when it is sent to several recipients in a row.
/// </summary>
public interface IImmutableMessageSerializer : IMessageSerializer
{
}
