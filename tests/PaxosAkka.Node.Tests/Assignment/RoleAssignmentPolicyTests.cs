using PaxosAkka.Node.Assignment;
using PaxosAkka.Node.Client;
using PaxosAkka.Node.Store;
using PaxosAkka.Node.Tests.Http;

namespace PaxosAkka.Node.Tests.Assignment;

public sealed class RoleAssignmentPolicyTests
{
    private static readonly AssignmentTargets Targets = new(Replicas: 3);

    [Fact]
    public void First_assignment_makes_the_leader_and_the_lowest_live_auto_nodes_serving_replicas()
    {
        var next = RoleAssignmentPolicy.Next(RoleAssignment.Empty, [1, 2, 3, 4, 5], Alive(1, 2, 3, 4, 5), Targets, leader: 5);

        Assert.Equal(1, next.Revision);
        Assert.Equal([1, 2, 5], next.Proposers.ToArray());
        Assert.Equal(next.Proposers.ToArray(), next.Learners.ToArray());
        Assert.Equal(next.Proposers.ToArray(), next.Stores.ToArray());
        Assert.Equal(["proposer", "learner", "store"], next.RolesOf(5).ToArray());
        Assert.Empty(next.RolesOf(4));
    }

    [Fact]
    public void Dead_and_non_auto_nodes_get_nothing()
    {
        var next = RoleAssignmentPolicy.Next(RoleAssignment.Empty, [2, 4, 6, 8], Alive(1, 3, 4, 6, 8), Targets);

        Assert.Equal([4, 6, 8], next.Stores.ToArray());
        Assert.DoesNotContain(2, next.Proposers);
    }

    [Fact]
    public void Assignment_is_stable_when_nothing_changes_even_if_ids_would_sort_differently()
    {
        var previous = new RoleAssignment(7, [3, 4, 5], [3, 4, 5], [3, 4, 5]);
        var next = RoleAssignmentPolicy.Next(previous, [1, 2, 3, 4, 5], Alive(1, 2, 3, 4, 5), Targets, leader: 5);

        Assert.Same(previous, next);
        Assert.Equal(7, next.Revision);
    }

    [Fact]
    public void A_dead_holder_is_replaced_by_the_lowest_live_spare_and_the_other_holders_keep_their_roles()
    {
        var previous = new RoleAssignment(3, [1, 2, 5], [1, 2, 5], [1, 2, 5]);
        var next = RoleAssignmentPolicy.Next(previous, [1, 2, 3, 4, 5], Alive(2, 3, 4, 5), Targets, leader: 5);

        Assert.Equal(4, next.Revision);
        Assert.Equal([2, 3, 5], next.Proposers.ToArray());
        Assert.Equal([2, 3, 5], next.Stores.ToArray());
    }

    [Fact]
    public void A_new_leader_outside_the_assignment_takes_the_place_of_the_dead_leader()
    {
        var previous = new RoleAssignment(4, [2, 3, 5], [2, 3, 5], [2, 3, 5]);
        var next = RoleAssignmentPolicy.Next(previous, [1, 2, 3, 4, 5], Alive(1, 2, 3, 4), Targets, leader: 4);

        Assert.Equal([2, 3, 4], next.Learners.ToArray());
        Assert.Equal(5, next.Revision);
    }

    [Fact]
    public void The_leader_is_always_a_replica_even_when_the_holders_are_all_alive()
    {
        // A restarted node with the highest id wins the Bully election again: it must hold the roles it leads with.
        var previous = new RoleAssignment(5, [2, 3, 4], [2, 3, 4], [2, 3, 4]);
        var next = RoleAssignmentPolicy.Next(previous, [1, 2, 3, 4, 5], Alive(1, 2, 3, 4, 5), Targets, leader: 5);

        Assert.Equal(3, next.Proposers.Length);
        Assert.Contains(5, next.Proposers);
        Assert.Equal([2, 3, 5], next.Stores.ToArray());
    }

