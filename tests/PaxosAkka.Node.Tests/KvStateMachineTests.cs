using System.Collections.Immutable;
using System.Text;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Store;

namespace PaxosAkka.Node.Tests;

public class KvStateMachineTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private static Command Cmd(string client, long seq, KvCommand command) =>
        new(new CommandId(client, seq), KvCommandCodec.Encode(command));

    private static ChosenEntry Slot(long slot, params Command[] commands) =>
        new(slot, new SlotValue(commands.ToImmutableArray()));

    [Fact]
    public void Put_then_read_returns_value_and_its_revision()
    {
        var store = new KvStateMachine();
        var results = store.Apply(Slot(0, Cmd("c", 1, new KvPutCommand("k", B("v"))), Cmd("c", 2, new KvReadCommand("k"))));
        Assert.Equal(new KvWritten(1), results[0].Result);
        var read = Assert.IsType<KvValue>(results[1].Result);
        Assert.Equal("v", Encoding.UTF8.GetString(read.Value));
        Assert.Equal(1, read.Revision);
    }

    [Fact]
    public void Slots_apply_only_in_order()
    {
        var store = new KvStateMachine();
        store.Apply(Slot(0));
        var error = Assert.Throws<InvalidOperationException>(() => store.Apply(Slot(2)));
        Assert.Contains("next slot is 1", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => store.Apply(Slot(0)));
    }

    [Fact]
    public void Retried_command_chosen_twice_is_applied_once_and_answered_the_same()
    {
        var store = new KvStateMachine();
        var put = Cmd("idem:abc", 1, new KvPutCommand("k", B("v1")));
        var first = store.Apply(Slot(0, put));
        store.Apply(Slot(1, Cmd("c", 1, new KvPutCommand("k", B("v2")))));
        var retry = store.Apply(Slot(2, put));
        Assert.Equal(first[0].Result, retry[0].Result);
        Assert.Equal(2, store.Revision);
        var value = Assert.IsType<KvValue>(store.ReadLocal("k"));
        Assert.Equal("v2", Encoding.UTF8.GetString(value.Value));
    }

    [Fact]
    public void Retry_whose_answer_was_evicted_reports_already_applied_without_applying_again()
    {
        var store = new KvStateMachine(new StoreOptions { MaxRememberedAnswers = 1 });
        var put = Cmd("a", 1, new KvPutCommand("k", B("v")));
        store.Apply(Slot(0, put, Cmd("b", 1, new KvPutCommand("x", B("y")))));
        var retry = store.Apply(Slot(1, put));
        Assert.Same(KvAlreadyApplied.Instance, retry[0].Result);
        Assert.Equal(2, store.Revision);
    }

    [Fact]
    public void Delete_of_missing_key_is_not_found_and_changes_no_revision()
    {
        var store = new KvStateMachine();
        var results = store.Apply(Slot(0, Cmd("c", 1, new KvDeleteCommand("k"))));
        Assert.Same(KvNotFound.Instance, results[0].Result);
        Assert.Equal(0, store.Revision);
    }

    [Fact]
    public void Delete_of_present_key_removes_it_with_a_new_revision()
    {
        var store = new KvStateMachine();
        var results = store.Apply(Slot(0, Cmd("c", 1, new KvPutCommand("k", B("v"))), Cmd("c", 2, new KvDeleteCommand("k"))));
        Assert.Equal(new KvWritten(2), results[1].Result);
        Assert.Same(KvNotFound.Instance, store.ReadLocal("k"));
    }

    [Fact]
    public void Cas_writes_only_when_expected_matches_and_reports_current_otherwise()
    {
        var store = new KvStateMachine();
        var results = store.Apply(Slot(0,
            Cmd("c", 1, new KvCasCommand("k", null, B("a"))),
            Cmd("c", 2, new KvCasCommand("k", null, B("b"))),
            Cmd("c", 3, new KvCasCommand("k", B("a"), B("c"))),
            Cmd("c", 4, new KvCasCommand("k", B("zzz"), B("d")))));
        Assert.Equal(new KvWritten(1), results[0].Result);
        Assert.Equal("a", Encoding.UTF8.GetString(Assert.IsType<KvConflict>(results[1].Result).Current!));
        Assert.Equal(new KvWritten(2), results[2].Result);
        Assert.Equal("c", Encoding.UTF8.GetString(Assert.IsType<KvConflict>(results[3].Result).Current!));
    }

    [Fact]
    public void Undecodable_log_entry_is_rejected_identically_without_stopping_the_slot()
    {
        var store = new KvStateMachine();
        var garbage = new Command(new CommandId("c", 1), [9, 9, 9]);
        var results = store.Apply(Slot(0, garbage, Cmd("c", 2, new KvPutCommand("k", B("v")))));
        Assert.IsType<KvRejected>(results[0].Result);
        Assert.Equal(new KvWritten(1), results[1].Result);
    }

    [Fact]
    public void Replicas_applying_the_same_log_reach_the_same_state()
    {
        var random = new Random(42);
        var log = new List<ChosenEntry>();
        for (var slot = 0; slot < 200; slot++)
        {
            var commands = Enumerable.Range(0, random.Next(0, 4)).Select(i =>
            {
                var key = $"k{random.Next(5)}";
                KvCommand c = random.Next(4) switch
                {
                    0 => new KvPutCommand(key, B($"v{slot}-{i}")),
                    1 => new KvDeleteCommand(key),
                    2 => new KvCasCommand(key, random.Next(2) == 0 ? null : B($"v{random.Next(slot + 1)}-0"), B($"c{slot}")),
                    _ => new KvReadCommand(key),
                };
                return Cmd($"client{random.Next(3)}", slot * 10 + i + 1, c);
            }).ToArray();
            log.Add(Slot(slot, commands));
        }

        var a = new KvStateMachine();
        var b = new KvStateMachine();
        var answersA = log.SelectMany(e => a.Apply(e)).ToList();
        var answersB = log.SelectMany(e => b.Apply(e)).ToList();
        Assert.Equal(answersA.Count, answersB.Count);
        Assert.Equal(a.Revision, b.Revision);
        for (var k = 0; k < 5; k++)
        {
            Assert.Equal(Describe(a.ReadLocal($"k{k}")), Describe(b.ReadLocal($"k{k}")));
        }
    }

    private static string Describe(KvResult r) => r is KvValue v ? $"{Encoding.UTF8.GetString(v.Value)}@{v.Revision}" : r.ToString();
}
