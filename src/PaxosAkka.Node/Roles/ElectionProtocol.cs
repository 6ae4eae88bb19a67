namespace PaxosAkka.Node.Roles;

/// <summary>
/// The Bully algorithm's messages (Garcia-Molina 1982) plus the heartbeats the failure detector feeds on. All but
/// <see cref="CoordinatorChanged"/>, <see cref="GetCoordinator"/> and the local progress and reachability messages
/// cross the wire.
/// </summary>
public static class ElectionProtocol
{
    /// <summary>
    /// "I am alive": sent to every peer every heartbeat interval, with the sender's learner watermark (its first
    /// unchosen slot; -1 when unknown) so a candidate far behind can tell and defer (Election.CandidateProgress).
    /// </summary>
    public sealed record Heartbeat(int From, long FirstUnchosenSlot = -1);

    /// <summary>ELECTION: a candidate asks the higher-id candidates whether any of them is alive.</summary>
    public sealed record Election(int From);

    /// <summary>ANSWER: a higher candidate is alive and takes over the election.</summary>
    public sealed record Answer(int From);

    /// <summary>COORDINATOR: the sender won (it is the highest candidate alive).</summary>
    public sealed record Coordinator(int From, long Epoch = 0);

    /// <summary>Tells the local proposer (and anyone asking) who is coordinator now; null while electing.</summary>
    public sealed record CoordinatorChanged(int? Leader);

    /// <summary>Asks for the current coordinator; the answer is <see cref="CoordinatorChanged"/>.</summary>
    public sealed record GetCoordinator
    {
        /// <summary>The single instance.</summary>
        public static GetCoordinator Instance { get; } = new();
    }

    /// <summary>
    /// A role on this node tells its election how far its log reaches (the learner's first unchosen slot; on a node
    /// without a learner, the proposer's); -1 when the role stopped. Local only: the election reads no other actor's
    /// state, it is told.
    /// </summary>
    /// <param name="Role">The role reporting (<c>learner</c> or <c>proposer</c>).</param>
    /// <param name="FirstUnchosenSlot">Its watermark, or -1 when it stopped.</param>
    public sealed record OwnProgress(string Role, long FirstUnchosenSlot);

    /// <summary>The election tells this node's learner which peers its detector holds reachable (local only).</summary>
    /// <param name="Reachable">Peer id → reachable now.</param>
    public sealed record Reachability(IReadOnlyDictionary<int, bool> Reachable);

    /// <summary>A learner that starts asks for the <see cref="Reachability"/> in force (local only).</summary>
    public sealed record GetReachability
    {
        /// <summary>The single instance.</summary>
        public static GetReachability Instance { get; } = new();
    }

    internal sealed record Tick
    {
        public static Tick Instance { get; } = new();
    }
}