    [Fact]
    public void An_assignment_written_by_the_split_rule_is_brought_to_replicas_keeping_its_holders_first()
    {
        var previous = new RoleAssignment(2, [1], [2], [3]);
        var next = RoleAssignmentPolicy.Next(previous, [1, 2, 3, 4], Alive(1, 2, 3, 4), Targets);

        Assert.Equal([1, 2, 3], next.Proposers.ToArray());
        Assert.Equal([1, 2, 3], next.Stores.ToArray());
        Assert.Equal(3, next.Revision);
    }

    [Fact]
    public void With_fewer_auto_nodes_than_replicas_every_live_auto_node_serves()
    {
        var next = RoleAssignmentPolicy.Next(RoleAssignment.Empty, [1, 2], Alive(1, 2), Targets);

        Assert.Equal([1, 2], next.Proposers.ToArray());
        Assert.Equal([1, 2], next.Stores.ToArray());
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
    public void A_leader_that_is_not_an_auto_node_is_not_assigned_anything()
    {
        var next = RoleAssignmentPolicy.Next(RoleAssignment.Empty, [2, 3], Alive(1, 2, 3), Targets, leader: 1);

        Assert.Equal([2, 3], next.Proposers.ToArray());
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
        var announced = new List<RoleAssignment>();
        var coordinator = new AssignmentCoordinator(kv, new AssignmentTargets(2), announced.Add);

        var first = await coordinator.RunOnceAsync(CancellationToken.None);
        Assert.NotNull(first);
        Assert.Equal(1, first.Revision);
        Assert.Equal([2, 3], first.Proposers.ToArray());
        Assert.Same(first, Assert.Single(announced));
        var (recorded, _) = await coordinator.ReadAsync(CancellationToken.None);
        Assert.True(recorded.SameRolesAs(first));

        // Nothing changed: a read and no write.
        int writes = kv.Received.Count(r => r.Command is KvCasCommand);
        var unchanged = await coordinator.RunOnceAsync(CancellationToken.None);
        Assert.NotNull(unchanged);
        Assert.Equal(first.Revision, unchanged.Revision);
        Assert.True(unchanged.SameRolesAs(first));
        Assert.Equal(writes, kv.Received.Count(r => r.Command is KvCasCommand));
        Assert.Equal(2, announced.Count);

        // Node 3 dies: its roles move; the revision grows.
        kv.Cluster = Cluster(dead: [3]);
        var second = await coordinator.RunOnceAsync(CancellationToken.None);
        Assert.NotNull(second);
        Assert.Equal(2, second.Revision);
        Assert.DoesNotContain(3, second.Proposers.Concat(second.Learners).Concat(second.Stores));
        Assert.Equal([2, 4], second.Stores.ToArray());
        Assert.Same(second, announced[^1]);
    }

    [Fact]
    public async Task An_auto_leader_records_itself_as_a_replica()
    {
        var kv = new FakeKvService { Status = new PaxosStatus(5, 5, "(1.5)", 0, 0, new Dictionary<string, object>()), Cluster = Cluster(dead: []) };
        var first = await new AssignmentCoordinator(kv, new AssignmentTargets(2)).RunOnceAsync(CancellationToken.None);

        Assert.NotNull(first);
        Assert.Equal([2, 5], first.Stores.ToArray());
    }

    [Fact]
    public async Task A_node_that_does_not_lead_assigns_nothing()
    {
        var kv = new FakeKvService { Status = new PaxosStatus(2, 1, "(1.1)", 0, 0, new Dictionary<string, object>()), Cluster = Cluster(dead: []) };
        var announced = new List<RoleAssignment>();
        Assert.Null(await new AssignmentCoordinator(kv, new AssignmentTargets(), announced.Add).RunOnceAsync(CancellationToken.None));
        Assert.Empty(kv.Received);
        Assert.Empty(announced);
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
