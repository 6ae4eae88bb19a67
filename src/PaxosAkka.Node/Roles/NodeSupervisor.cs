using Microsoft.Extensions.Logging;
using Akka.Actor;
using PaxosAkka.Node.Hosting;
using Akka.Pattern;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Assignment;
using PaxosAkka.Node.Client;
using PaxosAkka.Node.Configuration;
using PaxosAkka.Node.Election;
using PaxosAkka.Node.Prime;
using PaxosAkka.Node.Storage;

namespace PaxosAkka.Node.Roles;

/// <summary>Everything the role actors of one node share.</summary>
/// <param name="Settings">The node's settings.</param>
/// <param name="Router">Delivery to role actors by (node, role).</param>
/// <param name="OpenAcceptorStore">Opens the acceptor's storage (called at every acceptor start).</param>
/// <param name="Pending">Client requests waiting for the store.</param>
/// <param name="Board">Status published by the role actors.</param>
public sealed record NodeContext(
    NodeSettings Settings,
    IRoleRouter Router,
    Func<IAcceptorStore> OpenAcceptorStore,
    PendingRequests Pending,
    NodeStatusBoard Board)
{
    /// <summary>Called by the store after it applied each slot, on the store's thread (tests record the order).</summary>
    public Action<ChosenEntry>? OnApplied { get; init; }
}

/// <summary>
/// <c>/user/node</c>: parent of this node's role actors, with a supervision decision per failure mode. A child
/// that exhausts its restart budget is stopped; the supervisor then makes the node leave cleanly (coordinated
/// shutdown) rather than run with a role missing.
/// </summary>
public sealed partial class NodeSupervisor : ReceiveActor
{
    private readonly NodeContext _context;
    private readonly ILogger _log;
    private IRoleRouter? _proposerRouter;
    private bool _leaving;

    /// <summary>Creates the supervisor.</summary>
    public NodeSupervisor(NodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _log = Context.NodeLogger();
        Receive<Terminated>(OnChildTerminated);
        ReceiveAutoRoles();
    }

    /// <summary>
    /// The dispatcher of the actors that write to disk in their turn (the acceptor, the ballot keeper): a thread of
    /// their own each, so an fsync never blocks Akka's default dispatcher that every other actor shares.
    /// </summary>
    public const string StorageDispatcher = "paxos.node.storage-dispatcher";

    /// <summary>Props for the supervisor.</summary>
    public static Props Props(NodeContext context) => Akka.Actor.Props.Create(() => new NodeSupervisor(context));

    /// <inheritdoc />
    protected override void PreStart()
    {
        var s = _context.Settings;
        var topology = s.Topology();
        var router = _context.Router;
        var board = _context.Board;
        var configured = s.Self;
        if (configured.Has(NodeRoles.Acceptor))
        {
            // Acceptor storage failure: stop the acceptor and start a fresh one after a growing delay (the disk may
            // be full or briefly locked). The fresh one reloads its durable state in PreStart. Never Resume: the
            // in-memory state may hold a promise or vote the disk never saw, and answering from it would let a
            // later crash make the acceptor forget what it revealed. Past max-restarts the backoff supervisor
            // stops, and so the node leaves.
            // Prime claims (system 000) are verified before they can be accepted; other values pass untouched.
            var acceptor = AcceptorActor.Props(s.Id, topology, _context.OpenAcceptorStore, router, board, PrimeVerifier.AcceptValidator(s.Id));
            var backoff = Backoff.OnFailure(
                    acceptor.WithDispatcher(StorageDispatcher), RoleNames.Acceptor, s.Acceptor.RestartBackoffMin, s.Acceptor.RestartBackoffMax, 0.2, s.Acceptor.MaxRestarts)
                .WithAutoReset(TimeSpan.FromMinutes(1));
            Context.Watch(Context.ActorOf(BackoffSupervisor.Props(backoff), RoleNames.Acceptor));
        }

        foreach (var role in AutoRoleState.StartOrder.Where(configured.Has))
        {
            Context.Watch(StartRole(role));
        }

        Context.Watch(Context.ActorOf(ElectionActor.Props(s.Id, s.Members, s.Election, router, board), RoleNames.Election));
        Context.Watch(Context.ActorOf(ClientRepliesActor.Props(_context.Pending), Replication.ReplicationProtocol.ClientRepliesRole));
        if (configured.IsAuto)
        {
            StartAutoRoles();
        }
    }

    /// <summary>Creates the actor of <paramref name="role"/> (learner, store or proposer) as this node's settings describe it.</summary>
    private IActorRef StartRole(string role)
    {
        var s = _context.Settings;
        var props = role switch
        {
            NodeRoles.Learner => LearnerActor.PropsFor(s, _context.Router, _context.Board),
            NodeRoles.Store => StoreActor.PropsFor(s, _context.Router, _context.Pending, _context.Board, _context.OnApplied),
            NodeRoles.Proposer => ProposerActor.Props(s.Id, s.Topology(), s.ProposerOptions, s.TickInterval, _proposerRouter ??= ProposerRouter(s, _context.Router), _context.Board),
            _ => throw new ArgumentException($"'{role}' is not started by {nameof(StartRole)}", nameof(role)),
        };
        return Context.ActorOf(props, role);
    }

    /// <summary>
    /// The proposer's router. With a local acceptor in the group, the acceptor makes its ballots durable; on a
    /// node without one (the 004 topology's proposer nodes) a <see cref="ProposerBallotKeeper"/> does.
    /// </summary>
    private IRoleRouter ProposerRouter(NodeSettings s, IRoleRouter router)
    {
        if (s.Self.Has(NodeRoles.Acceptor))
        {
            return router;
        }

        var keeper = Context.ActorOf(ProposerBallotKeeper.Props(s.Id, s.DataDirectory, _context.Board).WithDispatcher(StorageDispatcher), ProposerBallotKeeper.Name);
        Context.Watch(keeper);
        return new BallotKeeperRouter(router, s.Id, keeper);
    }

    /// <summary>
    /// Restart, within a budget, for every role but the acceptor (which has its own backoff supervisor):
    /// a crashed proposer restarts with a fresh core, recovers its ballot floor from the local acceptor and asks
    /// the election who leads, so it rejoins the election (and campaigns if it is the coordinator); a learner
    /// restarts empty and catches up from its peers; a store restarts empty and replays the chosen log from the
    /// learner; an election restarts and elects again. Repeated failures (more than max-restarts within the
    /// window) mean something is persistently wrong: the child is stopped and the node leaves.
    /// </summary>
    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(
            _context.Settings.Supervision.MaxRestarts,
            _context.Settings.Supervision.RestartWindow,
            _ => Directive.Restart);

    private void OnChildTerminated(Terminated terminated)
    {
        if (OnAssignedRoleStopped(terminated.ActorRef))
        {
            return;
        }

        if (_leaving)
        {
            return;
        }

        _leaving = true;
        LogCriticalRoleLost(_log, _context.Settings.Id, terminated.ActorRef.Path);
        _ = CoordinatedShutdown.Get(Context.System).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Critical, Message = "Node {Id} lost role actor {Path} after repeated failures; leaving the cluster")]
    private static partial void LogCriticalRoleLost(ILogger logger, int id, ActorPath path);
}
