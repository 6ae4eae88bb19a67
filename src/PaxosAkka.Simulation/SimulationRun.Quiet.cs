using PaxosAkka.Simulation.Network;

namespace PaxosAkka.Simulation;

/// <summary>
/// The liveness phase: faults stop, every node restarts, partitions heal, only one proposer may campaign.
/// Paxos promises progress only then (FLP), and then it must come within a bound.
/// </summary>
internal sealed partial class SimulationRun
{
    private bool _quiet;
    private int _designatedLeader;

    private void BeginQuietPhase()
    {
        _quiet = true;
        _network.Faults = NetworkFaults.None;
        _clientNetwork.Faults = NetworkFaults.None;
        foreach (var node in _nodes)
        {
            node.PausedUntil = 0;
        }

        RecoverDueNodesAndLinks();

        // Keep a running leader with the highest ballot if there is one; otherwise proposer 0 takes over.
        _designatedLeader = _nodes
            .Take(_options.Proposers)
            .Where(n => n.Core!.Proposer!.IsLeader)
            .OrderByDescending(n => n.Core!.Proposer!.CurrentBallot)
            .Select(n => n.Id)
            .DefaultIfEmpty(0)
            .First();
        Trace($"quiet phase: faults off, node {_designatedLeader} is the only proposer allowed to campaign");
    }

    /// <summary>Everything submitted is chosen and applied, the log has no gaps, every learner has all of it.</summary>
    private bool Converged()
    {
        if (_checker.ChosenCommandCount != _checker.SubmittedCount || _clients.Any(c => c.Pending is not null))
        {
            return false;
        }

        var chosen = _checker.Chosen;
        if (chosen.ContiguousCount != chosen.MaxSlot + 1)
        {
            return false;
        }

        return _topology.Learners.All(id => _checker.DeliveredCount(id) >= chosen.ContiguousCount);
    }

    private void ReportLiveness()
    {
        var chosen = _checker.Chosen;
        var leader = _nodes[_designatedLeader].Core?.Proposer;
        var pending = string.Join(", ", _clients.Where(c => c.Pending is not null).Select(c => c.Pending!.Id.ToString()).Take(5));
        var delivered = string.Join(",", _topology.Learners.Select(id => _checker.DeliveredCount(id)));
        _checker.Report(InvariantKind.Liveness,
            $"not converged {_options.QuietSteps} ticks after faults stopped: {_checker.ChosenCommandCount}/{_checker.SubmittedCount} commands chosen, " +
            $"pending [{pending}], chosen slots 0..{chosen.MaxSlot} with gap-free prefix {chosen.ContiguousCount}, " +
            $"learners delivered [{delivered}], designated leader {_designatedLeader} leading={leader?.IsLeader} ballot={leader?.CurrentBallot}");
    }
}
