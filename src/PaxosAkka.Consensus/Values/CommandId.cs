namespace PaxosAkka.Consensus;

/// <summary>
/// Identifies a client request: the client's id and its request number. A client that retries reuses the
/// same id, which is how <see cref="SessionTable"/> applies a retried command once even if it was chosen
/// in two slots.
/// </summary>
/// <param name="ClientId">Stable id of the client session.</param>
/// <param name="Sequence">
/// The client's request number; dense and starting at 1 per client. A host may name requests it deduplicates itself
/// differently (the node's Idempotency-Key requests carry a digest of the request here, and never reach a
/// <see cref="SessionTable"/>).
/// </param>
public readonly record struct CommandId(string ClientId, long Sequence)
{
    /// <summary>Readable form used in traces.</summary>
    public override string ToString() => $"{ClientId}#{Sequence}";
}
