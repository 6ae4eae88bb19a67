using static PaxosAkka.Consensus.PaxosProtocol;
using static PaxosAkka.Consensus.Tests.Support.Fixtures;

namespace PaxosAkka.Consensus.Tests;

/// <summary>
/// A catch-up reply is bounded in bytes as well as in entries: big batched slots must not add up to a message
/// the transport refuses, or a restarted learner would never catch up.
/// </summary>
public class CatchUpReplySizeTests
{
    private static SlotValue Big(long slot) =>
        SlotValue.Of(Enumerable.Range(0, 64).Select(i => new Command(new CommandId("client", slot * 100 + i), new byte[4096])));

    [Fact]
    public void Catch_up_reply_stops_at_the_byte_budget_and_the_next_request_continues_after_it()
    {
        var helper = new Learner(1, Three, LearnerOptions.Default);
        for (long slot = 0; slot < 20; slot++)
        {
            helper.Step(new Chosen(2, 1, slot, Big(slot)));
        }

        helper.GetReady();
        helper.Step(new CatchUpRequest(0, 1, 0));
        var first = Assert.Single(helper.GetReady().Sent<CatchUpReply>()).Entries;

        Assert.InRange(first.Length, 1, 19);
        Assert.True(first.Sum(e => Learner.ApproximateSize(e.Value)) - Learner.ApproximateSize(first[^1].Value) < Learner.MaxCatchUpBytes);
        Assert.Equal(Enumerable.Range(0, first.Length).Select(i => (long)i), first.Select(e => e.Slot));

        helper.Step(new CatchUpRequest(0, 1, first.Length));
        var second = Assert.Single(helper.GetReady().Sent<CatchUpReply>()).Entries;
        Assert.Equal(first.Length, second[0].Slot);
    }

    [Fact]
    public void A_single_slot_over_the_budget_is_still_sent_so_catch_up_progresses()
    {
        var huge = SlotValue.Of(new Command(new CommandId("client", 1), new byte[(int)Learner.MaxCatchUpBytes + 1]));
        var helper = new Learner(1, Three, LearnerOptions.Default);
        helper.Step(new Chosen(2, 1, 0, huge));
        helper.Step(new Chosen(2, 1, 1, huge));
        helper.GetReady();

        helper.Step(new CatchUpRequest(0, 1, 0));

        Assert.Equal([0L], Assert.Single(helper.GetReady().Sent<CatchUpReply>()).Entries.Select(e => e.Slot));
    }
}
