namespace PaxosAkka.Consensus;

/// <summary>
/// Something a proposer reports to its host (election, client front end) rather than to other nodes.
/// </summary>
public abstract record ProposerEvent;

/// <summary>Phase 1 succeeded: this proposer leads with <paramref name="Ballot"/> and skips phase 1 from now on.</summary>
public sealed record BecameLeader(Ballot Ballot) : ProposerEvent;

/// <summary>
/// A higher ballot preempted this proposer; it stopped leading or campaigning and does not retry by itself
/// (whether and when to campaign again is the election's decision, which avoids duelling proposers).
/// </summary>
public sealed record SteppedDown(Ballot PreemptedBy) : ProposerEvent;

/// <summary>
/// A command was not proposed (not the leader, lost leadership before sending it, or back-pressure); the
/// client should retry with the same <paramref name="CommandId"/>, at <paramref name="LeaderHint"/> if known.
/// </summary>
public sealed record ProposalRejected(CommandId CommandId, int? LeaderHint) : ProposerEvent;
