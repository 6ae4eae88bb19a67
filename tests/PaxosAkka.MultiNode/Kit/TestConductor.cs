using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Remote;
using Akka.Remote.Transport;
using PaxosAkka.Node.Hosting;

namespace PaxosAkka.MultiNode.Kit;

/// <summary>
/// Fault injection between a spec's nodes, after Akka's TestConductor: links between two in-process nodes are cut,
/// throttled and healed through Akka.Remote's transport adapters, driven by their public management commands on both
/// ends; child-process nodes are SIGKILLed. A cut blackholes the link in the throttler (<c>trttl</c>: whatever is in
/// flight on an existing association is dropped) and makes the failure injector (<c>gremlin</c>) fail every new
/// association at once (without it a new association's handshake would vanish into the black hole and hold the link
/// for Akka's 15 s handshake timeout after the heal). A heal lets both through again and drops the associations that
/// lived through the cut, as a real partition's end would find them reset, so the nodes associate afresh at once.
/// The conductor remembers each link's mode and applies it again to a node's fresh actor system (after a downing), so
/// a cut holds until it is healed.
/// </summary>
public sealed class TestConductor
{
    private readonly MultiNodeSpec _spec;
    private readonly ConcurrentDictionary<(RoleName, RoleName), ThrottleMode> _links = new();

    internal TestConductor(MultiNodeSpec spec)
    {
        _spec = spec;
    }

    /// <summary>Drops everything between <paramref name="a"/> and <paramref name="b"/>, both ways.</summary>
    public Task BlackholeAsync(RoleName a, RoleName b) => SetLinkAsync(a, b, Blackhole.Instance);

    /// <summary>Lets everything between <paramref name="a"/> and <paramref name="b"/> through again.</summary>
    public Task PassThroughAsync(RoleName a, RoleName b) => SetLinkAsync(a, b, Unthrottled.Instance);

    /// <summary>Limits the link between <paramref name="a"/> and <paramref name="b"/> to <paramref name="bytesPerSecond"/> each way.</summary>
    public Task ThrottleAsync(RoleName a, RoleName b, double bytesPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytesPerSecond);

