using PaxosAkka.Consensus;
using PaxosAkka.Simulation.Network;

namespace PaxosAkka.Simulation;

/// <summary>Crash/restart, pauses, partitions and duels: the node-level faults of the fault phase.</summary>
internal sealed partial class SimulationRun
{
    private long _partitionHealsAt;

    private void InjectFaults()
    {
        var faults = _options.Faults;
        if (_network.Partition.IsHealed && _nodes.Length > 1 && _random.Chance(faults.PartitionProbability))
        {
            StartPartition();
        }

        if (_random.Chance(faults.CrashProbability) && PickNode(n => n.IsUp) is { } victim)
        {
            Crash(victim, "crashed");
        }

        if (_random.Chance(faults.PauseProbability) && PickNode(n => n.IsRunning(_tick)) is { } paused)
        {
            paused.PausedUntil = _tick + _random.Between(faults.PauseMinTicks, faults.PauseMaxTicks);
            _counters.Pauses++;
            Trace($"node {paused.Id} paused until {paused.PausedUntil}");
        }

        if (_random.Chance(faults.DuelProbability))
        {
            Duel();
        }
    }

    private void StartPartition()
    {
        // Cut off a random minority (one node up to floor((n-1)/2)); which side the leader lands on is luck.
        var order = Enumerable.Range(0, _nodes.Length).ToList();
        _random.Shuffle(order);
        var isolated = order.Take(_random.Between(1, Math.Max(1, (_nodes.Length - 1) / 2)));
        _network.Partition = NetworkPartition.Isolate(_nodes.Length, isolated);
        _partitionHealsAt = _tick + _random.Between(_options.Faults.PartitionMinTicks, _options.Faults.PartitionMaxTicks);
        _counters.Partitions++;
        Trace($"partition {_network.Partition} until {_partitionHealsAt}");
    }

    private void RecoverDueNodesAndLinks()
    {
        if (!_network.Partition.IsHealed && (_quiet || _tick >= _partitionHealsAt))
        {
            _network.Partition = NetworkPartition.Healed;
            Trace("partition healed");
        }

        foreach (var node in _nodes)
        {
            if (!node.IsUp && (_quiet || _tick >= node.RestartAt))
            {
                Restart(node);
            }
        }
    }

    private void Restart(SimNode node)
    {
        // Only the disk survives. The broken "forgets" acceptor recovers nothing, as if it never persisted.
        var recovered = _options.BrokenAcceptor == BrokenAcceptorMode.ForgetsStateOnRestart
            ? AcceptorDurableState.Empty
            : node.Disk;
        var core = new PaxosNode(node.Id, _topology, _options.Proposer, _options.Learner, recovered);
        node.Start(core, recovered);
        if (node.Snapshot.BelowSlot > 0)
        {
            core.RestoreFrom(node.Snapshot.BelowSlot);
        }

        node.ElectionDeadline = _tick + RandomElectionTimeout();
        _checker.OnRestarted(node.Id, node.Snapshot.BelowSlot, node.Snapshot.Applied);
        Trace($"node {node.Id} started, promised {recovered.Promised}, {recovered.Accepted.Count} accepted entries, " +
            $"compacted below {recovered.CompactedBelow}, snapshot below {node.Snapshot.BelowSlot}");
        ProcessReady(node);
    }

    private void Crash(SimNode node, string how, bool duringReady = false)
    {
        // Between steps every Ready has been handled, so the acceptor must hold nothing the disk lacks.
        if (!duringReady && _options.BrokenAcceptor == BrokenAcceptorMode.None
            && node.Core?.Acceptor is { } acceptor && !node.Core.HasReady)
        {
            CheckDiskHoldsAcceptorState(node, acceptor.Durable);
        }

        node.Crash(_tick + _random.Between(_options.Faults.RestartMinTicks, _options.Faults.RestartMaxTicks));
        _counters.Crashes++;
        Trace($"node {node.Id} {how}; restarts at {node.RestartAt}");
    }

    private void CrashDuringReady(SimNode node, string when)
    {
        _counters.CrashesDuringReady++;
        Crash(node, $"crashed {when}", duringReady: true);
    }

    /// <summary>
    /// With no Ready pending, everything the acceptor holds must have gone through a Ready to the disk;
    /// anything else would be state a crash silently loses although the acceptor may already have acted on it.
    /// </summary>
    private void CheckDiskHoldsAcceptorState(SimNode node, AcceptorDurableState inMemory)
    {
        var disk = node.Disk;
        if (inMemory.Promised != disk.Promised)
        {
            _checker.Report(InvariantKind.Durability,
                $"node {node.Id} acceptor promised {inMemory.Promised} but only {disk.Promised} was handed over in Readies");
            return;
        }

        foreach (var (slot, entry) in inMemory.Accepted)
        {
            if (!disk.Accepted.TryGetValue(slot, out var persisted) || persisted.Ballot != entry.Ballot || !persisted.Value.Equals(entry.Value))
            {
                _checker.Report(InvariantKind.Durability,
                    $"node {node.Id} acceptor holds slot {slot} {entry.Ballot} {entry.Value} that was never handed over in a Ready");
                return;
            }
        }
    }

    private void Duel()
    {
        var candidates = _nodes.Where(n => n.IsRunning(_tick) && n.Core!.Proposer is not null).ToList();
        if (candidates.Count < 2)
        {
            return;
        }

        _random.Shuffle(candidates);
        var count = _random.Between(2, candidates.Count);
        Trace($"duel: {count} proposers campaign at once");
        foreach (var node in candidates.Take(count))
        {
            if (node.Core is not null)
            {
                Campaign(node);
            }
        }
    }

    private SimNode? PickNode(Func<SimNode, bool> eligible)
    {
        var candidates = _nodes.Where(eligible).ToList();
        return candidates.Count == 0 ? null : _random.Pick(candidates);
    }
}
