using PaxosAkka.Consensus;

namespace PaxosAkka.Simulation;

/// <summary>A client request on its way to a proposer.</summary>
internal sealed record ClientRequest(int Client, Command Command);

/// <summary>
/// A client session: one outstanding command at a time, sequence numbers from 1, and the same command
/// (same id and bytes) re-sent until a replica reports it applied — the retry pattern that makes
/// exactly-once application (SessionTable) necessary.
/// </summary>
internal sealed class SimClient
{
    public SimClient(int index)
    {
        Index = index;
        ClientId = $"client-{index}";
    }

    public int Index { get; }

    public string ClientId { get; }

    public long LastSequence { get; private set; }

    /// <summary>The command waiting to be chosen, or null when idle.</summary>
    public Command? Pending { get; private set; }

    /// <summary>Proposer the client sends to next; learned from rejections' leader hints.</summary>
    public int Target { get; set; }

    /// <summary>Tick of the next re-send of <see cref="Pending"/>.</summary>
    public long RetryAt { get; set; }

    public Command Next(byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        LastSequence++;
        Pending = new Command(new CommandId(ClientId, LastSequence), payload);
        return Pending;
    }

    /// <summary>A replica reported <paramref name="id"/> applied; returns true if that completes the pending command.</summary>
    public bool Complete(CommandId id)
    {
        if (Pending is null || Pending.Id != id)
        {
            return false;
        }

        Pending = null;
        return true;
    }
}
