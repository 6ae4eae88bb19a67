using static PaxosAkka.Consensus.PaxosProtocol;

namespace PaxosAkka.Consensus;

/// <summary>
/// One node of the cluster, after etcd-raft's RawNode: hosts whichever roles its id has in the topology,
/// routes each message to the roles it concerns, ticks them all and merges their Readies into one.
/// Messages a node sends to itself are delivered locally inside <see cref="GetReady"/>, so the local
/// acceptor's promise of this node's own ballot lands in the same Ready as the outgoing Prepares and is
/// therefore durable before any of them leaves (which is what lets a restarted proposer outbid itself).
/// </summary>
public sealed class PaxosNode : IPaxosRole
{
    /// <summary>Bound on local delivery rounds per GetReady; local traffic settles in a handful.</summary>
    private const int MaxLocalRounds = 64;

    private readonly ReadyBuilder _merged = new();
    private readonly Queue<PaxosMessage> _local = new();
    private Ballot _ballotMadeDurable;

    /// <summary>Creates a node, recovering its acceptor from <paramref name="recovered"/> (durable state after a restart).</summary>
    /// <exception cref="ArgumentException"><paramref name="id"/> plays no role in the topology.</exception>
    public PaxosNode(
        int id,
        PaxosTopology topology,
        ProposerOptions proposerOptions,
        LearnerOptions learnerOptions,
        AcceptorDurableState recovered,
        AcceptorOptions? acceptorOptions = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(proposerOptions);
        ArgumentNullException.ThrowIfNull(learnerOptions);
        ArgumentNullException.ThrowIfNull(recovered);
        if (!topology.AllNodes.Contains(id))
        {
            throw new ArgumentException($"Node {id} plays no role in the topology.", nameof(id));
        }

        Id = id;
        Topology = topology;
        Acceptor = topology.IsAcceptor(id) ? new Acceptor(id, topology, recovered, acceptorOptions) : null;
        Proposer = topology.IsProposer(id) ? new Proposer(id, topology, proposerOptions) : null;
        Learner = topology.IsLearner(id) ? new Learner(id, topology, learnerOptions) : null;

        // Every ballot this node's proposer used was made durable before its Prepares left: promised (or
        // outbid) by the local acceptor, or on a proposer-only node recorded as PromiseToPersist (below).
        Proposer?.ObserveBallot(recovered.HighestBallot);
        _ballotMadeDurable = recovered.Promised;
    }

    /// <summary>Creates a fresh node with default options.</summary>
    public PaxosNode(int id, PaxosTopology topology)
        : this(id, topology, ProposerOptions.Default, LearnerOptions.Default, AcceptorDurableState.Empty)
    {
    }

    /// <summary>This node's id.</summary>
    public int Id { get; }

    /// <summary>The topology the node was built for.</summary>
    public PaxosTopology Topology { get; }

    /// <summary>The acceptor role, when this node is an acceptor.</summary>
    public Acceptor? Acceptor { get; }

    /// <summary>The proposer role, when this node is a proposer.</summary>
    public Proposer? Proposer { get; }

    /// <summary>The learner role, when this node is a learner.</summary>
    public Learner? Learner { get; }

    /// <summary>True when this node's proposer leads.</summary>
    public bool IsLeader => Proposer?.IsLeader ?? false;

    /// <inheritdoc />
    public bool HasReady =>
        _merged.HasAny
        || (Acceptor is null && Proposer is not null && Proposer.CurrentBallot > _ballotMadeDurable)
        || _local.Count > 0
        || (Acceptor?.HasReady ?? false)
        || (Proposer?.HasReady ?? false)
        || (Learner?.HasReady ?? false);

    /// <summary>Starts phase 1 on this node's proposer.</summary>
    /// <exception cref="InvalidOperationException">This node is not a proposer.</exception>
    public void Campaign() => RequireProposer().Campaign();

