using static PaxosAkka.Consensus.PaxosProtocol;
using static PaxosAkka.Consensus.Tests.Support.Fixtures;

namespace PaxosAkka.Consensus.Tests;

/// <summary>
/// Phase 1 over bounded Promises (issue 6, restart stall): the proposer gathers each acceptor's report in chunks
/// under one ballot and proposes only once a phase-1 quorum reported everything (Paxos Made Simple §2.2, P2c).
/// </summary>
public class ChunkedPhaseOneTests
{
    private static readonly SlotValue Old = Value("old", 1);
    private static readonly SlotValue Newer = Value("newer", 1);

    private static (Proposer Proposer, Ballot Ballot) Campaigning()
    {
        var proposer = new Proposer(0, Three, ProposerOptions.Default);
        proposer.Campaign();
        var ballot = proposer.GetReady().Sent<Prepare>()[0].Ballot;
        return (proposer, ballot);
    }

    private static Promise Chunk(int from, Ballot ballot, long fromSlot, long reportedBelow, params AcceptedEntry[] entries) =>
        new(from, 0, ballot, fromSlot, [.. entries]) { ReportedBelow = reportedBelow };

    private static Promise Complete(int from, Ballot ballot, long fromSlot, params AcceptedEntry[] entries) =>
        new(from, 0, ballot, fromSlot, [.. entries]);

    private static void RetransmitTicks(Proposer proposer)
    {
        for (int i = 0; i < ProposerOptions.Default.RetransmitTicks; i++)
        {
            proposer.Tick();
        }
    }

    [Fact]
    public void Proposer_asks_the_same_acceptor_for_the_next_chunk_at_the_same_ballot_when_a_promise_stops_early()
    {
        var (proposer, ballot) = Campaigning();

        proposer.Step(Chunk(1, ballot, 0, 4, Entry(0, B(1, 2), Old)));

        var prepare = Assert.Single(proposer.GetReady().Sent<Prepare>());
        Assert.Equal((1, ballot, 4L), (prepare.To, prepare.Ballot, prepare.FromSlot));
    }

    [Theory]
    [InlineData(new long[] { 4, 8, long.MaxValue }, new long[] { long.MaxValue }, true)]
    [InlineData(new long[] { 4, 8 }, new long[] { long.MaxValue }, false)]
    [InlineData(new long[] { long.MaxValue }, new long[] { 4, 9 }, false)]
    [InlineData(new long[] { 3, long.MaxValue }, new long[] { 5, long.MaxValue }, true)]
    public void Proposer_leads_only_once_a_phase_one_quorum_reported_the_whole_log(long[] firstChunks, long[] secondChunks, bool leads)
    {
        var (proposer, ballot) = Campaigning();
        foreach (var (acceptor, chunks) in new[] { (1, firstChunks), (2, secondChunks) })
        {
            long from = 0;
            foreach (long end in chunks)
            {
                proposer.Step(Chunk(acceptor, ballot, from, end));
                from = end;
            }
        }

        Assert.Equal(leads, proposer.IsLeader);
        Assert.Equal(!leads, proposer.IsCampaigning);
    }

    // Paxos Made Simple §2.2 (P2c): the highest-ballot value of every reported slot is re-proposed, whichever chunk
    // carried it.
    [Fact]
    public void Leader_re_proposes_the_highest_ballot_value_reported_in_any_chunk()
    {
        var (proposer, ballot) = Campaigning();
        proposer.Step(Chunk(1, ballot, 0, 2, Entry(0, B(1, 1), Old), Entry(1, B(1, 1), Old)));
        proposer.Step(Complete(1, ballot, 2, Entry(5, B(1, 1), Old)));
        proposer.Step(Chunk(2, ballot, 0, 5, Entry(3, B(1, 2), Old)));
        proposer.Step(Complete(2, ballot, 5, Entry(5, B(2, 2), Newer)));

        Assert.True(proposer.IsLeader);
        var accepts = proposer.GetReady().Sent<Accept>().DistinctBy(a => a.Slot).ToDictionary(a => a.Slot, a => a.Value);
        Assert.Equal(Old, accepts[0]);
        Assert.Equal(Old, accepts[3]);
        Assert.Equal(Newer, accepts[5]);
        Assert.Equal(SlotValue.NoOp, accepts[4]);
    }

    [Fact]
    public void A_chunk_beyond_a_hole_in_an_acceptors_report_does_not_count()
    {
        var (proposer, ballot) = Campaigning();
        proposer.Step(Complete(2, ballot, 0));
        proposer.Step(Chunk(1, ballot, 0, 4));
        proposer.GetReady();

        // The chunk for [4, 8) was lost; a reordered later one from 8 says nothing about slots 4..7.
        proposer.Step(Complete(1, ballot, 8));

        Assert.False(proposer.IsLeader);
        Assert.Empty(proposer.GetReady().Sent<Prepare>());
    }

