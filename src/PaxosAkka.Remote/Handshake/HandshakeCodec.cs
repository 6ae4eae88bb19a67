using static PaxosAkka.Remote.Handshake.HandshakeProtocol;

namespace PaxosAkka.Remote.Handshake;

/// <summary>Binary encoding of the handshake frames; decoding throws <see cref="RemoteProtocolException"/> on garbage.</summary>
internal static class HandshakeCodec
{
    public static byte[] Encode(object message) => message switch
    {
        Hello h => EncodeHello(h),
        Proof p => new WireWriter().WriteByte((byte)FrameKind.Proof).WriteBytes(p.Value).ToArray(),
        Accept => [(byte)FrameKind.Accept],
        Reject r => new WireWriter().WriteByte((byte)FrameKind.Reject).WriteString(Truncate(r.Reason)).ToArray(),
        _ => throw new ArgumentException($"not a handshake message: {message.GetType()}", nameof(message)),
    };

    public static object Decode(ReadOnlySpan<byte> frame)
    {
        var reader = new WireReader(frame);
        var kind = (FrameKind)reader.ReadByte();
        object message = kind switch
        {
            FrameKind.Hello => DecodeHello(ref reader),
            FrameKind.Proof => new Proof(reader.ReadBytes(ProofSize).ToArray()),
            FrameKind.Accept => new Accept(),
            FrameKind.Reject => new Reject(reader.ReadString(1024)),
            _ => throw new RemoteProtocolException($"unexpected frame kind {(byte)kind} during the handshake"),
        };
        reader.ExpectEnd();
        return message;
    }

    private static byte[] EncodeHello(Hello h)
    {
        var writer = new WireWriter()
            .WriteByte((byte)FrameKind.Hello)
            .WriteInt32(unchecked((int)Magic))
            .WriteUInt16(h.Version)
            .WriteString(h.System)
            .WriteString(h.Host)
            .WriteInt32(h.Port)
            .WriteInt64(h.Uid)
            .WriteBytes(h.Nonce)
            .WriteByte(h.Proof is null ? (byte)0 : (byte)1);
        if (h.Proof is not null)
        {
            writer.WriteBytes(h.Proof);
        }

        return writer.ToArray();
    }

    private static Hello DecodeHello(ref WireReader reader)
    {
        if (unchecked((uint)reader.ReadInt32()) != Magic)
        {
            throw new RemoteProtocolException("not a PaxosAkka peer (bad magic number)");
        }

        var version = reader.ReadUInt16();
        if (version != ProtocolVersion)
        {
            // Later versions may lay out the rest differently: skip it and report the version alone.
            _ = reader.ReadRest();
            return new Hello(version, "", "", 0, 0, [], null);
        }

        var system = reader.ReadString(MaximumNameBytes);
        var host = reader.ReadString(MaximumNameBytes);
        var port = reader.ReadInt32();
        var uid = reader.ReadInt64();
        var nonce = reader.ReadBytes(NonceSize).ToArray();
        var hasProof = reader.ReadByte();
        byte[]? proof = hasProof switch
        {
            0 => null,
            1 => reader.ReadBytes(ProofSize).ToArray(),
            _ => throw new RemoteProtocolException("malformed hello (proof flag)"),
        };
        if (port is < 0 or > 65535 || string.IsNullOrWhiteSpace(system) || string.IsNullOrWhiteSpace(host))
        {
            throw new RemoteProtocolException("malformed hello (address)");
        }

        return new Hello(version, system, host, port, uid, nonce, proof);
    }

    private static string Truncate(string reason) => reason.Length <= 500 ? reason : reason[..500];
}
