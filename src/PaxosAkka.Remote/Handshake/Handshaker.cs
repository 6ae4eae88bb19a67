using System.Security.Cryptography;
using System.Text;
using PaxosAkka.Remote.Transport;
using static PaxosAkka.Remote.Handshake.HandshakeProtocol;

namespace PaxosAkka.Remote.Handshake;

/// <summary>Who a node is on the wire: its address and the uid of this incarnation.</summary>
public sealed record NodeIdentity(RemoteAddress Address, long Uid)
{
    public override string ToString() => $"{Address}#{Uid}";
}

/// <summary>The handshake was refused, by us or by the peer; the reason is fit for a log line.</summary>
internal sealed class HandshakeRefusedException(string reason, bool byPeer) : Exception(reason)
{
    public bool ByPeer { get; } = byPeer;
}

/// <summary>
/// Runs <see cref="HandshakeProtocol"/> on a fresh connection. The caller bounds it with the handshake
/// timeout through the cancellation token, so a silent peer (a port scanner) cannot hold it open.
/// </summary>
internal static class Handshaker
{
    private static readonly byte[] ServerLabel = Encoding.ASCII.GetBytes("paxos-remote/server");
    private static readonly byte[] ClientLabel = Encoding.ASCII.GetBytes("paxos-remote/client");

    /// <summary>Derives the HMAC key from the configured cluster secret.</summary>
    public static byte[] KeyFromSecret(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public static async Task<NodeIdentity> RunClientAsync(
        IFrameConnection connection, NodeIdentity local, RemoteAddress expected, byte[] key, CancellationToken cancellationToken)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        await SendAsync(connection, HelloOf(local, nonce, null), cancellationToken);

        var reply = await ReceiveAsync(connection, cancellationToken);
        if (reply is Reject rejected)
        {
            throw new HandshakeRefusedException(rejected.Reason, byPeer: true);
        }

        if (reply is not Hello server)
        {
            throw new RemoteProtocolException($"expected Hello, got {reply.GetType().Name}");
        }

        var problem = CheckHello(server, expected.System)
            ?? (server.Proof is null || !Verify(key, ServerLabel, nonce, server)
                ? "authentication failed: the peer did not prove knowledge of the cluster secret (paxos.remote.secret)"
                : null);
        if (problem is not null)
        {
            await TrySendAsync(connection, new Reject("authentication failed"), cancellationToken);
            throw new HandshakeRefusedException(problem, byPeer: false);
        }

        await SendAsync(connection, new Proof(Sign(key, ClientLabel, server.Nonce, nonce, local)), cancellationToken);
        var verdict = await ReceiveAsync(connection, cancellationToken);
        return verdict switch
        {
            Accept => IdentityOf(server),
            Reject r => throw new HandshakeRefusedException(r.Reason, byPeer: true),
            _ => throw new RemoteProtocolException($"expected Accept, got {verdict.GetType().Name}"),
        };
    }

    /// <param name="admit">Last check before Accept (quarantine); returns a refusal reason or null.</param>
    public static async Task<NodeIdentity> RunServerAsync(
        IFrameConnection connection, NodeIdentity local, byte[] key, Func<NodeIdentity, string?> admit, CancellationToken cancellationToken)
    {
        var first = await ReceiveAsync(connection, cancellationToken);
        if (first is not Hello client)
        {
            throw new RemoteProtocolException($"expected Hello, got {first.GetType().Name}");
        }

        var problem = CheckHello(client, local.Address.System);
        if (problem is not null)
        {
            await TrySendAsync(connection, new Reject(problem), cancellationToken);
            throw new HandshakeRefusedException(problem, byPeer: false);
        }

        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        await SendAsync(connection, HelloOf(local, nonce, Sign(key, ServerLabel, client.Nonce, nonce, local)), cancellationToken);

        var second = await ReceiveAsync(connection, cancellationToken);
        if (second is Reject r)
        {
            throw new HandshakeRefusedException(r.Reason, byPeer: true);
        }

        if (second is not Proof proof)
        {
            throw new RemoteProtocolException($"expected Proof, got {second.GetType().Name}");
        }

        if (!CryptographicOperations.FixedTimeEquals(proof.Value, Sign(key, ClientLabel, nonce, client.Nonce, IdentityOf(client))))
        {
            const string reason = "authentication failed: the peer did not prove knowledge of the cluster secret (paxos.remote.secret)";
            await TrySendAsync(connection, new Reject("authentication failed"), cancellationToken);
            throw new HandshakeRefusedException(reason, byPeer: false);
        }

        var peer = IdentityOf(client);
        var refusal = admit(peer);
        if (refusal is not null)
        {
            await TrySendAsync(connection, new Reject(refusal), cancellationToken);
            throw new HandshakeRefusedException(refusal, byPeer: false);
        }

        await SendAsync(connection, new Accept(), cancellationToken);
        return peer;
    }

    private static string? CheckHello(Hello hello, string expectedSystem)
    {
        if (hello.Version != ProtocolVersion)
        {
            return $"protocol version {hello.Version} is not supported (this node speaks version {ProtocolVersion})";
        }

        return hello.System == expectedSystem
            ? null
            : $"foreign actor system '{hello.System}' (this cluster is '{expectedSystem}')";
    }

    private static Hello HelloOf(NodeIdentity local, byte[] nonce, byte[]? proof) =>
        new(ProtocolVersion, local.Address.System, local.Address.Host, local.Address.Port, local.Uid, nonce, proof);

    private static NodeIdentity IdentityOf(Hello hello) => new(new RemoteAddress(hello.System, hello.Host, hello.Port), hello.Uid);

    private static bool Verify(byte[] key, byte[] label, byte[] ourNonce, Hello peer) =>
        CryptographicOperations.FixedTimeEquals(peer.Proof, Sign(key, label, ourNonce, peer.Nonce, IdentityOf(peer)));

    /// <summary>HMAC over the label, the challenger's nonce, the prover's nonce and the prover's identity.</summary>
    internal static byte[] Sign(byte[] key, byte[] label, byte[] challengeNonce, byte[] ownNonce, NodeIdentity prover)
    {
        var data = new WireWriter(256)
            .WriteBytes(label)
            .WriteBytes(challengeNonce)
            .WriteBytes(ownNonce)
            .WriteString(prover.Address.ToString())
            .WriteInt64(prover.Uid)
            .ToArray();
        return HMACSHA256.HashData(key, data);
    }

    private static ValueTask SendAsync(IFrameConnection connection, object message, CancellationToken cancellationToken) =>
        connection.SendAsync(HandshakeCodec.Encode(message), cancellationToken);

    private static async Task TrySendAsync(IFrameConnection connection, object message, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(connection, message, cancellationToken);
        }
        catch (IOException)
        {
            // The refusal is a courtesy; the connection closes either way.
        }
    }

    private static async Task<object> ReceiveAsync(IFrameConnection connection, CancellationToken cancellationToken)
    {
        var frame = await connection.ReceiveAsync(cancellationToken)
            ?? throw new IOException("connection closed during the handshake");
        return HandshakeCodec.Decode(frame);
    }
}