    [Fact]
    public void A_duplicate_chunk_asks_for_nothing_again()
    {
        var (proposer, ballot) = Campaigning();
        var chunk = Chunk(1, ballot, 0, 4);
        proposer.Step(chunk);
        proposer.GetReady();

        proposer.Step(chunk);

        Assert.Empty(proposer.GetReady().Sent<Prepare>());
    }

    [Fact]
    public void Phase_one_retransmit_asks_each_incomplete_acceptor_from_where_its_report_stops()
    {
        var (proposer, ballot) = Campaigning();
        proposer.Step(Chunk(1, ballot, 0, 6));
        proposer.Step(Complete(2, ballot, 0));
        proposer.GetReady();

        RetransmitTicks(proposer);

        var again = proposer.GetReady().Sent<Prepare>().ToDictionary(p => p.To, p => p.FromSlot);
        Assert.Equal(new Dictionary<int, long> { [0] = 0, [1] = 6 }, again);
    }

    [Fact]
    public void Slots_learned_chosen_during_chunked_phase_one_are_skipped_by_the_next_chunk()
    {
        var (proposer, ballot) = Campaigning();
        proposer.Step(Chunk(1, ballot, 0, 3));
        proposer.GetReady();
        for (long slot = 0; slot < 10; slot++)
        {
            proposer.ObserveChosen(slot, SlotValue.NoOp);
        }

        // A late answer to the chunk request from 3 now moves the report to the first unchosen slot.
        proposer.Step(Chunk(1, ballot, 3, 5));

        Assert.Equal(10, Assert.Single(proposer.GetReady().Sent<Prepare>()).FromSlot);
        RetransmitTicks(proposer);
        Assert.All(proposer.GetReady().Sent<Prepare>(), p => Assert.Equal(10, p.FromSlot));
    }

    [Fact]
    public void Compacted_slots_count_as_reported_so_chunks_continue_above_the_compaction_point()
    {
        var (proposer, ballot) = Campaigning();

        proposer.Step(new Promise(1, 0, ballot, 0, [Entry(20, B(1, 1), Old)]) { CompactedBelow = 20, ReportedBelow = 21 });

        Assert.Equal(20, proposer.FirstUnchosenSlot);
        Assert.Equal(21, Assert.Single(proposer.GetReady().Sent<Prepare>()).FromSlot);
        proposer.Step(Complete(1, ballot, 21));
        proposer.Step(Complete(2, ballot, 0) with { CompactedBelow = 20 });
        Assert.True(proposer.IsLeader);
        var accepts = proposer.GetReady().Sent<Accept>();
        Assert.DoesNotContain(accepts, a => a.Slot < 20);
        Assert.Contains(accepts, a => a.Slot == 20 && a.Value.Equals(Old));
    }

    // CORE_BUGS S-5 re-drive with bounded Promises: silence above ReportedBelow is not a report.
    [Fact]
    public void Redrive_proposes_only_the_slots_every_counted_promise_covered()
    {
        var proposer = new Proposer(0, Three, ProposerOptions.Default);
        var ready = proposer.ElectWithEmptyPromises(1, 2);
        for (int i = 0; i < 6; i++)
        {
            proposer.Propose(Cmd("c", i));
            ready = proposer.GetReady();
            proposer.AcceptAll(ready, 1, 2);
        }

        var ballot = proposer.CurrentBallot;
        proposer.GetReady();
        proposer.Step(new CatchUpRequest(1, 0, 0) { ForLeader = true });
        proposer.GetReady();
        proposer.Step(Chunk(1, ballot, 0, 2, Entry(0, B(1, 1), Old), Entry(1, B(1, 1), Old)));
        proposer.Step(Complete(2, ballot, 0, [.. Enumerable.Range(0, 6).Select(s => Entry(s, B(1, 1), Old))]));

        var redriven = proposer.GetReady().Sent<Accept>().Select(a => a.Slot).Distinct().Order();
        Assert.Equal([0L, 1], redriven);
    }

    [Fact]
    public void Redrive_ignores_a_promise_whose_report_stops_below_the_gap()
    {
        var proposer = new Proposer(0, Three, ProposerOptions.Default);
        proposer.ElectWithEmptyPromises(1, 2);
        for (int i = 0; i < 6; i++)
        {
            proposer.Propose(Cmd("c", i));
            proposer.AcceptAll(proposer.GetReady(), 1, 2);
        }

        var ballot = proposer.CurrentBallot;
        proposer.GetReady();
        proposer.Step(new CatchUpRequest(1, 0, 3) { ForLeader = true });
        proposer.GetReady();
        proposer.Step(Chunk(1, ballot, 0, 2));
        proposer.Step(Complete(2, ballot, 3, Entry(3, B(1, 1), Old)));

        Assert.Empty(proposer.GetReady().Sent<Accept>());
    }
}
