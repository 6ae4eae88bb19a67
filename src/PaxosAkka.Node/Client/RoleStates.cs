namespace PaxosAkka.Node.Client;

/// <summary><c>/paxos</c> "roles.acceptor": the durable promise and the highest slot with an accepted value.</summary>
public sealed record AcceptorRoleState(string Promised, long HighestAcceptedSlot);

/// <summary><c>/paxos</c> "roles.proposer": leading, campaigning or following, with its window.</summary>
public sealed record ProposerRoleState(string State, string Ballot, long FirstUnchosenSlot, int PendingCommands, int InFlightSlots);

/// <summary>
/// <c>/paxos</c> "roles.learner": the next slot it will deliver; in two-phase-commit mode also what it does for the
/// stores ("coordinating", "recovering" or "standby"), the slot every in-sync store committed, and those stores.
/// </summary>
public sealed record LearnerRoleState(long FirstUnchosenSlot, string? Stores = null, long? StoresCommittedSlot = null, int[]? StoresInSync = null);

/// <summary><c>/paxos</c> "roles.store": the last applied slot, the store revision and the number of keys.</summary>
public sealed record StoreRoleState(long LastAppliedSlot, long Revision, int Keys);

/// <summary><c>/paxos</c> "roles.election": the Bully coordinator this node accepts.</summary>
public sealed record ElectionRoleState(int? Coordinator);