        // As Akka's conductor does: a small bucket (1000 bytes) so bursts cannot outrun the rate; a larger message
        // still passes once tokens are available and leaves the bucket in debt.
        return SetLinkAsync(a, b, new TokenBucket(capacity: 1000, tokensPerSecond: bytesPerSecond, nanoTimeOfLastSend: 0, availableTokens: 0));
    }

    /// <summary>Cuts every link between a node of <paramref name="side"/> and a node of <paramref name="other"/>.</summary>
    public async Task PartitionAsync(IReadOnlyCollection<RoleName> side, IReadOnlyCollection<RoleName> other)
    {
        ArgumentNullException.ThrowIfNull(side);
        ArgumentNullException.ThrowIfNull(other);
        foreach (var a in side)
        {
            foreach (var b in other)
            {
                await BlackholeAsync(a, b).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Lets every link the conductor ever changed through again.</summary>
    public async Task HealAsync()
    {
        foreach (var (a, b) in _links.Keys.ToList())
        {
            await PassThroughAsync(a, b).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// SIGKILLs <paramref name="role"/>'s node (child-process hosting only: an in-process node cannot die without its
    /// test process). The role leaves the spec: barriers stop waiting for it and its body is cancelled.
    /// </summary>
    public async Task KillAsync(RoleName role)
    {
        if (_spec.Node(role) is not ChildProcessNodeHost child)
        {
            throw new NotSupportedException($"{role} runs in-process: only a child-process node can be SIGKILLed (use NodeHosting.ChildProcess)");
        }

        _spec.Leave(role);
        await child.KillAsync().ConfigureAwait(false);
        _spec.Log.Write(null, $"{role} SIGKILLed");
    }

    /// <summary>Stops <paramref name="role"/>'s node cleanly; the role leaves the spec.</summary>
    public async Task ShutdownAsync(RoleName role)
    {
        _spec.Leave(role);
        await _spec.Node(role).StopAsync().ConfigureAwait(false);
        _spec.Log.Write(null, $"{role} shut down");
    }

    /// <summary>Applies every remembered link mode of <paramref name="host"/> to its fresh runtime.</summary>
    internal void OnRuntimeStarted(InProcessNodeHost host, PaxosNodeRuntime runtime)
    {
        foreach (var ((a, b), mode) in _links)
        {
            if (a == host.Role || b == host.Role)
            {
                var peer = a == host.Role ? b : a;
                _ = ApplyAsync(runtime.System, host.Role, peer, mode).ContinueWith(
                    t => _spec.Log.Write(host.Role, $"re-applying the link to {peer} failed: {t.Exception?.GetBaseException().Message}"),
                    CancellationToken.None,
                    TaskContinuationOptions.OnlyOnFaulted,
                    TaskScheduler.Default);
            }
        }
    }

    private async Task SetLinkAsync(RoleName a, RoleName b, ThrottleMode mode)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a == b)
        {
            throw new ArgumentException("a link joins two different nodes", nameof(b));
        }

        var key = string.CompareOrdinal(a.Name, b.Name) < 0 ? (a, b) : (b, a);
        _links[key] = mode;

        // Both ends: each end's throttler then holds the link whoever opened the connection, and a fresh actor system
        // at one end (a downed node restarting) stays cut by the other end until the heal.
        await Task.WhenAll(ApplyOnEndAsync(a, b, mode), ApplyOnEndAsync(b, a, mode)).ConfigureAwait(false);
        _spec.Log.Write(null, $"link {a} <-> {b}: {Describe(mode)}");
    }

    private Task ApplyOnEndAsync(RoleName self, RoleName peer, ThrottleMode mode)
    {
        if (_spec.Node(self) is not InProcessNodeHost host)
        {
            throw new NotSupportedException($"{self} runs in a child process: links can only be controlled between in-process nodes");
        }

        return host.IsRunning ? ApplyAsync(host.System, self, peer, mode) : Task.CompletedTask;
    }

    private async Task ApplyAsync(ActorSystem system, RoleName self, RoleName peer, ThrottleMode mode)
    {
        var transport = ((IRemoteActorRefProvider)((ExtendedActorSystem)system).Provider).Transport;
        var node = _spec.Node(peer).Node;

        // Both adapters key links by host and port only (they strip protocol and system name).
        var address = new Address(transport.DefaultAddress.Protocol, PaxosNodeRuntime.SystemName, SpecNode.Host, node.RemotePort);
        FailureInjectorTransportAdapter.IGremlinMode gremlin = mode is Blackhole
            ? new FailureInjectorTransportAdapter.Drop(outboundDropP: 1.0, inboundDropP: 1.0)
            : FailureInjectorTransportAdapter.PassThru.Instance;
        await CommandAsync(transport, new SetThrottle(address, ThrottleTransportAdapter.Direction.Both, mode), self, peer).ConfigureAwait(false);
        await CommandAsync(transport, new FailureInjectorTransportAdapter.One(address, gremlin), self, peer).ConfigureAwait(false);
        if (mode is Unthrottled)
        {
            await CommandAsync(transport, new ForceDisassociate(address), self, peer).ConfigureAwait(false);
        }
    }

    private static async Task CommandAsync(RemoteTransport transport, object command, RoleName self, RoleName peer)
    {
        if (!await transport.ManagementCommand(command).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"{self}'s transport refused {command.GetType().Name} towards {peer}; are the trttl and gremlin adapters applied?");
        }
    }

    private static string Describe(ThrottleMode mode) => mode switch
    {
        Blackhole => "cut",
        Unthrottled => "healed",
        TokenBucket => "throttled",
        _ => mode.GetType().Name,
    };
}
