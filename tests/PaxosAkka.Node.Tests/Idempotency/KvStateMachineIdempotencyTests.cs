using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Replication;
using PaxosAkka.Node.Store;
using PaxosAkka.Node.Tests.Replication;
using PaxosAkka.Node.Hosting;
using Xunit.Abstractions;
using static PaxosAkka.Node.Replication.ReplicationProtocol;

namespace PaxosAkka.Node.Tests.Idempotency;

/// <summary>
/// Issue 12 in the replicated state: no request is ever answered with another request's result. The Idempotency-Key
/// table is decided in log order from each entry's own payload, so every replica, whichever leader proposed the slots,
/// after a restart (replay) or a snapshot install, makes the same decisions; and its memory stays within its bound.
/// </summary>
[Collection(HeapMeasurements.Name)]
public sealed class KvStateMachineIdempotencyTests(ITestOutputHelper output)
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private static Command Keyed(string idempotencyKey, KvCommand command) =>
        new(IdempotencyKeys.CommandIdFor(idempotencyKey, command), KvCommandCodec.Encode(command));

    private static ChosenEntry Slot(long slot, params Command[] commands) => new(slot, new SlotValue([.. commands]));

    private static string? Read(KvStateMachine store, string key) =>
        store.ReadLocal(key) is KvValue v ? Encoding.UTF8.GetString(v.Value) : null;

    [Fact]
    public void A_key_reused_for_another_put_delete_or_cas_is_refused_and_changes_nothing()
    {
        var store = new KvStateMachine();
        Assert.Equal(new KvWritten(1), store.Apply(Slot(0, Keyed("K1", new KvPutCommand("a", B("v-a")))))[0].Result);

        var putB = store.Apply(Slot(1, Keyed("K1", new KvPutCommand("b", B("v-b")))))[0].Result;
        var deleteA = store.Apply(Slot(2, Keyed("K1", new KvDeleteCommand("a"))))[0].Result;
        var casB = store.Apply(Slot(3, Keyed("K1", new KvCasCommand("b", null, B("x")))))[0].Result;

        Assert.Equal(("PUT", "b"), Describe(Assert.IsType<KvIdempotencyConflict>(putB)));
        Assert.Equal(("DELETE", "a"), Describe(Assert.IsType<KvIdempotencyConflict>(deleteA)));
        Assert.Equal(("CAS", "b"), Describe(Assert.IsType<KvIdempotencyConflict>(casB)));
        Assert.Null(Read(store, "b"));
        Assert.Equal("v-a", Read(store, "a"));
        Assert.Equal(1, store.Revision);

        // The same request again: the remembered answer, not applied again.
        Assert.Equal(new KvWritten(1), store.Apply(Slot(4, Keyed("K1", new KvPutCommand("a", B("v-a")))))[0].Result);
        Assert.Equal(1, store.Revision);
    }

    [Fact]
    public void A_cas_conflict_remembered_under_a_key_is_never_the_answer_to_a_cas_on_another_key()
    {
        // The report: 409 {"current": X} for key b, where X was only ever written to key a.
        var store = new KvStateMachine();
        store.Apply(Slot(0, Keyed("setup", new KvPutCommand("a", B("X")))));
        var first = store.Apply(Slot(1, Keyed("K", new KvCasCommand("a", B("other"), B("Y")))))[0].Result;
        Assert.Equal("X", Encoding.UTF8.GetString(Assert.IsType<KvConflict>(first).Current!));

        var onB = store.Apply(Slot(2, Keyed("K", new KvCasCommand("b", null, B("Y")))))[0].Result;

        var conflict = Assert.IsType<KvIdempotencyConflict>(onB);
        Assert.Equal("Idempotency-Key K was first used for CAS a; this request is CAS b. A key names one request: send a new request with a new Idempotency-Key.", conflict.Describe());
        Assert.Null(Read(store, "b"));
    }

    [Fact]
    public void Two_different_requests_with_one_key_in_one_slot_apply_only_the_first_and_each_gets_its_own_answer()
    {
        var store = new KvStateMachine();
        var putA = Keyed("K1", new KvPutCommand("a", B("v-a")));
        var putB = Keyed("K1", new KvPutCommand("b", B("v-b")));
        Assert.NotEqual(putA.Id, putB.Id);

        var results = store.Apply(Slot(0, putA, putB));

        Assert.Equal((putA.Id, (KvResult)new KvWritten(1)), results[0]);
        Assert.Equal(putB.Id, results[1].Id);
        Assert.IsType<KvIdempotencyConflict>(results[1].Result);
        Assert.Null(Read(store, "b"));
    }

    [Fact]
    public void Across_a_leader_change_every_replica_decides_by_log_order_alone()
    {
        // Leader 1 chose slot 0; it died with a retry in flight. Leader 2's log then holds a different request with the
        // key (another client's bug) before the re-proposed retry, and the retry again (chosen twice).
        var putA = Keyed("K1", new KvPutCommand("a", B("v-a")));
        var log = new[]
        {
            Slot(0, putA),
            Slot(1, Keyed("K1", new KvDeleteCommand("a")), Keyed("K2", new KvPutCommand("c", B("v-c")))),
            Slot(2, putA),
            Slot(3, putA, Keyed("K2", new KvPutCommand("c", B("v-c")))),
        };
        var follower = new KvStateMachine();
        var newLeader = new KvStateMachine();

        var answersF = log.SelectMany(follower.Apply).ToList();
        var answersL = log.SelectMany(newLeader.Apply).ToList();

        Assert.Equal(answersF.Select(a => a.Result), answersL.Select(a => a.Result), KvResultComparer.Instance);
        Assert.Equal(
            ["written(1)", "conflict", "written(2)", "written(1)", "written(1)", "written(2)"],
            answersF.Select(a => a.Result switch { KvWritten w => $"written({w.Revision})", KvIdempotencyConflict => "conflict", var r => r.ToString() }));
        Assert.Equal(("v-a", "v-c", 2L), (Read(follower, "a"), Read(follower, "c"), follower.Revision));
    }

    [Fact]
    public void After_a_restart_the_replayed_log_and_a_snapshot_make_the_same_decisions()
    {
        var log = new List<ChosenEntry>();
        var original = new KvStateMachine(new StoreOptions { MaxIdempotencyKeys = 4 });
        for (int i = 0; i < 6; i++)
        {
            log.Add(Slot(i, Keyed($"K{i}", new KvPutCommand($"k{i}", B($"v{i}")))));
            original.Apply(log[^1]);
        }

        // A node restart rebuilds its store from the log; a store that came back empty installs a peer's snapshot.
        var replayed = new KvStateMachine(new StoreOptions { MaxIdempotencyKeys = 4 });
        log.ForEach(e => replayed.Apply(e));
        var installed = KvStateMachine.Restore(original.Capture(), original.Options);
        Assert.Equal(4, installed.IdempotencyKeyCount);

        // K0 and K1 were forgotten (a reuse is a new request), K2..K5 are remembered with their fingerprints.
        long slot = log.Count;
        var next = new[]
        {
            Keyed("K5", new KvPutCommand("k5", B("v5"))),
            Keyed("K5", new KvPutCommand("k5", B("changed"))),
            Keyed("K2", new KvDeleteCommand("k2")),
            Keyed("K0", new KvPutCommand("reused", B("new"))),
            Keyed("K6", new KvPutCommand("k6", B("v6"))),
            Keyed("K3", new KvPutCommand("k3", B("v3"))),
        };
        foreach (var command in next)
        {
            var entry = Slot(slot++, command);
            var expected = original.Apply(entry).Single().Result;
            Assert.Equal(expected, replayed.Apply(entry).Single().Result, KvResultComparer.Instance);
            Assert.Equal(expected, installed.Apply(entry).Single().Result, KvResultComparer.Instance);
        }

        Assert.Equal("new", Read(installed, "reused"));
        Assert.Equal("v5", Read(installed, "k5"));
        Assert.Equal("v2", Read(installed, "k2"));
        Assert.Equal((original.Revision, original.IdempotencyKeyCount), (installed.Revision, installed.IdempotencyKeyCount));
    }

    [Fact]
    public void Fingerprints_travel_in_snapshot_chunks_over_the_wire_and_the_installed_store_refuses_the_same_reuse()
    {
        var options = ReplicationOptions.Default with { SnapshotChunkItems = 2 };
        var source = new StoreParticipant(11, options: options);
        for (int i = 0; i < 5; i++)
        {
            source.OnCatchUp(new StoreCatchUp(1, [Slot(i, Keyed($"K{i}", new KvPutCommand($"k{i}", B($"v{i}"))))]));
        }

        var target = new StoreParticipant(13, options: options);
        var request = target.OnInstallSnapshot(new StoreInstallSnapshot(1, 11));
        while (request is not null)
        {
            var chunk = source.OnSnapshotRequest(request);
            request = target.OnSnapshotChunk(Wire.RoundTrip(chunk)).Next;
        }

        Assert.Equal(5, target.State.IdempotencyKeyCount);
        var reuse = Slot(5, Keyed("K3", new KvDeleteCommand("k3")));
        var answer = target.OnCommit(new StoreCommit(1, 5, 1, [reuse])).Results.Single().Result;
        Assert.Equal(source.OnCommit(new StoreCommit(1, 5, 1, [reuse])).Results.Single().Result, answer);
        Assert.Equal(("PUT", "k3"), (((KvIdempotencyConflict)answer).First.Operation, ((KvIdempotencyConflict)answer).First.Key));
    }

    [Fact]
    public void A_conflict_answer_crosses_the_wire_to_the_node_that_took_the_request()
    {
        var conflict = new KvIdempotencyConflict("K1", RequestFingerprint.Of(new KvPutCommand("a", B("v-a"))), RequestFingerprint.Of(new KvDeleteCommand("a")));
        var replies = new ClientReplies([new CommandResult(IdempotencyKeys.CommandIdFor("K1", new KvDeleteCommand("a")), conflict)]);

        var back = Wire.RoundTrip(replies);

        Assert.Equal(replies.Results.Single(), back.Results.Single());
    }

    [Fact]
    public void Keyed_requests_add_no_session_and_no_sequenced_answer()
    {
        var store = new KvStateMachine();
        for (int i = 0; i < 50; i++)
        {
            store.Apply(Slot(i, Keyed($"K{i}", new KvPutCommand("k", B($"v{i}")))));
        }

        Assert.Equal((50, 0, 0), (store.IdempotencyKeyCount, store.SessionClientCount, store.RememberedAnswerCount));
    }

    [Fact]
    public void An_entry_logged_before_fingerprints_existed_is_decided_by_its_payload()
    {
        // Older nodes named every keyed request ("idem:" + key, 1): the sequence never decides, the payload does.
        var store = new KvStateMachine();
        var put = new KvPutCommand("a", B("v-a"));
        store.Apply(Slot(0, new Command(new CommandId("idem:K1", 1), KvCommandCodec.Encode(put))));

        Assert.Equal(new KvWritten(1), store.Apply(Slot(1, Keyed("K1", put)))[0].Result);
        Assert.IsType<KvIdempotencyConflict>(store.Apply(Slot(2, new Command(new CommandId("idem:K1", 1), KvCommandCodec.Encode(new KvDeleteCommand("a")))))[0].Result);
        Assert.Equal("v-a", Read(store, "a"));
    }

    [Fact]
    public void A_million_writes_with_unique_keys_keep_the_table_within_its_bound()
    {
        const int Writes = 1_000_000;
        const int PerSlot = 100;
        var store = new KvStateMachine();
        int bound = store.Options.MaxIdempotencyKeys;
        int largest = 0;
        long atBound = 0;
        var clock = Stopwatch.StartNew();
        for (int slot = 0; slot < Writes / PerSlot; slot++)
        {
            var commands = new Command[PerSlot];
            for (int i = 0; i < PerSlot; i++)
            {
                int n = (slot * PerSlot) + i;
                // The sequence never decides (the payload does), so the test skips computing each request's tag.
                var put = new KvPutCommand($"k{n % 16}", B($"value-{n}"));
                commands[i] = new Command(new CommandId($"{IdempotencyKeys.ClientPrefix}request-{n:D7}", 1), KvCommandCodec.Encode(put));
            }

            store.Apply(Slot(slot, commands));
            largest = Math.Max(largest, store.IdempotencyKeyCount);
            Assert.True(store.IdempotencyKeyCount <= bound, $"{store.IdempotencyKeyCount} keys remembered after slot {slot}, bound {bound}");
            if ((slot + 1) * PerSlot == bound)
            {
                atBound = GC.GetTotalMemory(forceFullCollection: true);
            }
        }

        long atEnd = GC.GetTotalMemory(forceFullCollection: true);
        Assert.Equal(bound, store.IdempotencyKeyCount);
        Assert.Equal((0, 0), (store.SessionClientCount, store.RememberedAnswerCount));
        Assert.Equal(Writes, store.Revision);
        // The oldest keys were forgotten, the newest are remembered.
        Assert.Null(store.RecallIdempotent("request-0000000", RequestFingerprint.Of(new KvPutCommand("k0", B("value-0")))));
        Assert.Equal(new KvWritten(Writes), store.RecallIdempotent($"request-{Writes - 1:D7}", RequestFingerprint.Of(new KvPutCommand($"k{(Writes - 1) % 16}", B($"value-{Writes - 1}")))));
        // Growth after the table filled is noise, not a leak: nothing but the table holds per-request memory.
        Assert.True(atEnd < atBound * 1.2, $"heap grew from {atBound:N0} B at the bound to {atEnd:N0} B after {Writes:N0} writes");
        output.WriteLine($"{Writes:N0} keyed writes with unique Idempotency-Keys in {clock.Elapsed.TotalSeconds:F1} s: table largest {largest:N0} keys (bound {bound:N0}), "
            + $"heap {atBound / 1e6:F1} MB when the table first filled, {atEnd / 1e6:F1} MB after the last write (~{atEnd / (double)bound:F0} B per remembered key incl. the 16 values)");
    }

    private static (string, string) Describe(KvIdempotencyConflict conflict)
    {
        Assert.Equal(("PUT", "a"), (conflict.First.Operation, conflict.First.Key));
        return (conflict.Request.Operation, conflict.Request.Key);
    }
}
