using System.Collections.Immutable;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Hosting;
using PaxosAkka.Node.Roles;
using static PaxosAkka.Consensus.PaxosProtocol;

namespace PaxosAkka.Node.Tests;

/// <summary>
/// A learner with a gap asks, in turn, a peer learner, the acceptors (which re-send their votes) and the leader
/// (which re-drives the gap under its own ballot); each request must reach the role that answers it.
/// </summary>
public sealed class CatchUpRoutingTests : Akka.TestKit.Xunit2.TestKit
{
    public CatchUpRoutingTests()
        : base(Node.Hosting.PaxosSerializer.Bindings)
    {
    }

    private static readonly PaxosTopology Topology = new([1, 2, 3], [1, 2, 3], [1, 2, 3], QuorumConfig.Majority([1, 2, 3]));

    [Fact]
    public void A_catch_up_request_for_the_acceptor_is_routed_to_the_acceptor_only()
    {
        Assert.Equal([RoleNames.Acceptor], RoleNames.For(new CatchUpRequest(3, 1, 0) { ForAcceptor = true }));
    }

    [Fact]
    public void A_catch_up_request_for_the_leader_is_routed_to_the_proposer_only()
    {
        Assert.Equal([RoleNames.Proposer], RoleNames.For(new CatchUpRequest(3, 1, 0) { ForLeader = true }));
    }

    [Fact]
    public void A_catch_up_request_for_a_peer_and_its_reply_are_routed_to_the_learner()
    {
        Assert.Equal([RoleNames.Learner], RoleNames.For(new CatchUpRequest(3, 1, 0)));
        Assert.Equal([RoleNames.Learner], RoleNames.For(new CatchUpReply(1, 3, ImmutableArray<ChosenEntry>.Empty)));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Which_role_a_catch_up_request_asks_survives_the_wire(bool forAcceptor, bool forLeader)
    {
        var request = new CatchUpRequest(3, 1, 42) { ForAcceptor = forAcceptor, ForLeader = forLeader };
        var serializer = Assert.IsType<Node.Hosting.PaxosSerializer>(Sys.Serialization.FindSerializerFor(request));
        Assert.Equal(request, serializer.FromBinary(serializer.ToBinary(request), serializer.Manifest(request)));
    }

    [Fact]
    public void An_acceptor_asked_by_a_learner_resends_its_votes_to_that_learner()
    {
        var disk = new MemoryDisk();
        var router = new RecordingRouter();
        var acceptor = Sys.ActorOf(AcceptorActor.Props(1, Topology, disk.Open, router, new NodeStatusBoard()));
        router.Targets[(1, RoleNames.Acceptor)] = acceptor;
        var value = SlotValue.Of(new Command(new CommandId("c", 1), [5]));
        acceptor.Tell(new Accept(2, 1, new Ballot(1, 2), 0, value), TestActor);
        AwaitCondition(() => VotesTo(router, 3).Count == 1, TimeSpan.FromSeconds(10));

        router.Route(new CatchUpRequest(3, 1, 0) { ForAcceptor = true }, sender: null);

        AwaitCondition(() => VotesTo(router, 3).Count == 2, TimeSpan.FromSeconds(10));
        var resent = VotesTo(router, 3)[1];
        Assert.Equal(new Accepted(1, 3, new Ballot(1, 2), 0, value), resent);
    }

    /// <summary>The votes routed to the learner of <paramref name="node"/> (the router records one copy per role).</summary>
    private static List<Accepted> VotesTo(RecordingRouter router, int node) =>
        [.. router.Sent.Where(r => r.Node == node && r.Role == RoleNames.Learner).Select(r => r.Message).OfType<Accepted>()];
}
