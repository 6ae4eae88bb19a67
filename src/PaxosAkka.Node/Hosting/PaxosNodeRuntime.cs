using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PaxosAkka.Node.Assignment;
using PaxosAkka.Node.Client;
using PaxosAkka.Node.Cmd;
using PaxosAkka.Node.Configuration;
using PaxosAkka.Node.Http;
using PaxosAkka.Node.Metrics;
using PaxosAkka.Node.Roles;
using PaxosAkka.Node.Storage;

namespace PaxosAkka.Node.Hosting;

/// <summary>
/// One running node: an ASP.NET Core host whose Akka.Hosting actor system (remoting bound to the node's member
/// entry, Akka.Cluster membership, our serializer) runs the role actors under <c>/user/node</c>, and whose Kestrel
/// serves the client API over the <see cref="IKvService"/> that bridges clients to them. The process entry point and
/// the in-process cluster tests both start nodes through it.
/// </summary>
public sealed class PaxosNodeRuntime : IAsyncDisposable
{
    /// <summary>The actor system name every node of a cluster shares.</summary>
    public const string SystemName = "paxos";

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private Task _assignmentRounds = Task.CompletedTask;
    private CmdEndpoint? _cmd;

    private PaxosNodeRuntime(WebApplication app, NodeSettings settings, ActorSystem system, PaxosKvService service, NodeStatusBoard board, IActorRef supervisor)
    {
        _app = app;
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

    /// <summary>The URLs Kestrel listens on (the real port when the configured one was 0).</summary>
    public IReadOnlyCollection<string> Urls => [.. _app.Urls];

    /// <summary>Where pbm's command endpoint listens (<c>paxos.cmd</c>), or null when it is off or its port was taken.</summary>
    public string? CmdUrl => _cmd?.Url;

    /// <summary>
    /// True from the moment the node's coordinated shutdown starts (SIGTERM, Ctrl-C, <see cref="DisposeAsync"/>, a
    /// downing) until the process ends: <c>GET /healthz</c> then answers 503 so load balancers drain the node while it
    /// still finishes the requests it took.
    /// </summary>
    public bool IsTerminating => CoordinatedShutdown.Get(System).ShutdownReason is not null || System.WhenTerminated.IsCompleted;

    /// <summary>
    /// Starts a node: the host, its actor system (remoting on this node's host and remote port, cluster membership
    /// through the configured seed nodes), the role actors and then Kestrel on the configured HTTP address.
    /// </summary>
    /// <param name="settings">The node's settings.</param>
    /// <param name="config">The node's whole config: its <c>akka</c> section goes to the actor system as it is.</param>
    /// <param name="loggerFactory">Where the node logs.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <param name="onApplied">Optional observer of every slot the store applies (tests).</param>
    public static async Task<PaxosNodeRuntime> StartAsync(
        NodeSettings settings, Config config, ILoggerFactory loggerFactory, CancellationToken cancellationToken, Action<Consensus.ChosenEntry>? onApplied = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var openAcceptorStore = AcceptorStoreFor(settings, config);
        var akka = AkkaSettings.Create(settings, config);
        var cmd = CmdSettings.Create(config);
        var metricsRegistry = NodeMetrics.CreateRegistry();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.UseUrls($"http://{settings.HttpHostname}:{settings.HttpPort}");
        var parts = new TaskCompletionSource<(ActorSystem System, PaxosKvService Service, NodeStatusBoard Board, IActorRef Supervisor)>(
            TaskCreationOptions.RunContinuationsAsynchronously);
        builder.Services.AddAkka(SystemName, (akkaBuilder, _) => akkaBuilder
            .AddHocon(akka.Hocon, HoconAddMode.Prepend)
            .ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLoggerFactory(loggerFactory);
            })
            .WithRemoting(akka.Remote)
            .WithClustering(akka.Cluster)
            .WithActors((system, registry) =>
            {
                NodeServices.Register(system, loggerFactory, TimeProvider.System);
                ConsensusMetrics.Register(system, metricsRegistry); // the actors' metrics and the HTTP ones share /metrics
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
                registry.Register<NodeSupervisor>(supervisor);

                // The address's uid tells this process from earlier ones of the same node, so their command ids never collide.
                string incarnation = Akka.Cluster.Cluster.Get(system).SelfUniqueAddress.Uid.ToString("x", global::System.Globalization.CultureInfo.InvariantCulture);
                var service = new PaxosKvService(settings, router, pending, board, incarnation, TimeProvider.System)
                {
                    Membership = new AkkaClusterView(system, settings),
                    ChosenLog = chosenLog,
                };
                parts.TrySetResult((system, service, board, supervisor));
            }));

