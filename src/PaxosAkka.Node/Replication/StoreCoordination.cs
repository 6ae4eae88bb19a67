using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Akka.Actor;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Metrics;
using PaxosAkka.Node.Roles;
using static PaxosAkka.Node.Replication.ReplicationProtocol;

namespace PaxosAkka.Node.Replication;

/// <summary>What a learner needs to coordinate replicated stores (two-phase-commit mode).</summary>
/// <param name="Topology">Learners, stores and client nodes.</param>
/// <param name="Options">Timeouts and batch sizes of the two-phase commit.</param>
public sealed record LearnerReplication(ReplicationTopology Topology, ReplicationOptions Options);

/// <summary>
/// The learner's plumbing around its <see cref="TwoPhaseCoordinator"/>: decides each tick whether this learner
/// coordinates (the lowest-id learner the heartbeats hold alive), feeds the stores' reachability, sends what the
/// coordinator produced to the stores, and the answers of committed commands to the nodes that took them.
/// Runs on the learner actor's thread.
/// </summary>
public sealed partial class StoreCoordination
{
    private const string NodeClientPrefix = "node-";
    private readonly int _self;
    private readonly ReplicationTopology _topology;
    private readonly TwoPhaseCoordinator _coordinator;
    private readonly IRoleRouter _router;
    private readonly IActorRef _sender;
    private readonly ILogger _log;
    private readonly ConsensusMetrics? _metrics;
    private CoordinatorPhase _loggedPhase = CoordinatorPhase.Standby;
    private long _reportedAborts;

    /// <summary>Creates the coordination of learner <paramref name="self"/>.</summary>
    /// <param name="self">The learner's node id.</param>
    /// <param name="replication">Topology and options.</param>
    /// <param name="log">The learned log (null: slot not learned here yet).</param>
    /// <param name="router">Reaches the stores and the client nodes.</param>
    /// <param name="sender">The learner actor (sender of the messages).</param>
    /// <param name="logger">Where phase changes are logged (none by default).</param>
    /// <param name="metrics">Where aborted transactions are counted (nowhere by default).</param>
    public StoreCoordination(int self, LearnerReplication replication, Func<long, SlotValue?> log, IRoleRouter router, IActorRef sender, ILogger? logger = null, ConsensusMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(replication);
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(sender);
        _self = self;
        _topology = replication.Topology;
        _coordinator = new TwoPhaseCoordinator(self, _topology.Stores, replication.Options, log);
        _router = router;
        _sender = sender;
        _log = logger ?? NullLogger.Instance;
        _metrics = metrics;
    }

    /// <summary>The coordinator (read by the status board and tests).</summary>
    public TwoPhaseCoordinator Coordinator => _coordinator;

    /// <summary>What the status page shows.</summary>
    public StoresView View() => new(
        _coordinator.Phase switch
        {
            CoordinatorPhase.Running => "coordinating",
            CoordinatorPhase.Recovering => "recovering",
            _ => "standby",
        },
        _coordinator.CommittedSlot,
        [.. _coordinator.Participants.Order()]);

    /// <summary>One learner tick: who coordinates, which stores are alive, timeouts.</summary>
    /// <param name="reachable">The failure detector's verdict per peer node (null before the election started).</param>
    public void OnTick(IReadOnlyDictionary<int, bool>? reachable)
    {
        bool Alive(int node) => node == _self || (reachable is not null && reachable.GetValueOrDefault(node));
        bool coordinate = ReplicationTopology.CoordinatingLearner(_self, _topology.Learners, Alive) == _self;
        if (coordinate && _coordinator.Phase == CoordinatorPhase.Standby)
        {
            _coordinator.Activate();
        }
        else if (!coordinate && _coordinator.Phase != CoordinatorPhase.Standby)
        {
            _coordinator.Deactivate();
        }

        foreach (int store in _topology.Stores)
        {
            _coordinator.OnReachability(store, Alive(store));
        }

        _coordinator.Tick();
        Flush();
    }

    /// <summary>New slots were learned.</summary>
    public void OnLearned()
    {
        _coordinator.OnLearned();
        Flush();
    }

    /// <summary>Handles a store's answer; false when <paramref name="message"/> is not one.</summary>
    public bool Handle(object message)
    {
        switch (message)
        {
            case StoreVote vote:
                _coordinator.OnVote(vote);
                break;
            case StoreCommitted committed:
                _coordinator.OnCommitted(committed);
                break;
            case StoreStatus status:
                _coordinator.OnStatus(status);
                break;
            default:
                return false;
        }

        Flush();
        return true;
    }

    /// <summary>
    /// The node that took the request of <paramref name="id"/>, when its id says so (<c>node-{id}-{incarnation}</c>);
    /// null for Idempotency-Key requests, which any node may have taken (or retried): those go to every client node.
    /// </summary>
    internal static int? OriginOf(CommandId id)
    {
        if (id.ClientId is null || !id.ClientId.StartsWith(NodeClientPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = id.ClientId.AsSpan(NodeClientPrefix.Length);
        int dash = rest.IndexOf('-');
        return dash > 0 && int.TryParse(rest[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out int node) ? node : null;
    }

    private void Flush()
    {
        if (_coordinator.Aborts > _reportedAborts)
        {
            _metrics?.ObserveTwoPhaseAborts(_coordinator.Aborts - _reportedAborts);
            _reportedAborts = _coordinator.Aborts;
        }

        if (_coordinator.Phase != _loggedPhase && _log.IsEnabled(LogLevel.Information))
        {
            _loggedPhase = _coordinator.Phase;
            string stores = string.Join(",", _coordinator.Participants.Order());
            LogInformationPhase(_log, _self, _loggedPhase, _coordinator.CommittedSlot, stores);
        }

        foreach (var message in _coordinator.Drain())
        {
            _router.Tell(message.To, RoleNames.Store, message.Message, _sender);
        }

        var replies = _coordinator.DrainReplies();
        if (replies.Count == 0)
        {
            return;
        }

        var perNode = new Dictionary<int, ImmutableArray<CommandResult>.Builder>();
        foreach (var reply in replies)
        {
            if (OriginOf(reply.Id) is int origin && _topology.ClientNodes.Contains(origin))
            {
                Add(perNode, origin, reply);
                continue;
            }

            foreach (int node in _topology.ClientNodes)
            {
                Add(perNode, node, reply);
            }
        }

        foreach (var (node, results) in perNode)
        {
            _router.Tell(node, ClientRepliesRole, new ClientReplies(results.ToImmutable()), _sender);
        }
    }

    private static void Add(Dictionary<int, ImmutableArray<CommandResult>.Builder> perNode, int node, CommandResult reply)
    {
        if (!perNode.TryGetValue(node, out var list))
        {
            list = ImmutableArray.CreateBuilder<CommandResult>();
            perNode[node] = list;
        }

        list.Add(reply);
    }

    [LoggerMessage(EventId = 6421, Level = LogLevel.Information, Message = "Learner {Id} store coordination: {Phase}, committed slot {Committed}, in-sync stores [{Stores}]")]
    private static partial void LogInformationPhase(ILogger logger, int id, CoordinatorPhase phase, long committed, string stores);
}
