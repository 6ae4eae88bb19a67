using static PaxosAkka.Consensus.PaxosProtocol;
using static PaxosAkka.Consensus.Tests.Support.Fixtures;

namespace PaxosAkka.Consensus.Tests;

/// <summary>
/// An acceptor's Promise is bounded in entries and bytes and says where it stopped (issue 6, restart stall): a
/// Promise carrying a long log outgrows the 4 MiB remoting frame and never arrives.
/// </summary>
public class BoundedPromiseTests
{
    private static readonly Ballot Ballot = B(1, 0);

    private static SlotValue Sized(long slot, int bytes) => SlotValue.Of(new Command(new CommandId("c", slot), new byte[bytes]));

    /// <summary>An acceptor of <see cref="Fixtures.Three"/> that accepted slots 0..count-1 (each value <paramref name="bytes"/> long).</summary>
    private static Acceptor AcceptorWith(int count, AcceptorOptions options, int bytes = 1, long firstSlot = 0)
    {
        var acceptor = new Acceptor(1, Three, AcceptorDurableState.Empty, options);
        for (long slot = firstSlot; slot < firstSlot + count; slot++)
        {
            acceptor.Step(new Accept(0, 1, Ballot, slot, Sized(slot, bytes)));
        }

        acceptor.GetReady();
        return acceptor;
    }

    private static Promise PrepareFrom(Acceptor acceptor, long fromSlot)
    {
        acceptor.Step(new Prepare(0, 1, Ballot, fromSlot));
        return Assert.Single(acceptor.GetReady().Sent<Promise>());
    }

    [Theory]
    [InlineData(10, 3, 0, 3, 3)]
    [InlineData(10, 3, 4, 3, 7)]
    [InlineData(10, 4, 8, 2, long.MaxValue)]
    [InlineData(10, 10, 0, 10, long.MaxValue)]
    [InlineData(0, 3, 0, 0, long.MaxValue)]
    public void Promise_stops_at_the_entry_bound_and_reports_the_first_slot_left_out(
        int held, int maxEntries, long fromSlot, int expectedEntries, long expectedReportedBelow)
    {
        var acceptor = AcceptorWith(held, new AcceptorOptions { MaxPromiseEntries = maxEntries });

        var promise = PrepareFrom(acceptor, fromSlot);

        Assert.Equal(expectedEntries, promise.Accepted.Length);
        Assert.Equal(Enumerable.Range((int)fromSlot, expectedEntries).Select(i => (long)i), promise.Accepted.Select(e => e.Slot));
        Assert.Equal(expectedReportedBelow, promise.ReportedBelow);
    }

    [Theory]
    [InlineData(1000, 2500, 3)]
    [InlineData(1000, 1, 1)]
    [InlineData(1000, 100_000, 10)]
    public void Promise_stops_after_the_entry_that_crosses_the_byte_budget(int valueBytes, long budget, int expectedEntries)
    {
        var acceptor = AcceptorWith(10, new AcceptorOptions { MaxPromiseBytes = budget }, valueBytes);

        var promise = PrepareFrom(acceptor, 0);

        Assert.Equal(expectedEntries, promise.Accepted.Length);
        Assert.Equal(expectedEntries == 10 ? long.MaxValue : expectedEntries, promise.ReportedBelow);
    }

    [Fact]
    public void Default_bound_keeps_a_promise_well_under_the_remoting_frame()
    {
        // 200 slots of 64 KiB values: 12.5 MiB in one Promise, three times the 4 MiB frame, without a bound.
        var acceptor = AcceptorWith(200, AcceptorOptions.Default, 64 * 1024);

        var promise = PrepareFrom(acceptor, 0);

        long bytes = promise.Accepted.Sum(e => Learner.ApproximateSize(e.Value));
        Assert.InRange(bytes, 1, AcceptorOptions.Default.MaxPromiseBytes + (64 * 1024) + 64);
        Assert.Equal(promise.Accepted[^1].Slot + 1, promise.ReportedBelow);
    }

    // Paxos Made Simple §2.2: an equal ballot is the same proposer asking again; the answer continues the report.
    [Fact]
    public void Prepare_at_the_promised_ballot_continues_the_report_from_the_requested_slot_without_persisting_again()
    {
        var acceptor = AcceptorWith(10, new AcceptorOptions { MaxPromiseEntries = 4 });
        var first = PrepareFrom(acceptor, 0);

        acceptor.Step(new Prepare(0, 1, Ballot, first.ReportedBelow));
        var ready = acceptor.GetReady();

        Assert.Null(ready.PromiseToPersist);
        var second = Assert.Single(ready.Sent<Promise>());
        Assert.Equal([4L, 5, 6, 7], second.Accepted.Select(e => e.Slot));
        Assert.Equal(8, second.ReportedBelow);
    }

    [Fact]
    public void Promise_bound_counts_from_the_compaction_point_and_still_reports_it()
    {
        var acceptor = AcceptorWith(10, new AcceptorOptions { MaxPromiseEntries = 2 });
        acceptor.Compact(5);

        var promise = PrepareFrom(acceptor, 0);

        Assert.Equal(5, promise.CompactedBelow);
        Assert.Equal([5L, 6], promise.Accepted.Select(e => e.Slot));
        Assert.Equal(7, promise.ReportedBelow);
    }

    [Fact]
    public void Reported_below_names_the_next_held_slot_across_a_hole_in_the_log()
    {
        var acceptor = new Acceptor(1, Three, AcceptorDurableState.Empty, new AcceptorOptions { MaxPromiseEntries = 1 });
        acceptor.Step(new Accept(0, 1, Ballot, 2, Sized(2, 1)));
        acceptor.Step(new Accept(0, 1, Ballot, 9, Sized(9, 1)));
        acceptor.GetReady();

        var promise = PrepareFrom(acceptor, 0);

        Assert.Equal([2L], promise.Accepted.Select(e => e.Slot));
        Assert.Equal(9, promise.ReportedBelow);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    [InlineData(-1, 1)]
    public void Acceptor_options_reject_bounds_below_one(int maxEntries, long maxBytes) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new AcceptorOptions { MaxPromiseEntries = maxEntries, MaxPromiseBytes = maxBytes });
}
