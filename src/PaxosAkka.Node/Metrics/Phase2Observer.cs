using System.Collections.Immutable;
using PaxosAkka.Consensus;
using static PaxosAkka.Consensus.PaxosProtocol;

namespace PaxosAkka.Node.Metrics;

/// <summary>
/// Times phase 2 from outside the proposer core (which counts ticks and reads no clock): it watches the messages of
/// each Ready the proposer actor sends. The first <see cref="Accept"/> of a slot opens it (and records its batch
/// size); the first <see cref="Chosen"/> the proposer sends for it (it does once an Accepted quorum formed) closes
/// it. Retransmitted Accepts and repeated Chosens (the idle leader's heartbeat) change nothing. Owned by one
/// proposer actor and used on its thread only.
/// </summary>
public sealed class Phase2Observer
{
    /// <summary>Bound on open slots: a leader's pipeline window is far smaller, so reaching it means slots were abandoned.</summary>
    internal const int MaxOpenSlots = 65_536;

    private readonly ConsensusMetrics _metrics;
    private readonly Dictionary<long, (long Start, int Commands)> _open = [];

    /// <summary>Creates the observer of one proposer.</summary>
    public Phase2Observer(ConsensusMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _metrics = metrics;
    }

    /// <summary>Slots whose Accepts went out and whose Chosen has not yet.</summary>
    public int OpenSlots => _open.Count;

    /// <summary>Looks at the messages of one Ready, in the order the proposer sends them.</summary>
    public void Observe(ImmutableArray<PaxosMessage> messages)
    {
        if (messages.IsDefaultOrEmpty)
        {
            return;
        }

        long now = 0;
        bool timed = false;
        foreach (var message in messages)
        {
            switch (message)
            {
                case Accept accept when !_open.ContainsKey(accept.Slot):
                    if (!timed)
                    {
                        now = _metrics.Timestamp();
                        timed = true;
                    }

                    if (_open.Count >= MaxOpenSlots)
                    {
                        _open.Clear();
                    }

                    int commands = ConsensusMetrics.CommandCount(accept.Value);
                    _open[accept.Slot] = (now, commands);
                    _metrics.ObserveBatch(commands);
                    break;
                case Chosen chosen when _open.Remove(chosen.Slot, out var open):
                    _metrics.ObserveChosen(open.Start, open.Commands);
                    break;
            }
        }
    }

    /// <summary>
    /// The proposer stopped or started leading: slots still open will be chosen (if at all) under another ballot,
    /// so their times would mix two leaderships.
    /// </summary>
    public void Reset() => _open.Clear();
}
