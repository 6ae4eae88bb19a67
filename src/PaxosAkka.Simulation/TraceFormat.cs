using PaxosAkka.Consensus;
using static PaxosAkka.Consensus.PaxosProtocol;

namespace PaxosAkka.Simulation;

/// <summary>Short, stable, readable renderings of messages for the trace, and the matching stable hash.</summary>
internal static class TraceFormat
{
    /// <summary>Mixes the fields <see cref="Describe"/> shows into <paramref name="hash"/> (stable across processes).</summary>
    public static ulong Mix(ulong hash, PaxosMessage message)
    {
        hash = TraceLog.Mix(hash, ((long)message.From << 32) | (uint)message.To);
        return message switch
        {
            Prepare m => MixBallot(TraceLog.Mix(hash, 1), m.Ballot, m.FromSlot),
            Promise m => TraceLog.Mix(MixBallot(TraceLog.Mix(hash, 2), m.Ballot, m.FromSlot), m.Accepted.Length),
            Accept m => MixValue(MixBallot(TraceLog.Mix(hash, 3), m.Ballot, m.Slot), m.Value),
            Accepted m => MixValue(MixBallot(TraceLog.Mix(hash, 4), m.Ballot, m.Slot), m.Value),
            Nack m => MixBallot(MixBallot(TraceLog.Mix(hash, 5), m.Rejected, 0), m.Promised, 0),
            Chosen m => MixValue(TraceLog.Mix(TraceLog.Mix(hash, 6), m.Slot), m.Value),
            CatchUpRequest m => TraceLog.Mix(TraceLog.Mix(hash, 7), m.FromSlot),
            CatchUpReply m => TraceLog.Mix(TraceLog.Mix(hash, 8), m.Entries.Length),
            _ => TraceLog.Mix(hash, 9),
        };
    }

    private static ulong MixBallot(ulong hash, Ballot ballot, long slot) =>
        TraceLog.Mix(TraceLog.Mix(TraceLog.Mix(hash, ballot.Round), ballot.ProposerId), slot);

    private static ulong MixValue(ulong hash, SlotValue? value)
    {
        if (value is null || value.IsNoOp)
        {
            return TraceLog.Mix(hash, 0);
        }

        hash = TraceLog.Mix(hash, value.Commands.Length);
        foreach (var command in value.Commands)
        {
            foreach (var c in command.Id.ClientId ?? string.Empty)
            {
                hash = TraceLog.Mix(hash, c);
            }

            hash = TraceLog.Mix(hash, command.Id.Sequence);
        }

        return hash;
    }

    public static string Describe(PaxosMessage message) => message switch
    {
        Prepare m => $"Prepare {m.From}->{m.To} {m.Ballot} from {m.FromSlot}",
        Promise m => $"Promise {m.From}->{m.To} {m.Ballot} from {m.FromSlot} accepted={m.Accepted.Length}",
        Accept m => $"Accept {m.From}->{m.To} {m.Ballot} slot {m.Slot} {m.Value}",
        Accepted m => $"Accepted {m.From}->{m.To} {m.Ballot} slot {m.Slot} {m.Value}",
        Nack m => $"Nack {m.From}->{m.To} rejected {m.Rejected} promised {m.Promised}",
        Chosen m => $"Chosen {m.From}->{m.To} slot {m.Slot} {m.Value}",
        CatchUpRequest m => $"CatchUpRequest {m.From}->{m.To} from {m.FromSlot}",
        CatchUpReply m => $"CatchUpReply {m.From}->{m.To} entries={m.Entries.Length}",
        _ => $"{message.GetType().Name} {message.From}->{message.To}",
    };
}
