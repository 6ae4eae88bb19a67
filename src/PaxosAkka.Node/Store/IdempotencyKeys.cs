using PaxosAkka.Consensus;

namespace PaxosAkka.Node.Store;

/// <summary>
/// How a request carrying an Idempotency-Key is named in the log: client <c>idem:{key}</c>, sequence the request's
/// <see cref="RequestFingerprint.Tag"/>. Any node derives the same id for the same request (a retry through another
/// node is recognised), and a different request under the same key gets a different id, so no layer that routes
/// answers by id (waiters, two-phase-commit answers, proposer retries) can hand one request another's answer.
/// </summary>
public static class IdempotencyKeys
{
    /// <summary>The client-id prefix of Idempotency-Key requests (node clients are <c>node-{id}-{incarnation}</c>).</summary>
    public const string ClientPrefix = "idem:";

    /// <summary>The command id of <paramref name="command"/> sent with Idempotency-Key <paramref name="idempotencyKey"/>.</summary>
    public static CommandId CommandIdFor(string idempotencyKey, KvCommand command)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        return new CommandId(ClientPrefix + idempotencyKey, RequestFingerprint.Of(command).Tag());
    }

    /// <summary>
    /// The Idempotency-Key of <paramref name="id"/>, or null for a node client's sequenced command. Entries logged
    /// before fingerprints existed (sequence 1) are keyed requests too: the state machine recomputes the fingerprint
    /// from the payload and never trusts the sequence.
    /// </summary>
    public static string? KeyOf(CommandId id) =>
        id.ClientId is { } client && client.StartsWith(ClientPrefix, StringComparison.Ordinal) ? client[ClientPrefix.Length..] : null;
}
