using PaxosAkka.Consensus;
using static PaxosAkka.Consensus.PaxosProtocol;

namespace PaxosAkka.Simulation;

/// <summary>
/// The simulator's stand-ins for what surrounds the core in production: a simple election (campaign after a
/// randomised timeout without leader activity, back off after being preempted) and the clients.
/// </summary>
internal sealed partial class SimulationRun
{
    private int RandomElectionTimeout() =>
        _random.Between(_options.ElectionTimeoutMinTicks, _options.ElectionTimeoutMaxTicks);

    /// <summary>Traffic from another proposer's phase 1 or 2 means someone is leading or trying to: wait.</summary>
    private void NoteLeaderActivity(SimNode node, PaxosMessage message)
    {
        if (message.From != node.Id && message is Prepare or Accept or Chosen && node.Core!.Proposer is not null)
        {
            node.ElectionDeadline = _tick + RandomElectionTimeout();
        }
    }

    private void DriveElections()
    {
        for (var id = 0; id < _options.Proposers && !ShouldStop; id++)
        {
            var node = _nodes[id];
            if (!node.IsRunning(_tick))
            {
                continue;
            }

            if (node.Core!.Proposer!.IsLeader)
            {
                node.ElectionDeadline = _tick + _options.ElectionTimeoutMaxTicks;
                continue;
            }

            // Liveness needs one proposer to lead undisturbed (FLP): in the quiet phase only one may campaign.
            if ((_quiet && id != _designatedLeader) || _tick < node.ElectionDeadline || _tick < node.BackoffUntil)
            {
                continue;
            }

            Campaign(node);
        }
    }

    private void Campaign(SimNode node)
    {
        _counters.Campaigns++;
        node.ElectionDeadline = _tick + RandomElectionTimeout();
        Trace($"node {node.Id} campaigns");
        node.Core!.Campaign();
        ProcessReady(node);
    }

    private void DriveClients()
    {
        foreach (var client in _clients)
        {
            if (client.Pending is null)
            {
                if (!_quiet && _random.Chance(_options.SubmitProbability))
                {
                    var payload = new byte[8];
                    _random.NextBytes(payload);
                    var command = client.Next(payload);
                    _checker.OnSubmitted(command);
                    _counters.Submitted++;
                    SendRequest(client, client.Target);
                }

                continue;
            }

            if (_tick >= client.RetryAt)
            {
                // Timed out: maybe the target is down or partitioned; half the time try someone else.
                if (_random.Chance(0.5))
                {
                    client.Target = _random.Index(_options.Proposers);
                }

                _counters.ClientRetries++;
                SendRequest(client, client.Target);
            }
            else if (!_quiet && _random.Chance(_options.Faults.SpuriousRetryProbability))
            {
                _counters.ClientRetries++;
                SendRequest(client, _random.Index(_options.Proposers));
            }
        }
    }

    private void SendRequest(SimClient client, int target)
    {
        client.RetryAt = _tick + _options.ClientRetryTicks;
        _clientNetwork.Send(client.Index, target, new ClientRequest(client.Index, client.Pending!), _tick);
    }

    private void OnProposalRejected(ProposalRejected rejected)
    {
        if (!_clientsById.TryGetValue(rejected.CommandId.ClientId, out var client) || client.Pending?.Id != rejected.CommandId)
        {
            return;
        }

        client.Target = rejected.LeaderHint is { } hint && _topology.IsProposer(hint)
            ? hint
            : _random.Index(_options.Proposers);
        client.RetryAt = Math.Min(client.RetryAt, _tick + 1 + _random.Between(0, 2));
    }
}
