namespace PaxosAkka.Consensus;

/// <summary>
/// What an acceptor remembers for one slot: the highest ballot it accepted there and the value. A Promise
/// reports these so a new leader can adopt the highest-ballot value per slot (Paxos Made Simple §2.2, P2c).
/// </summary>
/// <param name="Slot">Log position, from 0.</param>
/// <param name="Ballot">Ballot under which <paramref name="Value"/> was accepted.</param>
/// <param name="Value">The accepted value.</param>
public sealed record AcceptedEntry(long Slot, Ballot Ballot, SlotValue Value);

/// <summary>A slot whose value is known chosen; learners deliver these in slot order.</summary>
/// <param name="Slot">Log position, from 0.</param>
/// <param name="Value">The chosen value.</param>
public sealed record ChosenEntry(long Slot, SlotValue Value);
