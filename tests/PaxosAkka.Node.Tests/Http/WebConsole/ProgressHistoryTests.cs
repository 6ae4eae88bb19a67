using PaxosAkka.Node.Client;
using PaxosAkka.Node.Http.WebConsole;

namespace PaxosAkka.Node.Tests.Http.WebConsole;

/// <summary>The console's progress samples: chosen slots per second, the leader and ballot over time.</summary>
public class ProgressHistoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static PaxosStatus Status(long firstUnchosen, int? leader = 1, string ballot = "(1.1)", Dictionary<string, object>? roles = null) =>
        new(1, leader, ballot, firstUnchosen, firstUnchosen - 1, roles ?? []);

    [Fact]
    public void Rate_is_the_slots_chosen_since_the_previous_sample_per_second()
    {
        var history = new ProgressHistory(10);
        Assert.Equal(0, history.Add(T0, Status(100)).SlotsPerSecond);
        Assert.Equal(40, history.Add(T0.AddMilliseconds(500), Status(120)).SlotsPerSecond);
        Assert.Equal(0, history.Add(T0.AddMilliseconds(1000), Status(120)).SlotsPerSecond);
    }

    [Theory]
    [InlineData(10, 5, 1000)]
    [InlineData(5, 10, 0)]
    [InlineData(5, 10, -3)]
    public void Rate_is_zero_when_the_slot_went_back_or_no_time_passed(long before, long after, long elapsedMs)
    {
        Assert.Equal(0, ProgressHistory.SlotsPerSecond(before, after, elapsedMs));
    }

    [Fact]
    public void History_keeps_its_capacity_and_numbers_samples_so_a_reader_gets_only_new_ones()
    {
        var history = new ProgressHistory(3);
        for (int i = 0; i < 5; i++)
        {
            history.Add(T0.AddSeconds(i), Status(i, leader: i < 3 ? 1 : 2));
        }

        Assert.Equal([2L, 3L, 4L], history.Since(0).Select(s => s.Sequence));
        Assert.Equal([4L], history.Since(4).Select(s => s.Sequence));
        Assert.Empty(history.Since(history.NextSequence));
        Assert.Equal([1, 2, 2], history.Since(0).Select(s => s.Leader!.Value));
        Assert.Equal(T0.AddSeconds(4).ToUnixTimeMilliseconds(), history.Since(0)[^1].AtMs);
    }

    [Fact]
    public void Known_ballot_is_the_leading_proposers_else_the_acceptors_promise_else_the_reported_one()
    {
        var leading = new Dictionary<string, object>
        {
            ["proposer"] = new ProposerRoleState("leading", "(4.2)", 0, 0, 0),
            ["acceptor"] = new AcceptorRoleState("(4.2)", 0),
        };
        var following = new Dictionary<string, object>
        {
            ["proposer"] = new ProposerRoleState("following", "(0.0)", 0, 0, 0),
            ["acceptor"] = new AcceptorRoleState("(4.2)", 0),
        };
        Assert.Equal("(4.2)", ProgressHistory.KnownBallot(Status(0, roles: leading)));
        Assert.Equal("(4.2)", ProgressHistory.KnownBallot(Status(0, ballot: "(0.0)", roles: following)));
        Assert.Equal("(9.9)", ProgressHistory.KnownBallot(Status(0, ballot: "(9.9)")));
    }
}
