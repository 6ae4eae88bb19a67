namespace PaxosAkka.Consensus;

/// <summary>
/// The shape every role and <see cref="PaxosNode"/> share (etcd-raft's RawNode): messages in through
/// <see cref="Step"/>, time in through <see cref="Tick"/>, effects out through <see cref="GetReady"/>.
/// Implementations are deterministic and never do I/O, so a simulator can drive them step by step.
/// </summary>
public interface IPaxosRole
{
    /// <summary>Handles one message. Messages addressed to another node, stale or garbage ones are ignored, never thrown.</summary>
    void Step(PaxosMessage message);

    /// <summary>Advances the role's logical clock by one tick (retransmission and catch-up timers).</summary>
    void Tick();

    /// <summary>True when <see cref="GetReady"/> would return something.</summary>
    bool HasReady { get; }

    /// <summary>Drains and returns what is pending; see <see cref="Ready"/> for what must happen before sending.</summary>
    Ready GetReady();

    /// <summary>The host confirms a Ready was persisted and its messages handed to the transport.</summary>
    void Advance(Ready ready);
}
