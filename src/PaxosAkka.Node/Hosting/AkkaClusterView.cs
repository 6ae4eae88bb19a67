using Akka.Actor;
using PaxosAkka.Node.Client;
using PaxosAkka.Node.Configuration;

namespace PaxosAkka.Node.Hosting;

/// <summary>Where <see cref="PaxosKvService"/> reads cluster membership from (Akka.Cluster on a real node).</summary>
public interface IClusterMembership
{
    /// <summary>The current membership as this node sees it.</summary>
    ClusterMembershipView Snapshot();
}

/// <summary>
/// Akka.Cluster's view, read from <c>Cluster.State</c>: an immutable snapshot Akka publishes for exactly this kind of
/// reader, so no actor's fields are shared. Akka addresses map to Paxos node ids through the member list. Akka keeps a
/// member's up-number internal; the view reports its rank by age instead (1 = the oldest, Akka's own ordering).
/// </summary>
public sealed class AkkaClusterView(ActorSystem system, NodeSettings settings) : IClusterMembership
{
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(system);
    private readonly Dictionary<(string, int), int> _ids = settings.Members.ToDictionary(m => (m.Host, m.RemotePort), m => m.Id);

    /// <inheritdoc />
    public ClusterMembershipView Snapshot()
    {
        var state = _cluster.State;
        var unreachable = state.Unreachable.Select(m => m.UniqueAddress).ToHashSet();
        var all = state.Members.ToList();
        var members = all
            .Select(m => new ClusterMemberView(
                m.Address.ToString(),
                IdOf(m.Address),
                [.. m.Roles.Order(StringComparer.Ordinal)],
                m.Status.ToString(),
                !unreachable.Contains(m.UniqueAddress),
                1 + all.Count(other => other.IsOlderThan(m))))
            .ToList();
        return new ClusterMembershipView(_cluster.SelfAddress.ToString(), state.Leader?.ToString(), members);
    }

    private int? IdOf(Address address) =>
        address.Host is { } host && address.Port is int port && _ids.TryGetValue((host, port), out int id) ? id : null;
}
