namespace PaxosAkka.Remote.Handshake;

/// <summary>
/// The association handshake, versioned. Both sides prove they know the shared cluster secret without
/// sending it: each answers the other's fresh nonce with an HMAC-SHA256 over both nonces and its own
/// identity, so a recorded proof is useless against a new nonce.
/// <code>
/// client → server  Hello(version, system, host, port, uid, nonceC)
/// server → client  Hello(version, system, host, port, uid, nonceS, proofS)   or Reject(reason)
/// client → server  Proof(proofC)                                              or Reject(reason)
/// server → client  Accept                                                     or Reject(reason)
/// </code>
/// Only after Accept does either side send or deliver an envelope.
/// </summary>
internal static class HandshakeProtocol
{
    /// <summary>"PXKA": lets us tell a peer speaking another protocol from a corrupt one.</summary>
    public const uint Magic = 0x50584B41;

    /// <summary>Bumped on every incompatible change of the wire format.</summary>
    public const ushort ProtocolVersion = 1;

    public const int NonceSize = 32;

    public const int ProofSize = 32;

    internal const int MaximumNameBytes = 255;

    public sealed record Hello(ushort Version, string System, string Host, int Port, long Uid, byte[] Nonce, byte[]? Proof);

    public sealed record Proof(byte[] Value);

    public sealed record Accept;

    public sealed record Reject(string Reason);
}

/// <summary>The first byte of every frame: what it carries.</summary>
internal enum FrameKind : byte
{
    Hello = 1,
    Proof = 2,
    Accept = 3,
    Reject = 4,
    Envelope = 0x10,
}
