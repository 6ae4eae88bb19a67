using PaxosAkka.Node.Assignment;
using PaxosAkka.Node.Client;
using PaxosAkka.Node.Store;
using PaxosAkka.Node.Tests.Http;

namespace PaxosAkka.Node.Tests.Assignment;

public sealed class RoleAssignmentPolicyTests
{
    private static readonly AssignmentTargets Targets = new(Proposers: 3, Learners: 2, Stores: 3);

    [Fact]
    public void First_assignment_spreads_roles_over_the_live_auto_nodes_least_loaded_then_lowest_id()
    {
        var next = RoleAssignmentPolicy.Next(RoleAssignment.Empty, [1, 2, 3, 4, 5, 6, 7, 8], Alive(1, 2, 3, 4, 5, 6, 7, 8), Targets);

        Assert.Equal(1, next.Revision);
        Assert.Equal([1, 2, 3], next.Proposers.ToArray());
        Assert.Equal([4, 5], next.Learners.ToArray());
        Assert.Equal([6, 7, 8], next.Stores.ToArray());
    }

    [Fact]
    public void Dead_and_non_auto_nodes_get_nothing()
    {
        var next = RoleAssignmentPolicy.Next(RoleAssignment.Empty, [2, 4, 6, 8, 10, 12, 14, 16], Alive(2, 4, 6, 10, 12, 14, 16, 1, 3), Targets);

        Assert.DoesNotContain(8, next.Proposers.Concat(next.Learners).Concat(next.Stores));
        Assert.All(next.Proposers.Concat(next.Learners).Concat(next.Stores), id => Assert.True(id % 2 == 0));
    }

    [Fact]
    public void Assignment_is_stable_when_nothing_changes_even_if_ids_would_sort_differently()
    {
        var previous = new RoleAssignment(7, [5, 6, 7], [3, 4], [1, 2, 8]);
        var next = RoleAssignmentPolicy.Next(previous, [1, 2, 3, 4, 5, 6, 7, 8], Alive(1, 2, 3, 4, 5, 6, 7, 8), Targets);

        Assert.Same(previous, next);
        Assert.Equal(7, next.Revision);
    }

    [Fact]
    public void A_dead_holder_is_replaced_by_a_live_node_and_everyone_else_keeps_their_roles()
    {
        var previous = new RoleAssignment(3, [1, 2, 3], [4, 5], [6, 7, 8]);
        var next = RoleAssignmentPolicy.Next(previous, [1, 2, 3, 4, 5, 6, 7, 8, 9], Alive(1, 3, 4, 5, 6, 7, 8, 9), Targets);

        Assert.Equal(4, next.Revision);
        Assert.Equal([1, 3, 9], next.Proposers.ToArray());
        Assert.Equal([4, 5], next.Learners.ToArray());
        Assert.Equal([6, 7, 8], next.Stores.ToArray());
    }

    [Fact]
    public void With_fewer_auto_nodes_than_roles_nodes_hold_several_roles_and_no_role_goes_to_a_node_twice()
    {
        var next = RoleAssignmentPolicy.Next(RoleAssignment.Empty, [1, 2], Alive(1, 2), Targets);

        Assert.Equal([1, 2], next.Proposers.ToArray());
        Assert.Equal([1, 2], next.Learners.ToArray());
        Assert.Equal([1, 2], next.Stores.ToArray());
        Assert.Equal(["proposer", "learner", "store"], next.RolesOf(1).ToArray());
    }

    [Fact]
    public void When_every_auto_node_is_dead_nothing_is_assigned_and_a_returning_node_gets_roles_back()
    {
        var previous = new RoleAssignment(2, [1], [1], [1]);
        var empty = RoleAssignmentPolicy.Next(previous, [1], Alive(), Targets);
        Assert.Equal(3, empty.Revision);
        Assert.Empty(empty.Proposers);

        var back = RoleAssignmentPolicy.Next(empty, [1], Alive(1), Targets);
        Assert.Equal(4, back.Revision);
        Assert.Equal([1], back.Stores.ToArray());
    }

    [Fact]
    public void Assignment_round_trips_through_its_log_form_and_garbage_is_refused()
    {
        var assignment = new RoleAssignment(12, [1, 9], [], [3]);
        var decoded = RoleAssignmentCodec.TryDecode(RoleAssignmentCodec.Encode(assignment));
        Assert.NotNull(decoded);
        Assert.True(decoded.SameRolesAs(assignment));
        Assert.Equal(12, decoded.Revision);
        Assert.Null(RoleAssignmentCodec.TryDecode("roles-assignment/1 revision=x proposer=- learner=- store=-"u8));
        Assert.Null(RoleAssignmentCodec.TryDecode("hello"u8));
    }

    [Fact]
    public async Task Leader_records_the_assignment_through_the_log_and_reassigns_after_a_death()
    {
        var kv = new FakeKvService { Status = new PaxosStatus(1, 1, "(1.1)", 0, 0, new Dictionary<string, object>()), Cluster = Cluster(dead: []) };
        var coordinator = new AssignmentCoordinator(kv, new AssignmentTargets(2, 1, 2));

        var first = await coordinator.RunOnceAsync(CancellationToken.None);
        Assert.NotNull(first);
        Assert.Equal(1, first.Revision);
        Assert.Equal([2, 3], first.Proposers.ToArray());
        var (recorded, _) = await coordinator.ReadAsync(CancellationToken.None);
        Assert.True(recorded.SameRolesAs(first));

        // Nothing changed: a read and no write.
        int writes = kv.Received.Count(r => r.Command is KvCasCommand);
        var unchanged = await coordinator.RunOnceAsync(CancellationToken.None);
        Assert.NotNull(unchanged);
        Assert.Equal(first.Revision, unchanged.Revision);
        Assert.True(unchanged.SameRolesAs(first));
        Assert.Equal(writes, kv.Received.Count(r => r.Command is KvCasCommand));

        // Node 3 dies: its roles move; the revision grows.
        kv.Cluster = Cluster(dead: [3]);
        var second = await coordinator.RunOnceAsync(CancellationToken.None);
        Assert.NotNull(second);
        Assert.Equal(2, second.Revision);
        Assert.DoesNotContain(3, second.Proposers.Concat(second.Learners).Concat(second.Stores));
    }

    [Fact]
    public async Task A_node_that_does_not_lead_assigns_nothing()
    {
        var kv = new FakeKvService { Status = new PaxosStatus(2, 1, "(1.1)", 0, 0, new Dictionary<string, object>()), Cluster = Cluster(dead: []) };
        Assert.Null(await new AssignmentCoordinator(kv, new AssignmentTargets()).RunOnceAsync(CancellationToken.None));
        Assert.Empty(kv.Received);
    }

    private static HashSet<int> Alive(params int[] ids) => [.. ids];

    /// <summary>Node 1 is a fixed acceptor+proposer; nodes 2-5 are auto.</summary>
    private static ClusterStatus Cluster(int[] dead) => new(
        [
            new MemberStatus(1, ["proposer", "acceptor"], "up", true, "http://127.0.0.1:1"),
            .. Enumerable.Range(2, 4).Select(id => new MemberStatus(id, ["acceptor", "auto"], dead.Contains(id) ? "unreachable" : "up", !dead.Contains(id), $"http://127.0.0.1:{id}")),
        ],
        1);
}
