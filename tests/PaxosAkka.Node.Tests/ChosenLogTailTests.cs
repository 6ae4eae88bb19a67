using System.Collections.Immutable;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Client;
using PaxosAkka.Node.Store;

namespace PaxosAkka.Node.Tests;

/// <summary>The chosen-log tail the web console shows: newest first, bounded, described without values.</summary>
public class ChosenLogTailTests
{
    private static ChosenEntry Slot(long slot, params Command[] commands) => new(slot, new SlotValue([.. commands]));

    private static Command Put(string client, long sequence, string key, int size) =>
        new(new CommandId(client, sequence), KvCommandCodec.Encode(new KvPutCommand(key, new byte[size])));

    [Fact]
    public void Tail_answers_the_latest_slots_newest_first_and_forgets_beyond_its_capacity()
    {
        var tail = new ChosenLogTail(capacity: 3);
        for (long slot = 0; slot < 5; slot++)
        {
            tail.Record(Slot(slot, Put("c", slot + 1, $"k{slot}", 1)));
        }

        Assert.Equal([4L, 3L, 2L], tail.Latest(10).Select(e => e.Slot));
        Assert.Equal([4L, 3L], tail.Latest(2).Select(e => e.Slot));
        Assert.Empty(new ChosenLogTail().Latest(5));
    }

    [Fact]
    public void A_slot_is_described_by_kind_key_size_and_command_id_not_by_its_value()
    {
        var entry = ChosenLogTail.Describe(Slot(7, Put("node-1-ab", 3, "files/a", 1024 * 1024), new Command(new CommandId("x", 1), [1, 2, 3])));
        Assert.Equal(7, entry.Slot);
        Assert.Equal(2, entry.CommandCount);
        Assert.Equal(new ChosenCommandSummary("node-1-ab", 3, "put", "files/a", 1024 * 1024), entry.Commands[0]);
        Assert.Equal(new ChosenCommandSummary("x", 1, "other", null, 3), entry.Commands[1]);
    }

    [Fact]
    public void A_large_batch_is_counted_but_only_its_first_commands_are_described()
    {
        var commands = Enumerable.Range(1, 20).Select(i => Put("c", i, $"k{i}", 1)).ToArray();
        var entry = ChosenLogTail.Describe(Slot(0, commands));
        Assert.Equal(20, entry.CommandCount);
        Assert.Equal(ChosenLogTail.CommandsPerSlot, entry.Commands.Count);
    }

    [Fact]
    public void A_no_op_slot_has_no_commands()
    {
        var entry = ChosenLogTail.Describe(new ChosenEntry(3, new SlotValue(ImmutableArray<Command>.Empty)));
        Assert.Equal(0, entry.CommandCount);
        Assert.Empty(entry.Commands);
    }
}
