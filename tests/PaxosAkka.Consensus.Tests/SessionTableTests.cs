using static PaxosAkka.Consensus.Tests.Support.Fixtures;

namespace PaxosAkka.Consensus.Tests;

/// <summary>Exactly-once application of retried client commands.</summary>
public class SessionTableTests
{
    [Fact]
    public void Session_table_applies_retry_once()
    {
        var table = new SessionTable();
        var id = new CommandId("client", 1);

        Assert.True(table.TryApply(id));
        Assert.False(table.TryApply(id)); // the same command chosen again in a later slot after a retry
        Assert.True(table.IsApplied(id));
    }

    [Fact]
    public void Session_table_applies_pipelined_requests_chosen_out_of_order()
    {
        var table = new SessionTable();

        Assert.True(table.TryApply(new CommandId("c", 2)));
        Assert.True(table.TryApply(new CommandId("c", 1)));
        Assert.False(table.TryApply(new CommandId("c", 2)));
        Assert.Equal(2, table.Watermark("c"));
        Assert.False(table.IsApplied(new CommandId("c", 3)));
    }

    [Fact]
    public void Session_table_keeps_clients_apart()
    {
        var table = new SessionTable();
        Assert.True(table.TryApply(Cmd("a", 1).Id));
        Assert.True(table.TryApply(Cmd("b", 1).Id));
        Assert.Equal(2, table.ClientCount);
    }

    [Fact]
    public void Session_table_memory_per_client_is_bounded()
    {
        var table = new SessionTable(maxOutOfOrderPerClient: 2);
        table.TryApply(new CommandId("c", 5));
        table.TryApply(new CommandId("c", 6));
        table.TryApply(new CommandId("c", 7));

        // Over the bound, the watermark jumps: requests that old count as applied.
        Assert.True(table.Watermark("c") >= 5);
        Assert.False(table.TryApply(new CommandId("c", 1)));
    }

    [Fact]
    public void Session_table_rejects_malformed_ids_clearly()
    {
        var table = new SessionTable();
        Assert.Throws<ArgumentException>(() => table.TryApply(new CommandId("", 1)));
        Assert.Throws<ArgumentException>(() => table.TryApply(new CommandId("c", 0)));
    }

    [Fact]
    public void Session_table_restored_from_its_export_makes_every_decision_the_original_makes()
    {
        var original = new SessionTable(maxOutOfOrderPerClient: 4);
        long[] applied = [1, 2, 3, 7, 9, 1_000_000];
        foreach (long sequence in applied)
        {
            original.TryApply(new CommandId("a", sequence));
        }

        original.TryApply(new CommandId("b", 2));

        var restored = new SessionTable(maxOutOfOrderPerClient: 4);
        foreach (var client in original.Export())
        {
            restored.Restore(client);
        }

        Assert.Equal(original.Export(), restored.Export(), (x, y) => x.ClientId == y.ClientId && x.Watermark == y.Watermark && x.Above.SequenceEqual(y.Above));
        foreach (string client in new[] { "a", "b", "c" })
        {
            for (long sequence = 1; sequence <= 12; sequence++)
            {
                var id = new CommandId(client, sequence);
                Assert.Equal(original.IsApplied(id), restored.IsApplied(id));
            }
        }

        Assert.False(restored.TryApply(new CommandId("a", 1_000_000)));
        Assert.True(restored.TryApply(new CommandId("a", 4)));
    }

    [Fact]
    public void Session_table_refuses_a_malformed_client_state()
    {
        var table = new SessionTable();
        Assert.Throws<ArgumentException>(() => table.Restore(new ClientSessionState("", 0, [])));
        Assert.Throws<ArgumentOutOfRangeException>(() => table.Restore(new ClientSessionState("c", -1, [])));
        Assert.Throws<ArgumentException>(() => table.Restore(new ClientSessionState("c", 5, [6])));
        Assert.Throws<ArgumentException>(() => table.Restore(new ClientSessionState("c", 5, [8, 8])));
        Assert.Equal(0, table.ClientCount);
    }
}
