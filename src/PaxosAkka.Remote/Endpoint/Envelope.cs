using PaxosAkka.Remote.Handshake;

namespace PaxosAkka.Remote.Endpoint;

/// <summary>
/// One message on the wire: to whom (actor path on the receiving node), from whom (full remote path of the
/// sender, empty for none), and the serialized message.
/// </summary>
internal sealed record Envelope(string Recipient, string Sender, int SerializerId, string Manifest, ReadOnlyMemory<byte> Payload);

/// <summary>Binary layout of an envelope frame; decoding garbage throws <see cref="RemoteProtocolException"/>.</summary>
internal static class EnvelopeCodec
{
    internal const int MaximumPathBytes = 2048;

    public static byte[] Encode(string recipient, string sender, int serializerId, string manifest, ReadOnlySpan<byte> payload) =>
        new WireWriter(EncodedSize(recipient, sender, manifest, payload.Length))
            .WriteByte((byte)FrameKind.Envelope)
            .WriteString(recipient)
            .WriteString(sender)
            .WriteInt32(serializerId)
            .WriteString(manifest)
            .WriteBytes(payload)
            .ToArray();

    private static int EncodedSize(string recipient, string sender, string manifest, int payloadLength) =>
        1 + 2 + WireReader.Strict.GetByteCount(recipient) + 2 + WireReader.Strict.GetByteCount(sender) + 4
        + 2 + WireReader.Strict.GetByteCount(manifest) + payloadLength;

    public static Envelope Decode(byte[] frame)
    {
        var reader = new WireReader(frame);
        var kind = reader.ReadByte();
        if (kind != (byte)FrameKind.Envelope)
        {
            throw new RemoteProtocolException($"unexpected frame kind {kind} after the handshake");
        }

        var recipient = reader.ReadString(MaximumPathBytes);
        var sender = reader.ReadString(MaximumPathBytes);
        var serializerId = reader.ReadInt32();
        var manifest = reader.ReadString(HandshakeProtocol.MaximumNameBytes);
        var offset = frame.Length - reader.Remaining;
        return new Envelope(recipient, sender, serializerId, manifest, frame.AsMemory(offset));
    }
}
