using PaxosAkka.Cmd.Synchronous;
using PaxosAkka.Consensus;
using static PaxosAkka.Consensus.PaxosProtocol;

namespace PaxosAkka.Cmd.Tests;

public class SynodRolesTests
{
    private static readonly PaxosTopology Three = PaxosTopology.Symmetric(3);

    [Fact]
    public void Tally_decides_only_on_a_quorum_of_distinct_acceptors()
    {
        var tally = new SynodTally(quorum: 2);
        var ballot = new Ballot(1, 0);
        var value = SynodValues.Encode(1);

        Assert.False(tally.Observe(new Accepted(0, 2, ballot, 0, value)));
        Assert.False(tally.Observe(new Accepted(0, 2, ballot, 0, value)));
        Assert.Null(tally.Decided);
        Assert.True(tally.Observe(new Accepted(1, 2, ballot, 0, value)));
        Assert.Equal(value, tally.Decided);
        Assert.Equal(ballot, tally.DecidedBallot);
    }

    [Fact]
    public void Tally_does_not_mix_acceptances_from_different_ballots()
    {
        var tally = new SynodTally(quorum: 2);
        var value = SynodValues.Encode(0);

        tally.Observe(new Accepted(0, 2, new Ballot(1, 0), 0, value));
        tally.Observe(new Accepted(1, 2, new Ballot(2, 1), 0, value));

        Assert.Null(tally.Decided);
    }

    [Fact]
    public void Tally_reports_two_values_in_one_ballot_as_a_conflict()
    {
        var tally = new SynodTally(quorum: 2);
        var ballot = new Ballot(1, 0);

        tally.Observe(new Accepted(0, 2, ballot, 0, SynodValues.Encode(0)));
        tally.Observe(new Accepted(1, 2, ballot, 0, SynodValues.Encode(1)));

        Assert.True(tally.SawConflict);
        Assert.Null(tally.Decided);
    }

    [Fact]
    public void Node_keeps_its_promise_across_a_crash_because_the_ready_was_persisted_first()
    {
        var node = new SynchronousNode(1, Three);
        node.Deliver(new Prepare(2, 1, new Ballot(5, 2), 0));
        Assert.IsType<Promise>(Assert.Single(node.Drain()));

        node.Crash();
        node.Restart();
        node.Deliver(new Prepare(0, 1, new Ballot(3, 0), 0));

        var nack = Assert.IsType<Nack>(Assert.Single(node.Drain()));
        Assert.Equal(new Ballot(5, 2), nack.Promised);
        Assert.Equal(new Ballot(5, 2), node.Disk.Promised);
    }

    [Fact]
    public void Node_keeps_its_accepted_value_across_a_crash()
    {
        var node = new SynchronousNode(1, Three);
        var ballot = new Ballot(1, 0);
        node.Deliver(new Accept(0, 1, ballot, 0, SynodValues.Encode(1)));
        node.Drain();

        node.Crash();
        node.Restart();
        node.Deliver(new Prepare(2, 1, new Ballot(2, 2), 0));

        var promise = Assert.IsType<Promise>(Assert.Single(node.Drain()));
        var entry = Assert.Single(promise.Accepted);
        Assert.Equal(ballot, entry.Ballot);
        Assert.Equal(SynodValues.Encode(1), entry.Value);
    }

    [Fact]
    public void Broken_node_forgets_its_promise_on_restart()
    {
        var node = new SynchronousNode(1, Three, breakDurability: true);
        node.Deliver(new Prepare(2, 1, new Ballot(5, 2), 0));
        node.Drain();

        node.Crash();
        node.Restart();
        node.Deliver(new Prepare(0, 1, new Ballot(3, 0), 0));

        Assert.IsType<Promise>(Assert.Single(node.Drain()));
    }
}
