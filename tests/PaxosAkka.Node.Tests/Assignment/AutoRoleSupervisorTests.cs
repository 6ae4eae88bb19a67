using System.Text;
using Akka.Actor;
using Akka.Configuration;
using PaxosAkka.Node.Assignment;
using PaxosAkka.Node.Client;
using PaxosAkka.Node.Configuration;
using PaxosAkka.Node.Roles;
using Xunit.Abstractions;

namespace PaxosAkka.Node.Tests.Assignment;

/// <summary>
/// The real <see cref="NodeSupervisor"/> of an <c>auto</c> node (node 2 of three auto nodes) starting and stopping its
/// assigned role actors: as the elected coordinator, from the assignment the leader announces, and again under
/// the same names after a reassignment; a role stopped on purpose never makes the node leave.
/// </summary>
public sealed class AutoRoleSupervisorTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(40);
    private readonly string _data = Path.Combine(Path.GetTempPath(), "paxos-auto-roles-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly NodeSettings _settings;
    private readonly NodeStatusBoard _board = new();

    public AutoRoleSupervisorTests(ITestOutputHelper output)
        : base(NodeSettings.Reference, output: output)
    {
        // A long acceptable pause: once a peer has been heard it stays alive for the test, so the test decides who
        // coordinates by what it tells node 2's election (the peers themselves do not run).
        _settings = NodeSettings.Create(ConfigurationFactory.ParseString(
            "paxos.node { id = 2, acceptors = [1, 2, 3], data-dir = \"" + _data.Replace("\\", "/", StringComparison.Ordinal) + "\", " +
            "election.acceptable-heartbeat-pause = 60s, election.stable-leader = off, members = [ " +
            "{ id = 1, host = \"127.0.0.1\", remote-port = 1, http-port = 2, roles = [acceptor, auto] }, " +
            "{ id = 2, host = \"127.0.0.1\", remote-port = 3, http-port = 4, roles = [acceptor, auto] }, " +
            "{ id = 3, host = \"127.0.0.1\", remote-port = 5, http-port = 6, roles = [acceptor, auto] } ] }"));
        var context = new NodeContext(_settings, new RecordingRouter(), new MemoryDisk().Open, new PendingRequests(), _board);
        Sys.ActorOf(NodeSupervisor.Props(context), RoleNames.Node);
    }

    [Fact]
    public void Auto_node_starts_its_roles_as_coordinator_stops_them_when_assigned_away_and_starts_them_again_when_assigned_back()
    {
        // With node 1 alive and node 3 silent, node 2 wins the Bully election and serves before any assignment exists.
        AwaitCondition(() => HearOne() && Serving(), Wait, message: "node 2 to start learner, store and proposer as coordinator");
        Assert.Equal(NodeRoles.Assignable.ToArray(), _settings.Assigned.Current.ToArray());

        // Node 3 shows up and coordinates: with no assignment known yet, node 2 keeps what it runs.
        AwaitCondition(() => FollowThree() && _board.Election?.Coordinator == 3, Wait, message: "node 2 to follow node 3");
        Assert.True(Serving());

        // The leader's assignment gives every role to node 3: node 2 stops its three role actors.
        Announce(new RoleAssignment(1, [3], [3], [3]));
        AwaitCondition(() => FollowThree() && Stopped(), Wait, message: "node 2 to stop its roles");

        // An older revision (a deposed leader's) changes nothing; a newer one gives the roles back under the same names.
        Announce(new RoleAssignment(1, [2], [2], [2]));
        Assert.True(FollowThree() && Stopped());
        Announce(new RoleAssignment(2, [2, 3], [2, 3], [2, 3]));
        AwaitCondition(() => FollowThree() && Serving(), Wait, message: "node 2 to start its roles again");
        Assert.Null(CoordinatedShutdown.Get(Sys).ShutdownReason);
        Assert.False(Sys.WhenTerminated.IsCompleted, "a role stopped on purpose must not make the node leave");
    }

    [Fact]
    public void Garbage_in_place_of_an_assignment_is_ignored()
    {
        AwaitCondition(() => HearOne() && Serving(), Wait, message: "node 2 to start its roles as coordinator");
        Sys.ActorSelection($"/user/{RoleNames.Node}/{AutoRoleProtocol.ListenerName}").Tell(new AutoRoleProtocol.AssignmentInForce("roles-assignment/1 revision=x"));
        AwaitCondition(() => FollowThree() && _board.Election?.Coordinator == 3, Wait, message: "node 2 to follow node 3");
        Assert.True(Serving());
    }

    protected override void AfterAll()
    {
        base.AfterAll();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was written (node 2 has an acceptor, so no ballot keeper).
        }
    }

    // The proposer never publishes here (its ballot recovery asks the acceptor through a router that delivers
    // nothing), so its actor is looked up by name instead.
    private bool Serving() =>
        _settings.Has(NodeRoles.Proposer) && _settings.Has(NodeRoles.Store) && _settings.Has(NodeRoles.Learner)
        && _board.Store is not null && _board.Learner is not null && Runs(RoleNames.Proposer);

    private bool Stopped() =>
        _settings.Assigned.Current.IsEmpty && _board.Proposer is null && _board.Store is null && _board.Learner is null
        && !Runs(RoleNames.Proposer) && !Runs(RoleNames.Store) && !Runs(RoleNames.Learner);

    private bool Runs(string role)
    {
        var probe = CreateTestProbe();
        Sys.ActorSelection($"/user/{RoleNames.Node}/{role}").Tell(new Identify(role), probe.Ref);
        try
        {
            return probe.ExpectMsg<ActorIdentity>(TimeSpan.FromSeconds(1)).Subject is not null;
        }
        catch (Xunit.Sdk.XunitException)
        {
            // A selection of a missing actor is not answered here.
            return false;
        }
    }

    /// <summary>Tells node 2's election that node 1 is alive (the election stands only once a peer reported progress).</summary>
    private bool HearOne()
    {
        Sys.ActorSelection($"/user/{RoleNames.Node}/{RoleNames.Election}").Tell(new ElectionProtocol.Heartbeat(1));
        return true;
    }

    /// <summary>Tells node 2's election that node 3 is alive and coordinates (repeated on every poll, as node 3 would).</summary>
    private bool FollowThree()
    {
        var election = Sys.ActorSelection($"/user/{RoleNames.Node}/{RoleNames.Election}");
        HearOne();
        election.Tell(new ElectionProtocol.Heartbeat(3));
        election.Tell(new ElectionProtocol.Coordinator(3));
        return true;
    }

    private void Announce(RoleAssignment assignment) =>
        Sys.ActorSelection($"/user/{RoleNames.Node}/{AutoRoleProtocol.ListenerName}")
            .Tell(new AutoRoleProtocol.AssignmentInForce(Encoding.ASCII.GetString(RoleAssignmentCodec.Encode(assignment))));
}
