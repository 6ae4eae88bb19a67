using System.Collections.Immutable;
using static PaxosAkka.Node.Replication.ReplicationProtocol;

namespace PaxosAkka.Node.Replication;

/// <summary>Takeover recovery, catch-up and admission of stores (see the remarks on the class).</summary>
public sealed partial class TwoPhaseCoordinator
{
    private void QueryAll(bool reachableOnly)
    {
        foreach (var (id, track) in _stores)
        {
            if (!reachableOnly || track.Reachable)
            {
                Send(id, new StoreQuery(_self));
            }
        }
    }

    private void MaybeFinishRecovery()
    {
        if (_stores.Values.All(t => !t.Reachable || t.Applied is not null) && _stores.Values.Any(t => t.Applied is not null))
        {
            FinishRecovery();
        }
    }

    /// <summary>
    /// Resolves what the previous coordinator left: the highest applied slot among the stores that answered is
    /// committed (commit-all: the others are caught up to it from the learned log); a transaction beyond it that
    /// some stores hold prepared was committed nowhere, so it is aborted there and done again.
    /// </summary>
    private void FinishRecovery()
    {
        var known = _stores.Where(s => s.Value.Applied is not null).ToList();
        if (known.Count == 0)
        {
            // Nobody answered yet: ask again and keep waiting.
            _recoveryTicks = _options.RecoveryTimeoutTicks;
            QueryAll(reachableOnly: false);
            return;
        }

        long committed = known.Max(s => s.Value.Applied!.Value);
        CommittedSlot = Math.Max(CommittedSlot, committed);
        Phase = CoordinatorPhase.Running;
        foreach (var (id, track) in known)
        {
            if (track.Prepared is long prepared && prepared > CommittedSlot)
            {
                Send(id, new StoreAbort(_self, prepared, 0));
                track.Prepared = null;
            }

            if (track.Applied >= CommittedSlot)
            {
                _participants.Add(id);
            }
        }

        // Only now, with every in-sync store known, so a store that needs a snapshot finds a source.
        foreach (var (id, track) in known)
        {
            CatchUp(id, track);
        }

        TryStart();
    }

    /// <summary>
    /// Sends the next chunk of committed slots to a store that is behind (one chunk in flight per store); a store
    /// that came back empty or is far behind is first told to install an in-sync peer's snapshot instead.
    /// </summary>
    private void CatchUp(int store, StoreTrack track)
    {
        if (track.CatchUpInFlight || !track.Reachable || track.Applied is not long applied || applied >= CommittedSlot)
        {
            return;
        }

        if (NeedsSnapshot(applied) && SnapshotSourceFor(store) is int source)
        {
            track.CatchUpInFlight = true;
            Send(store, new StoreInstallSnapshot(_self, source));
            return;
        }

        var entries = Entries(applied + 1, Math.Min(CommittedSlot, applied + _options.MaxCatchUpEntries));
        if (entries.IsEmpty)
        {
            return;
        }

        track.CatchUpInFlight = true;
        Send(store, new StoreCatchUp(_self, entries));
    }

    /// <summary>
    /// The stores of the next transaction: the in-sync ones, plus reachable stores that answered lately and are
    /// close enough behind: they get the missing committed slots right before the prepare, on the same ordered
    /// connection, so they are in sync when they vote (under steady load a store could otherwise chase the
    /// committed slot forever).
    /// </summary>
    private HashSet<int> Admit()
    {
        var members = new HashSet<int>();
        foreach (var (id, track) in _stores)
        {
            if (!track.Reachable)
            {
                continue;
            }

            if (_participants.Contains(id))
            {
                members.Add(id);
                continue;
            }

            if (track.Applied is not long applied || applied < CommittedSlot - _options.MaxCatchUpEntries)
            {
                continue;
            }

            if (NeedsSnapshot(applied) && SnapshotSourceFor(id) is not null)
            {
                // It installs a peer's snapshot first (CatchUp), and joins once it reported the state that gave it.
                continue;
            }

            if (applied < CommittedSlot)
            {
                var missing = Entries(applied + 1, CommittedSlot);
                if (missing.Length != CommittedSlot - applied)
                {
                    continue;
                }

                Send(id, new StoreCatchUp(_self, missing));
                track.Applied = CommittedSlot;
            }

            members.Add(id);
            _participants.Add(id);
        }

        return members;
    }

    /// <summary>A store that lost its state (a restart) or is further behind than the threshold installs a snapshot.</summary>
    private bool NeedsSnapshot(long applied) =>
        applied < CommittedSlot && (applied < 0 || CommittedSlot - applied > _options.SnapshotThresholdSlots);

    /// <summary>The in-sync reachable store furthest ahead, other than <paramref name="store"/>; null when there is none.</summary>
    private int? SnapshotSourceFor(int store)
    {
        int? best = null;
        long bestApplied = long.MinValue;
        foreach (int id in _participants.Order())
        {
            var track = _stores[id];
            if (id != store && track.Reachable && (track.Applied ?? -1) > bestApplied)
            {
                (best, bestApplied) = (id, track.Applied ?? -1);
            }
        }

        return best;
    }
}
