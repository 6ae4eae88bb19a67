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
            else
            {
                CatchUp(id, track);
            }
        }

        TryStart();
    }

    /// <summary>Sends the next chunk of committed slots to a store that is behind (one chunk in flight per store).</summary>
    private void CatchUp(int store, StoreTrack track)
    {
        if (track.CatchUpInFlight || !track.Reachable || track.Applied is not long applied || applied >= CommittedSlot)
        {
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
}
