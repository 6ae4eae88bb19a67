using PaxosAkka.Remote.Transport;

namespace PaxosAkka.TestKit.MultiNode;

/// <summary>
/// Akka's multi-node TestConductor over the nodes of a <see cref="MultiNodeSpec"/>: cuts, throttles and heals the
/// links between nodes at the remoting layer (real TCP connections stay open, frames vanish or are delayed), and
/// crashes or stops nodes. Every link rule goes to both nodes of the link, since each node's fault layer filters
/// the connections it opened itself.
/// </summary>
public sealed class TestConductor
{
    private readonly MultiNodeSpec _spec;

    internal TestConductor(MultiNodeSpec spec) => _spec = spec;

    /// <summary>
    /// Drops every frame from <paramref name="a"/> to <paramref name="b"/> (<see cref="FaultDirection.Send"/>), the
    /// reverse, or both. Like a real one-way cut, a one-way blackhole also stops new associations between the two
    /// (their handshake needs both ways); associations already formed keep carrying the other direction.
    /// </summary>
    public Task BlackholeAsync(RoleName a, RoleName b, FaultDirection direction = FaultDirection.Both) =>
        SetAsync(a, b, direction, LinkFault.Blackhole);

    /// <summary>Removes blackholes and throttles of the link in <paramref name="direction"/>.</summary>
    public Task PassThroughAsync(RoleName a, RoleName b, FaultDirection direction = FaultDirection.Both) =>
        SetAsync(a, b, direction, fault: null);

    /// <summary>Holds every batch of frames back by <paramref name="delay"/> plus its size at <paramref name="bytesPerSecond"/> (0 = no rate limit).</summary>
    public Task ThrottleAsync(RoleName a, RoleName b, FaultDirection direction, TimeSpan delay, long bytesPerSecond = 0) =>
        SetAsync(a, b, direction, LinkFault.Throttle(delay, bytesPerSecond));

    /// <summary>Blackholes every link between the two sides, both ways: a network partition.</summary>
    public async Task PartitionAsync(IEnumerable<RoleName> sideA, IEnumerable<RoleName> sideB)
    {
        foreach (var (a, b) in Pairs(sideA, sideB))
        {
            await BlackholeAsync(a, b);
        }
    }

    /// <summary>Heals what <see cref="PartitionAsync"/> cut.</summary>
    public async Task HealAsync(IEnumerable<RoleName> sideA, IEnumerable<RoleName> sideB)
    {
        foreach (var (a, b) in Pairs(sideA, sideB))
        {
            await PassThroughAsync(a, b);
        }
    }

    /// <summary>Crashes the node: SIGKILL for a child process, an abrupt network cut then stop in process.</summary>
    public async Task ExitAsync(RoleName role)
    {
        var node = _spec.Handle(role);
        _spec.Barriers.Remove(role);
        await node.ExitAsync();
    }

    /// <summary>Stops the node gracefully: it leaves the cluster and then stops.</summary>
    public async Task ShutdownAsync(RoleName role, CancellationToken cancellationToken = default)
    {
        var node = _spec.Handle(role);
        _spec.Barriers.Remove(role);
        await node.ShutdownAsync(cancellationToken);
    }

    private async Task SetAsync(RoleName a, RoleName b, FaultDirection direction, LinkFault? fault)
    {
        var first = _spec.Handle(a);
        var second = _spec.Handle(b);
        foreach (var node in new[] { first, second }.Where(n => !n.HasStopped))
        {
            await node.SetFaultAsync(first.Endpoint, second.Endpoint, direction, fault);
        }
    }

    private static IEnumerable<(RoleName, RoleName)> Pairs(IEnumerable<RoleName> sideA, IEnumerable<RoleName> sideB)
    {
        ArgumentNullException.ThrowIfNull(sideA);
        ArgumentNullException.ThrowIfNull(sideB);
        var b = sideB.ToArray();
        return sideA.SelectMany(a => b.Select(other => (a, other)));
    }
}