        var app = builder.Build();
        var service = new StartedKvService<(ActorSystem System, PaxosKvService Service, NodeStatusBoard Board, IActorRef Supervisor)>(settings.Id, parts.Task, p => p.Service);
        var terminating = new IsTerminatingProbe();

        // The HTTP layer's own deadline sits a little behind the service's, so the service's OutcomeUnknown (503) is
        // what a client sees when no quorum answers.
        app.MapPaxosApi(service, new NodeMetrics(service, registry: metricsRegistry), new PaxosApiOptions
        {
            RequestTimeout = settings.RequestTimeout + TimeSpan.FromSeconds(1),
            IsTerminating = () => terminating.Runtime?.IsTerminating ?? false,
        });
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var (system, kv, board, supervisor) = await parts.Task.ConfigureAwait(false);
        string protocol = ((ExtendedActorSystem)system).Provider.DefaultAddress.Protocol;
        if (protocol != akka.Protocol)
        {
            // Seeds and routes are built with akka.Protocol: a mismatch would leave the node unable to reach anyone.
            await app.DisposeAsync().ConfigureAwait(false);
            throw new ConfigurationException($"remoting runs {protocol}:// but the node expected {akka.Protocol}://; check akka.remote.dot-netty.tcp.applied-adapters");
        }

        var runtime = new PaxosNodeRuntime(app, settings, system, kv, board, supervisor);
        terminating.Runtime = runtime;

        // Stop taking client requests first, then let the actors and remoting stop in their phases.
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceUnbind, "http", async () =>
        {
            await runtime._stopping.CancelAsync().ConfigureAwait(false);
            return Akka.Done.Instance;
        });
        runtime.StartAssignmentRounds(kv.Router);
        runtime._cmd = await CmdEndpoint.StartAsync(cmd, settings, system, kv, loggerFactory, cancellationToken).ConfigureAwait(false);
        return runtime;
    }

    /// <summary>
    /// With <c>auto</c> members (system 000), every node runs the assignment rounds; only the one that leads acts
    /// (<see cref="AssignmentCoordinator.RunOnceAsync"/>), announcing the assignment in force to each auto node.
    /// </summary>
    private void StartAssignmentRounds(IRoleRouter router)
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
        _assignmentRounds = Task.Run(() => coordinator.RunAsync(AssignmentEndpoints.Interval, TimeProvider.System, _stopping.Token), CancellationToken.None);
    }

    /// <summary>
    /// How the acceptor opens its storage, by <c>paxos.node.acceptor.plugin</c>: <c>"sqlite"</c> (default) is
    /// data-dir/acceptor.db; <c>"postgresql"</c> is the server named by <c>paxos.node.acceptor.connection-string</c>.
    /// Checked before anything starts, so a bad setting stops the node with a message naming the setting.
    /// </summary>
    /// <exception cref="ConfigurationException">Unknown plugin, or PostgreSQL without a connection string.</exception>
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
                throw new ConfigurationException("paxos.node.acceptor.connection-string is required when paxos.node.acceptor.plugin = \"postgresql\"");
            }

            int acceptorId = settings.Id;
            return () => PostgresAcceptorStore.Open(connectionString, acceptorId);
        }

        throw new ConfigurationException($"paxos.node.acceptor.plugin = \"{plugin}\" is not an acceptor storage; use \"sqlite\" or \"postgresql\"");
    }

    /// <summary>Stops the node: HTTP first, then the actor system through coordinated shutdown (leaving the cluster).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _assignmentRounds.ConfigureAwait(false);
        if (_cmd is not null)
        {
            await _cmd.DisposeAsync().ConfigureAwait(false);
        }

        await CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClrExitReason.Instance).ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private sealed class IsTerminatingProbe
    {
        public PaxosNodeRuntime? Runtime { get; set; }
    }
}
