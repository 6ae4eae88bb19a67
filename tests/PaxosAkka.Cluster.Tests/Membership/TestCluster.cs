using System.Collections.Immutable;

namespace PaxosAkka.Cluster.Tests.Membership;

/// <summary>
/// Several nodes' membership states driven by hand: full gossip rounds between nodes that can reach each other,
/// leader actions, partitions and crashes. Deterministic (nodes act in address order), no actors, no time.
/// </summary>
internal sealed class TestCluster
{
    private readonly SortedDictionary<UniqueAddress, MembershipState> _states = [];
    private readonly HashSet<(UniqueAddress, UniqueAddress)> _cut = [];
    private readonly HashSet<UniqueAddress> _crashed = [];

    public TimeSpan Now { get; set; } = TimeSpan.FromHours(1);

    public ISet<UniqueAddress> ExitingConfirmed { get; } = new HashSet<UniqueAddress>();

    public MembershipState this[UniqueAddress node] => _states[node];

    public IEnumerable<UniqueAddress> Running => _states.Keys.Where(n => !_crashed.Contains(n));

    /// <summary>A cluster formed by the first node with all others joined through it and converged.</summary>
    public static TestCluster Formed(params UniqueAddress[] nodes)
    {
        var cluster = new TestCluster();
        cluster.Start(nodes[0]);
        cluster.Set(nodes[0], cluster[nodes[0]].FormCluster());
        cluster.Converge();
        foreach (var node in nodes.Skip(1))
        {
            cluster.Start(node);
            Assert.Equal(JoinOutcome.Added, cluster.Join(node, nodes[0]));
        }

        cluster.Converge();
        return cluster;
    }

    public void Start(UniqueAddress node)
    {
        _states[node] = MembershipState.Initial(node);
        _crashed.Remove(node);
    }

    public void Set(UniqueAddress node, MembershipState state) => _states[node] = state;

    /// <summary>The contact admits the joiner; on success the joiner adopts the contact's gossip.</summary>
    public JoinOutcome Join(UniqueAddress joiner, UniqueAddress contact, IEnumerable<string>? roles = null)
    {
        var result = _states[contact].Join(joiner, roles);
        _states[contact] = result.State;
        if (result.Outcome is JoinOutcome.Added or JoinOutcome.AlreadyMember)
        {
            _states[joiner] = _states[joiner].Welcome(result.State.Latest);
        }

        return result.Outcome;
    }

    public bool CanTalk(UniqueAddress a, UniqueAddress b) =>
        !_crashed.Contains(a) && !_crashed.Contains(b) && !_cut.Contains((a, b)) && !_cut.Contains((b, a));

    /// <summary>Cuts every link between the two sides.</summary>
    public void Partition(IEnumerable<UniqueAddress> sideA, IEnumerable<UniqueAddress> sideB)
    {
        foreach (var a in sideA)
        {
            foreach (var b in sideB)
            {
                _cut.Add((a, b));
            }
        }
    }

    public void Heal() => _cut.Clear();

    /// <summary>The node stops: no gossip to or from it, and other detectors suspect it.</summary>
    public void Crash(UniqueAddress node) => _crashed.Add(node);

    /// <summary>Each running node records what a perfect failure detector would say now.</summary>
    public void DetectFailures()
    {
        foreach (var node in Running.ToList())
        {
            _states[node] = _states[node].ReapUnreachable(other => CanTalk(node, other)).State;
        }
    }

    /// <summary>Every running node sends its gossip to every node it can reach.</summary>
    public void GossipRound()
    {
        foreach (var from in Running.ToList())
        {
            foreach (var to in Running.Where(n => n != from && CanTalk(from, n)).ToList())
            {
                _states[to] = _states[to].ReceiveGossip(_states[from].Latest, from).State;
            }
        }
    }

    /// <summary>Every running node runs its leader actions (only the leader with convergence acts).</summary>
    public void LeaderActions()
    {
        foreach (var node in Running.ToList())
        {
            _states[node] = _states[node].LeaderActions(ExitingConfirmed.ToImmutableHashSet(), Now).State;
        }
    }

    /// <summary>Gossip, detect and lead until nothing changes any more.</summary>
    public void Converge(int maxRounds = 50)
    {
        for (var round = 0; round < maxRounds; round++)
        {
            var before = Fingerprint();
            DetectFailures();
            GossipRound();
            LeaderActions();
            if (Fingerprint() == before)
            {
                return;
            }
        }

        throw new InvalidOperationException($"no fixed point after {maxRounds} rounds:\n{Fingerprint()}");
    }

    public MemberStatus? StatusOf(UniqueAddress observer, UniqueAddress node) => _states[observer].Latest.Member(node)?.Status;

    private string Fingerprint() => string.Join("\n", Running.Select(n => $"{n}: {_states[n].Latest}"));
}
