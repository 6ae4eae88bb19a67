using System.Collections.Immutable;
using PaxosAkka.Node.Configuration;

namespace PaxosAkka.Node.Replication;

/// <summary>How chosen slots reach the stores.</summary>
public enum StoreReplicationMode
{
    /// <summary>
    /// Every learner feeds the store of its own node, which answers the clients of its node (the default
    /// topology: every role on every node; no cross-node traffic beyond Paxos itself).
    /// </summary>
    Local,

    /// <summary>
    /// Stores run on nodes of their own (reference system 004): the coordinating learner drives two-phase commit
    /// over all available stores and sends the answers to the nodes that took the requests.
    /// </summary>
    TwoPhaseCommit,
}

/// <summary>Who learns, who stores and who serves clients, and so which replication mode applies.</summary>
/// <param name="Mode">The replication mode.</param>
/// <param name="Learners">Learner node ids, ascending (the lowest live one coordinates).</param>
/// <param name="Stores">Store node ids, ascending.</param>
/// <param name="ClientNodes">Nodes that take client requests (every member runs the HTTP API).</param>
public sealed record ReplicationTopology(StoreReplicationMode Mode, ImmutableArray<int> Learners, ImmutableArray<int> Stores, ImmutableArray<int> ClientNodes)
{
    /// <summary>
    /// Derives the mode from the member list: local when every learner node also runs a store and every store
    /// node a learner (each store is then fed by its own learner); two-phase commit as soon as the roles are
    /// split (a store with no learner beside it would otherwise never be fed, and a learner with no store would
    /// feed nothing).
    /// </summary>
    public static ReplicationTopology For(IEnumerable<MemberSettings> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var list = members.ToList();
        ImmutableArray<int> learners = [.. list.Where(m => m.Has(NodeRoles.Learner)).Select(m => m.Id).Order()];
        ImmutableArray<int> stores = [.. list.Where(m => m.Has(NodeRoles.Store)).Select(m => m.Id).Order()];
        bool local = learners.SequenceEqual(stores);
        return new ReplicationTopology(
            local ? StoreReplicationMode.Local : StoreReplicationMode.TwoPhaseCommit,
            learners,
            stores,
            [.. list.Select(m => m.Id).Order()]);
    }

    /// <summary>
    /// The learner that should coordinate as <paramref name="self"/> sees it: the lowest-id learner among itself
    /// and the learners its failure detector holds reachable. Two learners may both believe they coordinate for
    /// a moment (a false suspicion, or start-up before the first heartbeats); that costs duplicate messages, never
    /// safety (see <see cref="TwoPhaseCoordinator"/>).
    /// </summary>
    public static int CoordinatingLearner(int self, IEnumerable<int> learners, Func<int, bool> reachable)
    {
        ArgumentNullException.ThrowIfNull(learners);
        ArgumentNullException.ThrowIfNull(reachable);
        return learners.Where(l => l == self || reachable(l)).DefaultIfEmpty(self).Min();
    }
}
