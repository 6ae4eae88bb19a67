using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace PaxosAkka.Node.Store;

/// <summary>
/// What a request asks for, in a form that is cheap to keep and compare: the operation, the key and a SHA-256 of the
/// rest (the value, or for a compare-and-set the expected value and the new one). Two requests with equal
/// fingerprints are the same request; an Idempotency-Key is answered from memory only for the same request (the IETF
/// draft-ietf-httpapi-idempotency-key-header and Stripe's API answer a key reused with a different payload with 422).
/// </summary>
/// <remarks>
/// Computed from the decoded command alone, so every replica computes the same fingerprint for the same log entry
/// and makes the same decision. It does not depend on the log's encoding (<see cref="KvCommandCodec"/>), so a codec
/// version change cannot turn a retry into a conflict.
/// </remarks>
/// <param name="Operation">PUT, DELETE, CAS or GET.</param>
/// <param name="Key">The key the request addresses.</param>
/// <param name="BodyHash">Lower-case hex SHA-256 of the request's body (see <see cref="Of"/>).</param>
public sealed record RequestFingerprint(string Operation, string Key, string BodyHash)
{
    /// <summary>The fingerprint of <paramref name="command"/>.</summary>
    public static RequestFingerprint Of(KvCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (operation, hash) = command switch
        {
            KvPutCommand put => ("PUT", SHA256.HashData(put.Value)),
            KvDeleteCommand => ("DELETE", SHA256.HashData([])),
            KvCasCommand cas => ("CAS", HashCas(cas)),
            KvReadCommand => ("GET", SHA256.HashData([])),
            _ => throw new ArgumentException($"unknown command {command.GetType().Name}", nameof(command)),
        };
        return new RequestFingerprint(operation, command.Key, Convert.ToHexStringLower(hash));
    }

    /// <summary>
    /// A 63-bit digest of the whole fingerprint (at least 1). It becomes the sequence of an Idempotency-Key request's
    /// command id, so two different requests under one key never share a waiter, a two-phase-commit answer or a
    /// proposer retry; the full fingerprint still decides at apply time.
    /// </summary>
    public long Tag()
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{Operation}\n{Key}\n{BodyHash}"), digest);
        long tag = BinaryPrimitives.ReadInt64LittleEndian(digest) & long.MaxValue;
        return Math.Max(tag, 1);
    }

    /// <summary>Readable form for error messages: <c>PUT a</c>.</summary>
    public override string ToString() => $"{Operation} {Key}";

    // The expected value's presence and length are hashed too, so "absent" and "empty", or a different split
    // between the expected and the new value, never collide.
    private static byte[] HashCas(KvCasCommand cas)
    {
        int expected = cas.Expected?.Length ?? 0;
        var body = new byte[5 + expected + cas.Value.Length];
        body[0] = cas.Expected is null ? (byte)0 : (byte)1;
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(1), expected);
        cas.Expected?.CopyTo(body, 5);
        cas.Value.CopyTo(body, 5 + expected);
        return SHA256.HashData(body);
    }
}
