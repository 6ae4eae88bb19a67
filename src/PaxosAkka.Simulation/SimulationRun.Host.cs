using PaxosAkka.Consensus;
using static PaxosAkka.Consensus.PaxosProtocol;

namespace PaxosAkka.Simulation;

/// <summary>
/// The host side of the Ready contract, done exactly as a real host must: persist the promise and entries,
/// then send the messages, then apply committed entries and act on events, then Advance. A crash may strike
/// between any two of these (before persisting, after persisting, after sending only some messages).
/// </summary>
internal sealed partial class SimulationRun
{
    private void ProcessReady(SimNode node)
    {
        while (!ShouldStop && node.Core is { } core && core.HasReady)
        {
            var ready = core.GetReady();
            if (!HandleReady(node, ready))
            {
                return; // Crashed part way: the rest of this Ready is lost, and no Advance.
            }

            core.Advance(ready);
        }
    }

    /// <summary>Returns false when the node crashed while handling <paramref name="ready"/>.</summary>
    private bool HandleReady(SimNode node, Ready ready)
    {
        var crashPoint = -1;
        if (!_quiet && (ready.MustPersist || !ready.Messages.IsDefaultOrEmpty)
            && _random.Chance(_options.Faults.CrashDuringReadyProbability))
        {
            crashPoint = _random.Between(0, 2);
        }

        if (crashPoint == 0)
        {
            CrashDuringReady(node, "before persisting its Ready");
            return false;
        }

        Persist(node, ready);
        if (crashPoint == 1)
        {
            CrashDuringReady(node, "after persisting, before sending");
            return false;
        }

        var messages = ready.Messages.IsDefault ? [] : ready.Messages;
        var sendCount = crashPoint == 2 ? _random.Between(0, messages.Length) : messages.Length;
        for (var i = 0; i < sendCount; i++)
        {
            Send(node, messages[i]);
        }

        if (crashPoint == 2)
        {
            CrashDuringReady(node, $"after sending {sendCount} of {messages.Length} messages");
            return false;
        }

        Apply(node, ready);
        HandleEvents(node, ready);
        return true;
    }

    private void Persist(SimNode node, Ready ready)
    {
        if (!ready.MustPersist)
        {
            return;
        }

        // Fold the Ready into the simulated disk ourselves rather than trusting the core's own bookkeeping:
        // the checker then sees exactly what a real host would have on disk.
        var disk = node.Disk;
        if (ready.PromiseToPersist is { } promise && promise > disk.Promised)
        {
            disk = disk with { Promised = promise };
        }

        if (!ready.EntriesToPersist.IsDefaultOrEmpty)
        {
            var accepted = disk.Accepted;
            foreach (var entry in ready.EntriesToPersist)
            {
                accepted = accepted.SetItem(entry.Slot, entry);
                _checker.OnVotePersisted(node.Id, entry);
            }

            disk = disk with { Accepted = accepted };
        }

        node.Disk = disk;
    }

    private void Send(SimNode node, PaxosMessage message)
    {
        if (message.From != node.Id)
        {
            _checker.Report(InvariantKind.Integrity, $"node {node.Id} emitted a message claiming to be from {message.From}: {TraceFormat.Describe(message)}");
        }

        _checker.OnMessageSent(message, node.Disk);
        _network.Send(node.Id, message.To, message, _tick);
    }

    private void Apply(SimNode node, Ready ready)
    {
        if (ready.CommittedEntries.IsDefaultOrEmpty)
        {
            return;
        }

        foreach (var entry in ready.CommittedEntries)
        {
            _checker.OnDelivered(node.Id, entry);
            node.Delivered = Math.Max(node.Delivered, entry.Slot + 1);
            if (entry.Value.IsNoOp)
            {
                continue;
            }

            foreach (var command in entry.Value.Commands)
            {
                if (node.Sessions.TryApply(command.Id))
                {
                    node.AppliedLog = node.AppliedLog.Add(command.Id);
                    _checker.OnApplied(node.Id, command.Id);
                }

                // The replica's reply: the client learns its command took effect.
                if (_clientsById.TryGetValue(command.Id.ClientId, out var client) && client.Complete(command.Id))
                {
                    Trace($"client {command.Id} done (applied at node {node.Id}, slot {entry.Slot})");
                }
            }
        }
    }

    private void HandleEvents(SimNode node, Ready ready)
    {
        if (ready.Events.IsDefaultOrEmpty)
        {
            return;
        }

        foreach (var proposerEvent in ready.Events)
        {
            switch (proposerEvent)
            {
                case BecameLeader leader:
                    _counters.LeaderChanges++;
                    Trace($"node {node.Id} became leader {leader.Ballot}");
                    break;
                case SteppedDown down:
                    node.BackoffUntil = _tick + _random.Between(0, _options.StepDownBackoffMaxTicks);
                    Trace($"node {node.Id} stepped down, preempted by {down.PreemptedBy}");
                    break;
                case ProposalRejected rejected:
                    OnProposalRejected(rejected);
                    break;
            }
        }
    }

    /// <summary>
    /// <see cref="BrokenAcceptorMode.AcceptsBelowPromise"/>: instead of letting the core Nack an Accept below
    /// its promise, the broken host records the vote durably and answers Accepted as the core would have for
    /// an acceptable ballot. Returns false when the Accept is not below the promise (handled normally).
    /// </summary>
    private bool TryForgeAcceptance(SimNode node, Accept accept)
    {
        var acceptor = node.Core!.Acceptor;
        if (acceptor is null || accept.To != node.Id || accept.Ballot.IsZero || accept.Value is null
            || accept.Ballot >= acceptor.Promised || !_topology.IsProposer(accept.From))
        {
            return false;
        }

        var entry = new AcceptedEntry(accept.Slot, accept.Ballot, accept.Value);
        node.Disk = node.Disk with { Accepted = node.Disk.Accepted.SetItem(accept.Slot, entry) };
        _checker.OnVotePersisted(node.Id, entry);
        Trace($"BROKEN acceptor {node.Id} accepted {accept.Ballot} below its promise {acceptor.Promised}");
        Send(node, new Accepted(node.Id, accept.From, accept.Ballot, accept.Slot, accept.Value));
        foreach (var learner in _topology.Learners)
        {
            if (learner != accept.From)
            {
                Send(node, new Accepted(node.Id, learner, accept.Ballot, accept.Slot, accept.Value));
            }
        }

        return true;
    }
}
