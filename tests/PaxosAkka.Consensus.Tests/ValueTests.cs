using PaxosAkka.Consensus.Tests.Support;

namespace PaxosAkka.Consensus.Tests;

/// <summary>Values are compared by content: learners count votes for equal values, checkers compare logs.</summary>
public class ValueTests
{
    [Fact]
    public void Command_equality_includes_payload_bytes()
    {
        var a = Fixtures.Cmd("c", 1, "set x 1");
        var sameBytes = Fixtures.Cmd("c", 1, "set x 1");
        var otherBytes = Fixtures.Cmd("c", 1, "set x 2");

        Assert.Equal(a, sameBytes);
        Assert.Equal(a.GetHashCode(), sameBytes.GetHashCode());
        Assert.NotEqual(a, otherBytes);
        Assert.NotEqual(a, Fixtures.Cmd("c", 2, "set x 1"));
    }

    [Fact]
    public void Slot_value_equality_is_structural_over_commands()
    {
        var batch = SlotValue.Of([Fixtures.Cmd("a", 1), Fixtures.Cmd("b", 1)]);
        var same = SlotValue.Of([Fixtures.Cmd("a", 1), Fixtures.Cmd("b", 1)]);
        var reordered = SlotValue.Of([Fixtures.Cmd("b", 1), Fixtures.Cmd("a", 1)]);

        Assert.Equal(batch, same);
        Assert.Equal(batch.GetHashCode(), same.GetHashCode());
        Assert.NotEqual(batch, reordered);
    }

    [Fact]
    public void Noop_is_the_empty_value()
    {
        Assert.True(SlotValue.NoOp.IsNoOp);
        Assert.Equal(SlotValue.NoOp, new SlotValue(default));
        Assert.False(Fixtures.Value("a", 1).IsNoOp);
    }
}
