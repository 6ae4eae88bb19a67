using PaxosAkka.Node.Assignment;
using PaxosAkka.Node.Configuration;

namespace PaxosAkka.Node.Tests.Assignment;

public sealed class AutoRoleStateTests
{
    private static readonly RoleAssignment MeAnd2 = new(1, [2, 3], [2, 3], [2, 3]);
    private static readonly RoleAssignment Without3 = new(2, [2, 4], [2, 4], [2, 4]);

    [Fact]
    public void A_fresh_node_runs_nothing_until_assigned_or_elected()
    {
        var state = AutoRoleState.Initial(3);

        Assert.Empty(state.Desired);
        Assert.Empty(state.ToStart);
        Assert.Empty(state.ToStop);
    }

    [Fact]
    public void An_assigned_node_starts_learner_then_store_then_proposer()
    {
        var state = AutoRoleState.Initial(3).OnAssignment(MeAnd2);

        Assert.Equal(["learner", "store", "proposer"], state.ToStart.ToArray());
    }

    [Fact]
    public void The_coordinator_runs_every_assignable_role_before_any_assignment_names_it()
    {
        // Only a leader can record the first assignment, and it serves that write through its own proposer and store.
        var state = AutoRoleState.Initial(5).OnCoordinator(5);

        Assert.Equal(NodeRoles.Assignable.ToArray(), state.Desired.ToArray());
        Assert.Equal(3, state.ToStart.Length);
        Assert.DoesNotContain("acceptor", state.ToStart);
    }

    [Fact]
    public void A_node_dropped_from_the_assignment_stops_its_roles_proposer_first()
    {
        var state = Running(AutoRoleState.Initial(3).OnAssignment(MeAnd2)).OnAssignment(Without3);

        Assert.Empty(state.ToStart);
        Assert.Equal(["proposer", "store", "learner"], state.ToStop.ToArray());
        var stopped = state.ToStop.Aggregate(state, (s, r) => s.Stopped(r));
        Assert.Empty(stopped.Running);
        Assert.Empty(stopped.ToStop);
    }

    [Fact]
    public void An_older_assignment_from_a_deposed_leader_is_ignored()
    {
        var state = AutoRoleState.Initial(3).OnAssignment(Without3);

        var stale = state.OnAssignment(MeAnd2);

        Assert.Same(state, stale);
        Assert.Empty(stale.Desired);
    }

    [Fact]
    public void A_node_that_led_at_start_keeps_its_roles_until_an_assignment_says_otherwise()
    {
        var led = Running(AutoRoleState.Initial(1).OnCoordinator(1)).OnCoordinator(5);

        Assert.False(led.Coordinator);
        Assert.Empty(led.ToStop);

        var told = led.OnAssignment(new RoleAssignment(1, [4, 5], [4, 5], [4, 5]));
        Assert.Equal(3, told.ToStop.Length);
    }

    [Fact]
    public void A_coordinator_left_out_of_the_assignment_keeps_serving_until_it_stops_leading()
    {
        var state = Running(AutoRoleState.Initial(3).OnCoordinator(3)).OnAssignment(Without3);

        Assert.Empty(state.ToStop);
        Assert.Equal(3, state.OnCoordinator(4).ToStop.Length);
    }

    [Fact]
    public void Started_and_stopped_roles_keep_the_start_order_and_never_duplicate()
    {
        var state = AutoRoleState.Initial(1).Started("proposer").Started("learner").Started("learner");

        Assert.Equal(["learner", "proposer"], state.Running.ToArray());
        Assert.Same(state, state.Stopped("store"));
    }

    private static AutoRoleState Running(AutoRoleState state) => state.ToStart.Aggregate(state, (s, r) => s.Started(r));
}
