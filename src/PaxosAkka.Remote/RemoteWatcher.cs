using PaxosAkka.Actors;
using PaxosAkka.Actors.Internal;
using PaxosAkka.Remote.Handshake;

namespace PaxosAkka.Remote;

/// <summary>
/// Remembers which local actors watch which remote actors, so that when a whole node is gone (the
/// association stayed down past node-loss-timeout, its incarnation was quarantined or replaced by a restart,
/// or the cluster's failure detector says so through <see cref="NodeUnreachable"/>) every watcher still gets
/// its <see cref="Terminated"/>, with <c>AddressTerminated = true</c>.
/// </summary>
public sealed class RemoteWatcher
{
    private readonly Lock _gate = new();
    private readonly Dictionary<RemoteAddress, HashSet<(IActorRef Watchee, IInternalActorRef Watcher)>> _watches = [];

    /// <summary>
    /// The failure detector's verdict: <paramref name="node"/> is gone. Fires Terminated (address terminated) for
    /// every watch on it. The cluster calls this when it downs or removes a member.
    /// </summary>
    public void NodeUnreachable(RemoteAddress node)
    {
        ArgumentNullException.ThrowIfNull(node);
        List<(IActorRef Watchee, IInternalActorRef Watcher)> fired;
        lock (_gate)
        {
            if (!_watches.Remove(node, out var set))
            {
                return;
            }

            fired = [.. set];
        }

        foreach (var (watchee, watcher) in fired)
        {
            watcher.SendSystemMessage(new DeathWatchNotification(watchee, ExistenceConfirmed: false, AddressTerminated: true));
        }
    }

    /// <summary>Same as <see cref="NodeUnreachable(RemoteAddress)"/> for a runtime address.</summary>
    public void NodeUnreachable(Address node) => NodeUnreachable(RemoteAddress.FromAddress(node));

    /// <summary>Number of remote watches held, for tests and diagnostics.</summary>
    public int WatchCount
    {
        get
        {
            lock (_gate)
            {
                return _watches.Values.Sum(s => s.Count);
            }
        }
    }

    internal void Add(RemoteActorRef watchee, IInternalActorRef watcher)
    {
        lock (_gate)
        {
            if (!_watches.TryGetValue(watchee.Node, out var set))
            {
                set = [];
                _watches[watchee.Node] = set;
            }

            set.Add((watchee, watcher));
        }
    }

    internal void Remove(RemoteActorRef watchee, IActorRef watcher)
    {
        lock (_gate)
        {
            if (_watches.TryGetValue(watchee.Node, out var set))
            {
                set.RemoveWhere(w => w.Watchee.Equals(watchee) && w.Watcher.Equals(watcher));
            }
        }
    }

    internal void OnIncarnationEnded(NodeIdentity identity) => NodeUnreachable(identity.Address);
}
