using Akka.Actor;

namespace PaxosAkka.Node.Roles;

/// <summary>
/// Read-index reads (Consensus <c>ReadIndexProtocol</c>): once the leader confirmed a read's index, the store
/// answers it from its state as soon as every slot up to that index is applied; until then the read is parked.
/// Kept in its own file (owned with the read path) so the store's apply loop stays as it is.
/// </summary>
public sealed partial class StoreActor
{
    /// <summary>Reads parked waiting for their slot; more are refused (their clients fall back to the log).</summary>
    private const int MaxParkedReads = 100_000;

    private readonly SortedDictionary<long, List<(string Key, IActorRef ReplyTo)>> _parkedReads = [];
    private int _parkedReadCount;

    /// <summary>
    /// Registers the deliveries (each followed by serving the reads it unparks), the read-index reads and the
    /// Idempotency-Key pre-check (answered from the applied state at once).
    /// </summary>
    private void ReceiveDeliveriesAndReads()
    {
        Receive<StoreProtocol.Deliver>(deliver =>
        {
            OnDeliver(deliver);
            ServeParkedReads();
        });
        Receive<StoreReadProtocol.ServeRead>(OnServeRead);
        Receive<StoreReadProtocol.RecallIdempotent>(r =>
            Sender.Tell((object?)_state.RecallIdempotent(r.IdempotencyKey, r.Fingerprint) ?? StoreReadProtocol.NotRemembered.Instance, Self));
    }

    private void OnServeRead(StoreReadProtocol.ServeRead read)
    {
        if (read.ReadIndex <= _state.AppliedSlot)
        {
            Sender.Tell(_state.ReadLocal(read.Key), Self);
            return;
        }

        if (_parkedReadCount >= MaxParkedReads)
        {
            Sender.Tell(ProposerProtocol.ReadRefused.Instance, Self);
            return;
        }

        if (!_parkedReads.TryGetValue(read.ReadIndex, out var waiting))
        {
            waiting = [];
            _parkedReads.Add(read.ReadIndex, waiting);
        }

        waiting.Add((read.Key, Sender));
        _parkedReadCount++;
    }

    private void ServeParkedReads()
    {
        while (_parkedReads.Count > 0)
        {
            var (index, waiting) = _parkedReads.First();
            if (index > _state.AppliedSlot)
            {
                return;
            }

            _parkedReads.Remove(index);
            _parkedReadCount -= waiting.Count;
            foreach (var (key, replyTo) in waiting)
            {
                replyTo.Tell(_state.ReadLocal(key), Self);
            }
        }
    }
}
