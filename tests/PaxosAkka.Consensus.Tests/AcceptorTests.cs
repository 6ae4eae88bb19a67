using System.Collections.Immutable;
using PaxosAkka.Consensus.Tests.Support;
using static PaxosAkka.Consensus.PaxosProtocol;
using static PaxosAkka.Consensus.Tests.Support.Fixtures;

namespace PaxosAkka.Consensus.Tests;

/// <summary>The acceptor's rules, Paxos Made Simple §2.2 (P1a, P2c) and §2.3 (stable storage).</summary>
public class AcceptorTests
{
    private static Acceptor NewAcceptor(AcceptorDurableState? recovered = null) =>
        new(0, Three, recovered ?? AcceptorDurableState.Empty);

    [Fact]
    public void Acceptor_promises_a_higher_ballot()
    {
        var acceptor = NewAcceptor();
        acceptor.Step(new Prepare(1, 0, B(1, 1), 0));

        var promise = Assert.Single(acceptor.GetReady().Sent<Promise>());
        Assert.Equal(B(1, 1), promise.Ballot);
        Assert.Equal(1, promise.To);
        Assert.Equal(B(1, 1), acceptor.Promised);
    }

    // Paxos Made Simple §2.2 (P1a): an acceptor may accept a proposal numbered n iff it has not responded to
    // a prepare request numbered greater than n; so it refuses lower prepares.
    [Fact]
    public void Acceptor_rejects_prepare_below_promised_ballot()
    {
        var acceptor = NewAcceptor();
        acceptor.Step(new Prepare(2, 0, B(2, 2), 0));
        acceptor.GetReady();

        acceptor.Step(new Prepare(1, 0, B(1, 1), 0));
        var ready = acceptor.GetReady();

        var nack = Assert.Single(ready.Sent<Nack>());
        Assert.Equal(B(1, 1), nack.Rejected);
        Assert.Equal(B(2, 2), nack.Promised);
        Assert.Empty(ready.Sent<Promise>());
        Assert.Null(ready.PromiseToPersist);
        Assert.Equal(B(2, 2), acceptor.Promised);
    }

    // Paxos Made Simple §2.2 (P1a): nothing below the promise may be accepted.
    [Fact]
    public void Acceptor_rejects_accept_below_promised_ballot()
    {
        var acceptor = NewAcceptor();
        acceptor.Step(new Prepare(2, 0, B(2, 2), 0));
        acceptor.GetReady();

        acceptor.Step(new Accept(1, 0, B(1, 1), 0, Value("c", 1)));
        var ready = acceptor.GetReady();

        Assert.Single(ready.Sent<Nack>());
        Assert.Empty(ready.Sent<Accepted>());
        Assert.Empty(ready.EntriesToPersist);
        Assert.Empty(acceptor.Durable.Accepted);
    }

    [Fact]
    public void Acceptor_repromises_the_same_ballot_idempotently()
    {
        var acceptor = NewAcceptor();
        acceptor.Step(new Prepare(1, 0, B(1, 1), 0));
        Assert.NotNull(acceptor.GetReady().PromiseToPersist);

        // The first Promise may have been lost: a retransmitted Prepare gets the same answer, with nothing new to persist.
        acceptor.Step(new Prepare(1, 0, B(1, 1), 0));
        var ready = acceptor.GetReady();
        Assert.Single(ready.Sent<Promise>());
        Assert.Null(ready.PromiseToPersist);
    }

    [Fact]
    public void Acceptor_accepts_at_promised_ballot_and_tells_proposer_and_learners()
    {
        var acceptor = NewAcceptor();
        acceptor.Step(new Prepare(1, 0, B(1, 1), 0));
        acceptor.GetReady();

        acceptor.Step(new Accept(1, 0, B(1, 1), 4, Value("c", 1)));
        var ready = acceptor.GetReady();

        Assert.Equal([0, 1, 2], ready.Sent<Accepted>().Select(a => a.To).Order());
        Assert.Equal(Entry(4, B(1, 1), Value("c", 1)), Assert.Single(ready.EntriesToPersist));
    }

    [Fact]
    public void Accept_above_the_promise_raises_the_promise()
    {
        var acceptor = NewAcceptor();
        acceptor.Step(new Accept(2, 0, B(3, 2), 0, Value("c", 1)));

        var ready = acceptor.GetReady();
        Assert.Equal(B(3, 2), ready.PromiseToPersist);
        Assert.Equal(B(3, 2), acceptor.Promised);
    }

    // Paxos Made Simple §2.2 (P2c): the Promise must carry, per slot, the accepted proposal with the highest number.
    [Fact]
    public void Acceptor_reports_highest_accepted_value_in_promise()
    {
        var acceptor = NewAcceptor();
        acceptor.Step(new Accept(1, 0, B(1, 1), 0, Value("old", 1)));
        acceptor.Step(new Accept(2, 0, B(2, 2), 0, Value("new", 1)));
        acceptor.Step(new Accept(2, 0, B(2, 2), 1, Value("other", 1)));
        acceptor.GetReady();

        acceptor.Step(new Prepare(1, 0, B(3, 1), 0));
        var promise = Assert.Single(acceptor.GetReady().Sent<Promise>());

        Assert.Equal(
            [Entry(0, B(2, 2), Value("new", 1)), Entry(1, B(2, 2), Value("other", 1))],
            promise.Accepted.OrderBy(e => e.Slot));
    }

    [Fact]
    public void Promise_reports_only_slots_from_the_requested_slot()
    {
        var acceptor = NewAcceptor();
        for (int slot = 0; slot < 5; slot++)
        {
            acceptor.Step(new Accept(1, 0, B(1, 1), slot, Value("c", slot + 1)));
        }

        acceptor.Step(new Prepare(2, 0, B(2, 2), 3));
        var promise = Assert.Single(acceptor.GetReady().Sent<Promise>());

        Assert.Equal([3L, 4L], promise.Accepted.Select(e => e.Slot));
    }