    /// <summary>Submits a command to this node's proposer (rejected with a leader hint when it does not lead).</summary>
    /// <exception cref="InvalidOperationException">This node is not a proposer.</exception>
    public void Propose(Command command) => RequireProposer().Propose(command);

    /// <summary>
    /// The host restored a snapshot covering every slot below <paramref name="slot"/>: the learner starts
    /// delivering from there AND the co-located proposer stops treating those slots as unchosen (CORE_BUGS
    /// S-1), so it neither drives them again nor keeps later chosen slots in its bookkeeping forever.
    /// </summary>
    public void RestoreFrom(long slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        Learner?.RestoreFrom(slot);
        Proposer?.ObserveChosenBelow(slot);
    }

    /// <inheritdoc />
    public void Step(PaxosMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.To != Id)
        {
            return;
        }

        Route(message);
    }

    /// <inheritdoc />
    public void Tick()
    {
        Acceptor?.Tick();
        Proposer?.Tick();
        Learner?.Tick();
    }

    /// <inheritdoc />
    public Ready GetReady()
    {
        for (int round = 0; round < MaxLocalRounds; round++)
        {
            bool any = Collect(Acceptor) | Collect(Proposer) | Collect(Learner);
            if (_local.Count == 0 && !any)
            {
                break;
            }

            while (_local.TryDequeue(out var message))
            {
                Route(message);
            }
        }

        PersistOwnBallotWithoutAcceptor();
        return _merged.Drain();
    }

    /// <inheritdoc />
    public void Advance(Ready ready)
    {
        ArgumentNullException.ThrowIfNull(ready);
        Acceptor?.Advance(ready);
        Learner?.Advance(ready);
        Proposer?.Advance(ready);
    }

    /// <summary>
    /// A proposer-only node has no acceptor to remember its ballots, yet after a crash it must never reuse one
    /// (a delayed Accept of the old incarnation could otherwise mix two values under one ballot). So its
    /// newest ballot rides in <see cref="Ready.PromiseToPersist"/>: durable before the Prepares are sent, and
    /// handed back as <see cref="AcceptorDurableState.Promised"/> on restart.
    /// </summary>
    private void PersistOwnBallotWithoutAcceptor()
    {
        if (Acceptor is null && Proposer is not null && Proposer.CurrentBallot > _ballotMadeDurable)
        {
            _ballotMadeDurable = Proposer.CurrentBallot;
            _merged.Persist(_ballotMadeDurable);
        }
    }

    private bool Collect(IPaxosRole? role)
    {
        if (role is null || !role.HasReady)
        {
            return false;
        }

        var ready = role.GetReady();
        foreach (var message in ready.Messages)
        {
            if (message.To == Id)
            {
                _local.Enqueue(message);
            }
            else
            {
                _merged.Send(message);
            }
        }

        _merged.Add(ready, includeMessages: false);
        if (Proposer is not null)
        {
            foreach (var entry in ready.CommittedEntries)
            {
                Proposer.ObserveChosen(entry.Slot, entry.Value);
            }
        }

        return true;
    }

    private void Route(PaxosMessage message)
    {
        switch (message)
        {
            case Prepare:
                Acceptor?.Step(message);
                Proposer?.Step(message);
                break;
            case Accept:
                Acceptor?.Step(message);
                break;
            case Promise or Nack:
                Proposer?.Step(message);
                break;
            case Accepted or Chosen:
                Proposer?.Step(message);
                Learner?.Step(message);
                break;
            case CatchUpRequest { ForAcceptor: true }:
                Acceptor?.Step(message);
                break;
            case CatchUpRequest { ForLeader: true }:
                Proposer?.Step(message);
                break;
            case CatchUpRequest or CatchUpReply:
                Learner?.Step(message);
                break;
            default:
                break;
        }
    }

    private Proposer RequireProposer() =>
        Proposer ?? throw new InvalidOperationException($"Node {Id} is not a proposer in the topology.");
}
