using Microsoft.Extensions.Logging;
using PaxosAkka.Actors;
using PaxosAkka.Hocon;
using PaxosAkka.Node.Assignment;
using PaxosAkka.Node.Client;
using PaxosAkka.Node.Configuration;
using PaxosAkka.Node.Roles;
using PaxosAkka.Node.Storage;
using PaxosAkka.Remote;

namespace PaxosAkka.Node.Hosting;

/// <summary>
/// One running node without its HTTP front: the actor system with remoting bound to the node's member entry,
/// the role actors under <c>/user/node</c>, and the <see cref="IKvService"/> that bridges clients to them.
/// The process entry point and the in-process cluster tests both start nodes through it.
/// </summary>
public sealed class PaxosNodeRuntime : IAsyncDisposable
{
    /// <summary>The actor system name every node of a cluster shares.</summary>
    public const string SystemName = "paxos";

    private readonly CancellationTokenSource _stopping = new();
    private Task _assignmentRounds = Task.CompletedTask;

    private PaxosNodeRuntime(NodeSettings settings, ActorSystem system, PaxosKvService service, NodeStatusBoard board, IActorRef supervisor)
    {
        Settings = settings;
        System = system;
        Service = service;
        Board = board;
        Supervisor = supervisor;
    }

    /// <summary>The node's settings.</summary>
    public NodeSettings Settings { get; }

    /// <summary>The node's actor system.</summary>
    public ActorSystem System { get; }

    /// <summary>The client service.</summary>
    public PaxosKvService Service { get; }

    /// <summary>Status published by the role actors.</summary>
    public NodeStatusBoard Board { get; }

    /// <summary>The node supervisor (<c>/user/node</c>).</summary>
    public IActorRef Supervisor { get; }

    /// <summary>
    /// True from the moment the node's coordinated shutdown starts (SIGTERM, Ctrl-C, <see cref="DisposeAsync"/>)
    /// until the process ends: <c>GET /healthz</c> then answers 503 so load balancers drain the node while it
    /// still finishes the requests it took.
    /// </summary>
    public bool IsTerminating => System.IsTerminating || CoordinatedShutdown.Get(System).ShutdownReason is not null;

    /// <summary>
    /// Starts a node: binds remoting to this node's host and remote port, registers the wire messages, opens the
    /// acceptor's storage (by the acceptor itself, at its start; see <see cref="AcceptorStoreFor"/>) and starts
    /// the role actors.
    /// </summary>
    /// <param name="settings">The node's settings.</param>
    /// <param name="config">The node's whole config (paxos.remote, paxos.actor sections are read from it).</param>
    /// <param name="loggerFactory">Where the node logs.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <param name="onApplied">Optional observer of every slot the store applies (tests).</param>
    public static async Task<PaxosNodeRuntime> StartAsync(
        NodeSettings settings, Config config, ILoggerFactory loggerFactory, CancellationToken cancellationToken, Action<Consensus.ChosenEntry>? onApplied = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var self = settings.Self;
        var openAcceptorStore = AcceptorStoreFor(settings, config);

        // The member list is the single source of truth for where a node listens: peers route by it.
        var remote = RemoteSettings.FromConfig(config) with { Hostname = self.Host, Port = self.RemotePort };
        var serializers = new Remote.Serialization.SerializerRegistry().RegisterNodeMessages().RegisterAssignmentMessages();
        var system = await Remoting.CreateSystemAsync(
            SystemName,
            new ActorSystemSetup { Config = config, LoggerFactory = loggerFactory },
            remote,
            serializers,
            cancellationToken: cancellationToken).ConfigureAwait(false);

        var router = new RemoteRoleRouter(system, settings.Members);
        var pending = new PendingRequests();
        var board = new NodeStatusBoard();
        var chosenLog = new ChosenLogTail();
        var context = new NodeContext(settings, router, openAcceptorStore, pending, board)
        {
            OnApplied = entry =>
            {
                chosenLog.Record(entry);
                onApplied?.Invoke(entry);
            },
        };
        var supervisor = system.ActorOf(NodeSupervisor.Props(context), RoleNames.Node);
        var incarnation = Remoting.Get(system).Uid.ToString("x", global::System.Globalization.CultureInfo.InvariantCulture);
        var service = new PaxosKvService(settings, router, pending, board, incarnation, system.TimeProvider) { ChosenLog = chosenLog };
        var runtime = new PaxosNodeRuntime(settings, system, service, board, supervisor);
        runtime.StartAssignmentRounds(router);
        return runtime;
    }

    /// <summary>
    /// With <c>auto</c> members (system 000), every node runs the assignment rounds; only the one that leads acts
    /// (<see cref="AssignmentCoordinator.RunOnceAsync"/>), announcing the assignment in force to each auto node.
    /// </summary>
    private void StartAssignmentRounds(RemoteRoleRouter router)
    {
        var auto = Settings.Members.Where(m => m.IsAuto).Select(m => m.Id).ToArray();
        if (auto.Length == 0)
        {
            return;
        }

        var coordinator = new AssignmentCoordinator(Service, new AssignmentTargets(), assignment =>
        {
            var message = new AutoRoleProtocol.AssignmentInForce(global::System.Text.Encoding.ASCII.GetString(RoleAssignmentCodec.Encode(assignment)));
            foreach (int id in auto)
            {
                router.Tell(id, AutoRoleProtocol.ListenerName, message, null);
            }
        });
        _assignmentRounds = Task.Run(() => coordinator.RunAsync(AssignmentEndpoints.Interval, System.TimeProvider, _stopping.Token), CancellationToken.None);
    }

    /// <summary>
    /// How the acceptor opens its storage, by <c>paxos.node.acceptor.plugin</c>: <c>"sqlite"</c> (default) is
    /// data-dir/acceptor.db; <c>"postgresql"</c> is the server named by <c>paxos.node.acceptor.connection-string</c>.
    /// Checked before anything starts, so a bad setting stops the node with a message naming the setting.
    /// </summary>
    /// <exception cref="ConfigException">Unknown plugin, or PostgreSQL without a connection string.</exception>
    internal static Func<IAcceptorStore> AcceptorStoreFor(NodeSettings settings, Config config)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(config);
        string plugin = settings.Acceptor.Plugin.Trim();
        if (string.Equals(plugin, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            string databasePath = Path.Combine(settings.DataDirectory, "acceptor.db");
            return () => SqliteAcceptorStore.Open(databasePath);
        }

        if (string.Equals(plugin, "postgresql", StringComparison.OrdinalIgnoreCase))
        {
            string connectionString = config.GetString("paxos.node.acceptor.connection-string", null) ?? string.Empty;
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new ConfigException("paxos.node.acceptor.connection-string is required when paxos.node.acceptor.plugin = \"postgresql\"");
            }

            int acceptorId = settings.Id;
            return () => PostgresAcceptorStore.Open(connectionString, acceptorId);
        }

        throw new ConfigException($"paxos.node.acceptor.plugin = \"{plugin}\" is not an acceptor storage; use \"sqlite\" or \"postgresql\"");
    }

    /// <summary>Stops the node through coordinated shutdown and waits until remoting released its port.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _assignmentRounds.ConfigureAwait(false);
        _stopping.Dispose();
        await System.Terminate().ConfigureAwait(false);
        await Remoting.Get(System).WhenStopped.ConfigureAwait(false);
    }
}
