using PaxosAkka.Actors;
using PaxosAkka.Persistence.Journal;
using PaxosAkka.Persistence.Snapshots;

namespace PaxosAkka.Persistence;

/// <summary>
/// Recovery: load the latest matching snapshot, replay the events after it in chunks, then deliver
/// RecoveryCompleted. The storage work runs off the actor; results come back as messages so every handler
/// runs on the actor's own turn. Commands are stashed until recovery ends.
/// </summary>
public abstract partial class PersistentActor
{
    private bool _recoveryFailed;

    private void StartRecovery()
    {
        if (_phase != Phase.NotStarted)
        {
            return;
        }

        _phase = Phase.Recovering;
        _ = RecoverAsync(Self, Journal, SnapshotStore, PersistenceId, RecoverySnapshotCriteria);
    }

    private static async Task RecoverAsync(IActorRef self, IJournal journal, ISnapshotStore snapshots, string persistenceId, SnapshotSelectionCriteria criteria)
    {
        try
        {
            var snapshot = criteria.MaxSequenceNr > 0 ? await snapshots.LoadAsync(persistenceId, criteria).ConfigureAwait(false) : null;
            self.Tell(new SnapshotLoaded(snapshot), self);
            var from = (snapshot?.Metadata.SequenceNr ?? 0) + 1;
            while (true)
            {
                var chunk = new List<PersistentRepr>(ReplayChunk);
                await journal.ReplayAsync(persistenceId, from, long.MaxValue, ReplayChunk, chunk.Add).ConfigureAwait(false);
                if (chunk.Count > 0)
                {
                    self.Tell(new Replayed(chunk), self);
                }

                if (chunk.Count < ReplayChunk)
                {
                    break;
                }

                from = chunk[^1].SequenceNr + 1;
            }

            var highest = await journal.ReadHighestSequenceNrAsync(persistenceId).ConfigureAwait(false);
            self.Tell(new RecoverySucceeded(highest), self);
        }
#pragma warning disable CA1031 // Any failure ends recovery and must reach the actor.
        catch (Exception e)
#pragma warning restore CA1031
        {
            self.Tell(new RecoveryFailed(e), self);
        }
    }

    private bool Recovering(object message)
    {
        if (_recoveryFailed)
        {
            return true; // Stopping; the rest of the replay is meaningless.
        }

        switch (message)
        {
            case SnapshotLoaded { Snapshot: { } snapshot }:
                RecoverWith(snapshot.Metadata, () =>
                {
                    var state = Serializer.Deserialize(snapshot.Manifest, snapshot.Payload);
                    LastSequenceNr = snapshot.Metadata.SequenceNr;
                    return new PersistenceProtocol.SnapshotOffer(snapshot.Metadata, state);
                });
                return true;
            case Replayed replayed:
                foreach (var repr in replayed.Events)
                {
                    if (!RecoverWith(repr, () =>
                    {
                        var @event = Serializer.Deserialize(repr.Manifest, repr.Payload);
                        LastSequenceNr = repr.SequenceNr;
                        return @event;
                    }))
                    {
                        break;
                    }
                }

                return true;
            case RecoverySucceeded succeeded:
                LastSequenceNr = Math.Max(LastSequenceNr, succeeded.HighestSequenceNr);
                _currentSequenceNr = LastSequenceNr;
                _phase = Phase.Ready;
                if (RecoverWith(PersistenceProtocol.RecoveryCompleted.Instance, () => PersistenceProtocol.RecoveryCompleted.Instance))
                {
                    FlushBatch(); // RecoveryCompleted handlers may persist.
                    InternalStash.UnstashAll();
                }

                return true;
            case RecoveryFailed failed:
                FailRecovery(failed.Cause, null);
                return true;
            case PersistenceInternal:
                return true;
            default:
                InternalStash.Stash();
                return true;
        }
    }

    /// <summary>Builds and delivers one recovery message; any exception (decoding or handler) fails recovery.</summary>
    private bool RecoverWith(object context, Func<object> build)
    {
        try
        {
            Dispatch(_recoveryHandlers, build());
            return true;
        }
#pragma warning disable CA1031 // A bad event or handler must end recovery cleanly, not crash into a restart loop.
        catch (Exception e)
#pragma warning restore CA1031
        {
            FailRecovery(e, context);
            return false;
        }
    }

    private void FailRecovery(Exception cause, object? context)
    {
        _recoveryFailed = true;
        _phase = Phase.Recovering;
        try
        {
            OnRecoveryFailure(cause, context);
        }
        finally
        {
            Context.Stop(Self);
        }
    }

    private sealed record SnapshotLoaded(SelectedSnapshot? Snapshot) : PersistenceInternal;

    private sealed record Replayed(IReadOnlyList<PersistentRepr> Events) : PersistenceInternal;

    private sealed record RecoverySucceeded(long HighestSequenceNr) : PersistenceInternal;

    private sealed record RecoveryFailed(Exception Cause) : PersistenceInternal;
}
