namespace PaxosAkka.Consensus;

/// <summary>
/// Base of every message the Paxos roles exchange. Addressing is by node id so the same messages travel
/// through the simulator, in-memory benchmarks and the real transport unchanged.
/// </summary>
/// <param name="From">Sender node id.</param>
/// <param name="To">Recipient node id; roles ignore messages addressed elsewhere.</param>
public abstract record PaxosMessage(int From, int To);
