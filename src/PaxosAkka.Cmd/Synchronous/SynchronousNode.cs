using PaxosAkka.Consensus;
using static PaxosAkka.Consensus.PaxosProtocol;

namespace PaxosAkka.Cmd.Synchronous;

/// <summary>
/// One node of the synchronous demo: the core's <see cref="Acceptor"/> (the same one Multi-Paxos uses),
/// this round's <see cref="SynodProposer"/> when it leads, and a <see cref="SynodTally"/> learner.
/// A crash throws away everything but <see cref="Disk"/>, which holds exactly what the Ready contract
/// said to persist before sending; a restart rebuilds the acceptor from it.
/// </summary>
internal sealed class SynchronousNode
{
    private readonly PaxosTopology _topology;
    private readonly bool _breakDurability;
    private Acceptor _acceptor;
    private SynodProposer? _proposer;
    private SynodTally _tally;

    /// <summary>Creates node <paramref name="id"/> with empty stable storage.</summary>
    public SynchronousNode(int id, PaxosTopology topology, bool breakDurability = false)
    {
        ArgumentNullException.ThrowIfNull(topology);
        Id = id;
        _topology = topology;
        _breakDurability = breakDurability;
        _acceptor = new Acceptor(id, topology, Disk);
        _tally = new SynodTally(topology.Quorum.Phase2Size);
    }

    /// <summary>Node id.</summary>
    public int Id { get; }

    /// <summary>True from a crash until the next restart.</summary>
    public bool IsDown { get; private set; }

    /// <summary>Simulated stable storage: the acceptor state that survives a crash.</summary>
    public AcceptorDurableState Disk { get; private set; } = AcceptorDurableState.Empty;

    /// <summary>The learner of the current round.</summary>
    public SynodTally Tally => _tally;

    /// <summary>Starts a round: a fresh learner, and <paramref name="proposer"/> when this node leads it.</summary>
    public void BeginRound(SynodProposer? proposer)
    {
        _proposer = proposer;
        _tally = new SynodTally(_topology.Quorum.Phase2Size);
    }

    /// <summary>Asks this round's proposer to propose <paramref name="value"/>; returns the ballot it used.</summary>
    /// <exception cref="InvalidOperationException">This node does not lead the current round.</exception>
    public Ballot Propose(SlotValue value)
    {
        var proposer = _proposer ?? throw new InvalidOperationException($"Node {Id} does not lead this round.");
        proposer.Propose(value);
        return proposer.CurrentBallot;
    }

    /// <summary>Loses all volatile state; only <see cref="Disk"/> survives.</summary>
    public void Crash()
    {
        IsDown = true;
        _proposer = null;
    }

    /// <summary>Comes back after a crash with an acceptor rebuilt from stable storage.</summary>
    public void Restart()
    {
        if (_breakDurability)
        {
            Disk = AcceptorDurableState.Empty;
        }

        _acceptor = new Acceptor(Id, _topology, Disk);
        IsDown = false;
    }

    /// <summary>Hands a delivered message to the role it is for; returns true if it made the learner decide.</summary>
    public bool Deliver(PaxosMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        switch (message)
        {
            case Prepare or Accept:
                _acceptor.Step(message);
                return false;
            case Promise or Nack:
                _proposer?.Step(message);
                return false;
            case Accepted or Chosen:
                _proposer?.Step(message);
                return _tally.Observe(message);
            default:
                return false;
        }
    }

    /// <summary>
    /// Collects what the roles want to send this step. The acceptor's Ready is persisted to
    /// <see cref="Disk"/> first and only then are its messages released, as the Ready contract demands.
    /// </summary>
    public IReadOnlyList<PaxosMessage> Drain()
    {
        var outgoing = new List<PaxosMessage>();
        if (_acceptor.HasReady)
        {
            var ready = _acceptor.GetReady();
            Disk = Disk.Apply(ready);
            outgoing.AddRange(ready.Messages);
            _acceptor.Advance(ready);
        }

        if (_proposer is { HasReady: true } proposer)
        {
            var ready = proposer.GetReady();
            outgoing.AddRange(ready.Messages);
            proposer.Advance(ready);
        }

        return outgoing;
    }
}