    // The etcd-raft Ready contract: state to persist travels with the messages it guards.
    [Fact]
    public void Ready_persists_promise_before_messages()
    {
        var acceptor = NewAcceptor();
        acceptor.Step(new Prepare(1, 0, B(5, 1), 0));
        acceptor.Step(new Accept(1, 0, B(5, 1), 0, Value("c", 1)));
        var ready = acceptor.GetReady();

        Assert.True(ready.MustPersist);
        Assert.Equal(B(5, 1), ready.PromiseToPersist);
        Assert.Single(ready.EntriesToPersist);
        Assert.NotEmpty(ready.Messages);

        // What the host writes is exactly what a restarted acceptor needs to answer consistently.
        var disk = AcceptorDurableState.Empty.Apply(ready);
        Assert.Equal(acceptor.Durable.Promised, disk.Promised);
        Assert.Equal(acceptor.Durable.Accepted, disk.Accepted);
        Assert.False(acceptor.HasReady);
    }

    // Paxos Made Simple §2.3: an acceptor that restarts must remember its promise and accepted values.
    [Fact]
    public void Restarted_acceptor_keeps_its_promise_and_votes()
    {
        var first = NewAcceptor();
        first.Step(new Prepare(2, 0, B(4, 2), 0));
        first.Step(new Accept(2, 0, B(4, 2), 7, Value("c", 1)));
        var disk = AcceptorDurableState.Empty.Apply(first.GetReady());

        var restarted = NewAcceptor(disk);
        restarted.Step(new Prepare(1, 0, B(3, 1), 0));
        Assert.Single(restarted.GetReady().Sent<Nack>());

        restarted.Step(new Prepare(1, 0, B(5, 1), 0));
        var promise = Assert.Single(restarted.GetReady().Sent<Promise>());
        Assert.Equal(Entry(7, B(4, 2), Value("c", 1)), Assert.Single(promise.Accepted));
    }

    [Fact]
    public void Duplicate_accept_is_answered_again_but_persisted_once()
    {
        var acceptor = NewAcceptor();
        var accept = new Accept(1, 0, B(1, 1), 0, Value("c", 1));
        acceptor.Step(accept);
        acceptor.GetReady();

        acceptor.Step(accept);
        var ready = acceptor.GetReady();
        Assert.Empty(ready.EntriesToPersist);
        Assert.Equal(3, ready.Sent<Accepted>().Count);
    }

    [Fact]
    public void Acceptor_ignores_messages_for_other_nodes_and_garbage()
    {
        var acceptor = NewAcceptor();
        acceptor.Step(new Prepare(1, 2, B(1, 1), 0));                  // addressed to node 2
        acceptor.Step(new Prepare(9, 0, B(1, 9), 0));                  // sender is not a proposer
        acceptor.Step(new Prepare(1, 0, Ballot.Zero, 0));              // ballot zero is never used
        acceptor.Step(new Prepare(1, 0, B(1, 2), 0));                  // someone else's ballot
        acceptor.Step(new Prepare(1, 0, B(1, 1), -4));                 // negative slot
        acceptor.Step(new Accept(1, 0, B(1, 1), 0, null!));            // missing value
        acceptor.Step(new Promise(1, 0, B(1, 1), 0, []));              // not an acceptor message

        Assert.False(acceptor.HasReady);
        Assert.Equal(Ballot.Zero, acceptor.Promised);
    }

    [Fact]
    public void Compacted_acceptor_reports_its_compaction_point_in_promises()
    {
        var acceptor = NewAcceptor();
        for (int slot = 0; slot < 4; slot++)
        {
            acceptor.Step(new Accept(1, 0, B(1, 1), slot, Value("c", slot + 1)));
        }

        acceptor.GetReady();
        acceptor.Compact(3);
        acceptor.Step(new Prepare(2, 0, B(2, 2), 0));
        var promise = Assert.Single(acceptor.GetReady().Sent<Promise>());

        Assert.Equal(3, promise.CompactedBelow);
        Assert.Equal([3L], promise.Accepted.Select(e => e.Slot));
        Assert.Equal(3, acceptor.Durable.CompactedBelow);

        // An Accept below the compaction point concerns a chosen slot and is not re-recorded.
        acceptor.Step(new Accept(2, 0, B(2, 2), 1, Value("late", 1)));
        Assert.Empty(acceptor.GetReady().EntriesToPersist);
    }

    [Fact]
    public void Durable_view_matches_what_the_readies_asked_to_persist()
    {
        var acceptor = NewAcceptor();
        var disk = AcceptorDurableState.Empty;
        acceptor.Step(new Prepare(1, 0, B(1, 1), 0));
        acceptor.Step(new Accept(1, 0, B(1, 1), 2, Value("c", 1)));
        disk = disk.Apply(acceptor.GetReady());
        acceptor.Step(new Accept(2, 0, B(2, 2), 2, Value("d", 1)));
        acceptor.Step(new Accept(2, 0, B(2, 2), 0, Value("e", 1)));
        disk = disk.Apply(acceptor.GetReady());

        Assert.Equal(disk.Promised, acceptor.Durable.Promised);
        Assert.Equal(disk.Accepted, acceptor.Durable.Accepted);
        Assert.True(acceptor.TryGetAccepted(2, out var entry));
        Assert.Equal(Entry(2, B(2, 2), Value("d", 1)), entry);
        Assert.Equal(2, acceptor.AcceptedCount);
    }
}
