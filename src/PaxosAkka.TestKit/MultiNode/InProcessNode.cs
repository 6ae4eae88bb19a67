using Microsoft.Extensions.Logging;
using PaxosAkka.Actors;
using PaxosAkka.Cluster;
using PaxosAkka.Hocon;
using PaxosAkka.Remote;
using PaxosAkka.Remote.Transport;

namespace PaxosAkka.TestKit.MultiNode;

/// <summary>
/// A cluster node in this process: an actor system with remoting on real loopback TCP, behind a
/// <see cref="FaultInjectingTransport"/> so the conductor can cut, slow or crash its network.
/// </summary>
public sealed class InProcessNode : NodeHandle
{
    private InProcessNode(RoleName role, Cluster.Cluster cluster, FaultInjectingTransport transport)
        : base(role, cluster.SelfAddress, cluster.SelfUniqueAddress.Uid)
    {
        Cluster = cluster;
        Transport = transport;
    }

    public ActorSystem System => Cluster.System;

    public Cluster.Cluster Cluster { get; }

    /// <summary>The fault layer in this node's remoting path.</summary>
    public FaultInjectingTransport Transport { get; }

    public override bool HasStopped => System.WhenTerminated.IsCompleted;

    /// <summary>Completes once remoting shut down and released the port (some time after <see cref="HasStopped"/>).</summary>
    public Task WhenPortReleased => Remoting.Get(System).WhenStopped;

    /// <summary>
    /// Starts a node from HOCON <paramref name="config"/> (which sets <c>paxos.remote</c> hostname, port and
    /// secret and the cluster timings). Port 0 picks a free port. <paramref name="faultClock"/> times throttles
    /// (tests of the fault layer pass a manual one).
    /// </summary>
    public static async Task<InProcessNode> StartAsync(
        RoleName role,
        string config,
        string systemName = "paxos",
        ILoggerFactory? loggerFactory = null,
        TimeProvider? faultClock = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(role);
        ArgumentNullException.ThrowIfNull(config);
        var parsed = ConfigurationFactory.ParseString(config, $"multi-node-{role}.conf");
        var settings = RemoteSettings.FromConfig(parsed);
        var transport = new FaultInjectingTransport(
            new TcpTransport(settings.MaximumFrameSize, loggerFactory?.CreateLogger<TcpTransport>()), new FaultRules(), faultClock);
        var setup = new ActorSystemSetup { Config = parsed, LoggerFactory = loggerFactory };
        var system = await Remoting.CreateSystemAsync(systemName, setup, settings, transport: transport, cancellationToken: cancellationToken);
        return new InProcessNode(role, PaxosAkka.Cluster.Cluster.Get(system), transport);
    }

    public override Task<ClusterView> ViewAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(HasStopped ? ClusterView.Gone(Address, Uid) : ClusterView.Of(Cluster));

    public override Task JoinSeedNodesAsync(IReadOnlyList<NodeAddress> seeds, CancellationToken cancellationToken = default)
    {
        Cluster.JoinSeedNodes(seeds);
        return Task.CompletedTask;
    }

    public override Task DownAsync(NodeAddress address, CancellationToken cancellationToken = default)
    {
        Cluster.Down(address);
        return Task.CompletedTask;
    }

    public override Task SetFaultAsync(string first, string second, FaultDirection direction, LinkFault? fault, CancellationToken cancellationToken = default)
    {
        if (fault is null)
        {
            Transport.Rules.Clear(first, second, direction);
        }
        else
        {
            Transport.Rules.Set(first, second, direction, fault);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Cuts every connection first, so the cluster hears nothing more from this node (no leave, no last gossip),
    /// then stops the actor system and waits until the port is released.
    /// </summary>
    public override async Task ExitAsync()
    {
        Transport.Abort();
        await StopAsync();
    }

    public override async Task ShutdownAsync(CancellationToken cancellationToken = default)
    {
        if (HasStopped)
        {
            return;
        }

        if (Cluster.SelfMember is null)
        {
            await StopAsync(); // Never joined: there is no cluster to leave.
            return;
        }

        Cluster.Leave(Cluster.SelfAddress);
        await System.WhenTerminated.WaitAsync(cancellationToken);
        await Remoting.Get(System).WhenStopped.WaitAsync(cancellationToken);
    }

    public override async ValueTask DisposeAsync() => await StopAsync();

    private async Task StopAsync()
    {
        await System.Terminate();
        await Remoting.Get(System).WhenStopped;
    }
}
