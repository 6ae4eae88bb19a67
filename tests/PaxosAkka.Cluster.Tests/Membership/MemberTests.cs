using static PaxosAkka.Cluster.Tests.TestNodes;

namespace PaxosAkka.Cluster.Tests.Membership;

public class MemberTests
{
    [Theory]
    [InlineData(MemberStatus.Joining, MemberStatus.Up)]
    [InlineData(MemberStatus.Joining, MemberStatus.WeaklyUp)]
    [InlineData(MemberStatus.WeaklyUp, MemberStatus.Up)]
    [InlineData(MemberStatus.Up, MemberStatus.Leaving)]
    [InlineData(MemberStatus.Leaving, MemberStatus.Exiting)]
    [InlineData(MemberStatus.Exiting, MemberStatus.Removed)]
    [InlineData(MemberStatus.Up, MemberStatus.Down)]
    [InlineData(MemberStatus.Exiting, MemberStatus.Down)]
    [InlineData(MemberStatus.Down, MemberStatus.Removed)]
    public void Life_cycle_allows_forward_transitions(MemberStatus from, MemberStatus to)
    {
        Assert.True(Member.IsAllowedTransition(from, to));
        Assert.Equal(to, Member.Create(Node(1), from).WithStatus(to).Status);
    }

    [Theory]
    [InlineData(MemberStatus.Up, MemberStatus.Joining)]
    [InlineData(MemberStatus.Leaving, MemberStatus.Up)]
    [InlineData(MemberStatus.Exiting, MemberStatus.Leaving)]
    [InlineData(MemberStatus.Down, MemberStatus.Up)]
    [InlineData(MemberStatus.Removed, MemberStatus.Joining)]
    [InlineData(MemberStatus.Joining, MemberStatus.Exiting)]
    public void Life_cycle_forbids_going_back(MemberStatus from, MemberStatus to)
    {
        Assert.False(Member.IsAllowedTransition(from, to));
        var error = Assert.Throws<InvalidOperationException>(() => Member.Create(Node(1), from).WithStatus(to));
        Assert.Contains(from.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Members_are_identified_by_unique_address_only()
    {
        var joining = Member.Joining(Node(1), ["a"]);
        Assert.Equal(joining, joining.WithUp(1));
        Assert.NotEqual(joining, Member.Joining(Node(1, uid: 99)));
    }

    [Fact]
    public void Lower_up_number_is_older_and_ties_go_to_the_lower_address()
    {
        var first = Member.Joining(Node(5)).WithUp(1);
        var second = Member.Joining(Node(1)).WithUp(2);
        Assert.True(first.IsOlderThan(second));
        Assert.False(second.IsOlderThan(first));
        Assert.True(Member.Joining(Node(1)).IsOlderThan(Member.Joining(Node(2))));
    }

    [Fact]
    public void Merge_keeps_the_member_furthest_along_its_life_cycle()
    {
        var up = Member.Create(Node(1), MemberStatus.Up, upNumber: 1);
        Assert.Equal(MemberStatus.Leaving, Member.HighestPriorityOf(up, up.WithStatus(MemberStatus.Leaving)).Status);
        Assert.Equal(MemberStatus.Down, Member.HighestPriorityOf(up.WithStatus(MemberStatus.Down), up.WithStatus(MemberStatus.Leaving)).Status);
        Assert.Equal(MemberStatus.Up, Member.HighestPriorityOf(Member.Joining(Node(1)), up).Status);
        Assert.Equal(MemberStatus.Exiting, Member.HighestPriorityOf(up.WithStatus(MemberStatus.Leaving).WithStatus(MemberStatus.Exiting), up).Status);
    }

    [Fact]
    public void Roles_are_kept_and_queried()
    {
        var member = Member.Joining(Node(1), ["acceptor", "learner"]);
        Assert.True(member.HasRole("acceptor"));
        Assert.False(member.HasRole("proposer"));
        Assert.Equal(["acceptor", "learner"], member.Roles);
    }

    [Fact]
    public void Addresses_order_by_host_then_port_ordinally()
    {
        Assert.True(Address(1) < Address(2));
        var other = new NodeAddress(NodeAddress.TcpProtocol, "paxos", "127.0.0.2", 1);
        Assert.True(Address(9) < other);
        Assert.True(Node(1, uid: 1) < Node(1, uid: 2));
    }

    [Fact]
    public void Address_parses_and_prints_round_trip()
    {
        var address = NodeAddress.Parse("paxos.tcp://sys@127.0.0.1:2552");
        Assert.Equal(new NodeAddress("paxos.tcp", "sys", "127.0.0.1", 2552), address);
        Assert.Equal("paxos.tcp://sys@127.0.0.1:2552", address.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1:2552")]
    [InlineData("paxos.tcp://127.0.0.1:2552")]
    [InlineData("paxos.tcp://sys@127.0.0.1")]
    [InlineData("paxos.tcp://sys@127.0.0.1:http")]
    [InlineData("paxos.tcp://sys@127.0.0.1:70000")]
    public void Malformed_address_is_refused_with_an_example(string text)
    {
        var error = Assert.Throws<FormatException>(() => NodeAddress.Parse(text));
        Assert.Contains("paxos.tcp://paxos@127.0.0.1:2552", error.Message, StringComparison.Ordinal);
        Assert.False(NodeAddress.TryParse(text, out _));
    }
}
