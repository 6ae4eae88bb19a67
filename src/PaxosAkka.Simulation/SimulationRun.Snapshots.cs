using PaxosAkka.Consensus;
using static PaxosAkka.Consensus.PaxosProtocol;

namespace PaxosAkka.Simulation;

/// <summary>
/// Host-level state transfer (etcd's MsgSnap): a peer whose learner cannot serve a catch-up request because
/// it restored from a later snapshot ships that snapshot instead. It travels the simulated network like any
/// message, so it can be dropped, delayed, duplicated or cut by a partition.
/// </summary>
internal sealed record InstallSnapshot(int From, int To, SimSnapshot Snapshot) : PaxosMessage(From, To);

/// <summary>
/// Snapshots and compaction, as a host does them: the state machine is saved below the slots its learner
/// delivered, then acceptor and learner drop what every learner can do without. The compaction floor is the
/// lowest durable snapshot over all learners (the simulator knows it directly; a real host learns it by
/// gossip). A learner that restarted from its snapshot has lost the chosen entries below it, so lagging
/// learners are brought up to date by <see cref="InstallSnapshot"/>.
/// </summary>
internal sealed partial class SimulationRun
{
    private void MaybeSnapshot()
    {
        if (!_random.Chance(_options.SnapshotProbability) || PickNode(n => n.IsRunning(_tick)) is not { } node)
        {
            return;
        }

        var core = node.Core!;
        if (core.Learner is not null && node.Delivered > node.Snapshot.BelowSlot)
        {
            node.Snapshot = new SimSnapshot(node.Delivered, node.AppliedLog);
            _counters.Snapshots++;
        }

        var floor = _topology.Learners.Min(id => _nodes[id].Snapshot.BelowSlot);
        if (floor <= node.Disk.CompactedBelow)
        {
            return;
        }

        _counters.Compactions++;
        core.Acceptor?.Compact(floor);
        core.Learner?.Compact(floor);
        if (core.Acceptor is not null)
        {
            node.Disk = node.Disk.CompactBelow(floor);
        }

        Trace($"node {node.Id} snapshot below {node.Snapshot.BelowSlot}, compacted below {floor}");
        ProcessReady(node);
    }

    /// <summary>Called before a CatchUpRequest reaches the core: ship our snapshot if our learner cannot answer.</summary>
    private void OfferSnapshot(SimNode node, CatchUpRequest request)
    {
        var learner = node.Core!.Learner;
        if (learner is null || request.FromSlot >= node.Snapshot.BelowSlot || learner.TryGetChosen(request.FromSlot, out _))
        {
            return;
        }

        Trace($"node {node.Id} cannot serve slot {request.FromSlot}: sends snapshot below {node.Snapshot.BelowSlot} to {request.From}");
        _network.Send(node.Id, request.From, new InstallSnapshot(node.Id, request.From, node.Snapshot), _tick);
    }

    /// <summary>Replaces a lagging node's state machine with a newer snapshot and moves its learner past it.</summary>
    private void Install(SimNode node, InstallSnapshot install)
    {
        var snapshot = install.Snapshot;
        if (snapshot.BelowSlot <= node.Delivered)
        {
            return; // Stale or duplicate: we already have everything it covers.
        }

        _checker.OnSnapshotInstalled(node.Id, node.AppliedLog, snapshot.BelowSlot, snapshot.Applied);
        node.Install(snapshot);
        _counters.SnapshotsInstalled++;
        node.Core!.RestoreFrom(snapshot.BelowSlot);
        Trace($"node {node.Id} installed snapshot below {snapshot.BelowSlot} from node {install.From}");
        ProcessReady(node);
    }
}
