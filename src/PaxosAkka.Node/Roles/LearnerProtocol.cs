namespace PaxosAkka.Node.Roles;

/// <summary>Messages of the learner actor besides the core's Accepted, Chosen and catch-up messages.</summary>
public static class LearnerProtocol
{
    /// <summary>
    /// Asks the learner to send again, as one <see cref="StoreProtocol.Deliver"/>, every chosen slot it holds from
    /// <paramref name="FromSlot"/> on (a store that started or restarted rebuilds its state from the log).
    /// </summary>
    public sealed record Replay(long FromSlot);

    internal sealed record Tick
    {
        public static Tick Instance { get; } = new();
    }

    internal sealed record Flush
    {
        public static Flush Instance { get; } = new();
    }
}
