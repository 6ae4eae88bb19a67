using System.Collections.Immutable;
using System.Text;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Replication;
using PaxosAkka.Node.Store;
using static PaxosAkka.Node.Replication.ReplicationProtocol;

namespace PaxosAkka.Node.Tests.Replication;

/// <summary>
/// Issue 7 item 4: a store that comes back catches up from a peer store's snapshot plus the learned log. The
/// snapshot is the whole replica state (keys, session table, remembered answers), captured once, sent in bounded
/// chunks and installed in one step.
/// </summary>
public sealed class StoreSnapshotTests
{
    private static readonly ReplicationOptions SmallChunks = ReplicationOptions.Default with { SnapshotChunkItems = 4 };

    [Fact]
    public void A_restored_replica_answers_and_deduplicates_exactly_as_the_one_it_was_captured_from()
    {
        var original = new KvStateMachine();
        long slot = 0;
        // Two node clients with pipelined sequences applied out of order, and idempotency-key clients.
        foreach (var id in new[] { Id("a", 1), Id("a", 3), Id("a", 2), Id("b", 5), Id("b", 1), Id("idem:x", 1), Id("a", 7) })
        {
            original.Apply(Put(slot++, id, "k-" + id.ClientId, "v" + id.Sequence));
        }

        original.Apply(new ChosenEntry(slot++, SlotValue.Of(new Command(Id("c", 1), KvCommandCodec.Encode(new KvDeleteCommand("k-b"))))));

        var restored = KvStateMachine.Restore(original.Capture());

        Assert.Equal((original.AppliedSlot, original.Revision, original.Count), (restored.AppliedSlot, restored.Revision, restored.Count));
        foreach (string key in new[] { "k-a", "k-b", "k-idem:x", "missing" })
        {
            Assert.Equal(original.ReadLocal(key), restored.ReadLocal(key), KvResultComparer.Instance);
        }

        // The same next slots (retries of applied ids, new ids, a sequence inside a client's gap) give the same answers.
        var next = new[] { Id("a", 3), Id("a", 4), Id("b", 5), Id("b", 2), Id("idem:x", 1), Id("a", 7), Id("a", 8), Id("d", 1) };
        foreach (var id in next)
        {
            var entry = Put(slot++, id, "k-" + id.ClientId, "w" + id.Sequence);
            var expected = original.Apply(entry);
            var actual = restored.Apply(entry);
            Assert.Equal(expected.Select(r => r.Result), actual.Select(r => r.Result), KvResultComparer.Instance);
        }

        Assert.Equal(original.Revision, restored.Revision);
    }

    [Fact]
    public void A_session_far_past_the_out_of_order_window_survives_a_snapshot()
    {
        var original = new KvStateMachine();
        long slot = 0;
        for (long sequence = 1; sequence <= 3_000; sequence++)
        {
            if (sequence != 2_990)
            {
                original.Apply(Put(slot++, Id("n", sequence), "k", "v" + sequence));
            }
        }

        var restored = KvStateMachine.Restore(original.Capture());

        foreach (long sequence in new long[] { 1, 1_500, 2_989, 2_990, 2_991, 3_000, 3_001 })
        {
            var entry = Put(slot++, Id("n", sequence), "k", "again");
            Assert.Equal(original.Apply(entry).Single().Result, restored.Apply(entry).Single().Result, KvResultComparer.Instance);
        }
    }

    [Fact]
    public void A_snapshot_travels_in_bounded_chunks_of_one_frozen_copy_while_the_source_goes_on_applying()
    {
        var source = new StoreParticipant(11, options: SmallChunks);
        var target = new StoreParticipant(13, options: SmallChunks);
        for (int i = 0; i < 10; i++)
        {
            source.OnCatchUp(new StoreCatchUp(1, [Put(i, Id("c", i + 1), "k" + i, "v" + i)]));
        }

        var request = target.OnInstallSnapshot(new StoreInstallSnapshot(1, 11));
        int chunks = 0;
        SnapshotStep? step = null;
        while (request is not null)
        {
            var chunk = source.OnSnapshotRequest(request);
            Assert.True(chunk.Entries.Length + chunk.Sessions.Length + chunk.Results.Length + chunk.IdempotentAnswers.Length <= 4, "a chunk holds at most SnapshotChunkItems items");
            chunks++;
            Assert.True(target.Installing);
            // The source commits more while the transfer runs: the snapshot stays the one captured at chunk 0.
            source.OnCatchUp(new StoreCatchUp(1, [Put(source.AppliedSlot + 1, Id("c", source.AppliedSlot + 2), "late", "x")]));
            step = target.OnSnapshotChunk(chunk);
            request = step.Next;
        }

        Assert.True(chunks > 1);
        Assert.Equal(new StoreStatus(13, 9, null), step!.Installed);
        Assert.Equal(1, step.Learner);
        Assert.False(target.Installing);
        Assert.Equal((1, 9L, 10L), (target.SnapshotsInstalled, target.SnapshotSlot, target.State.Revision));
        Assert.Equal(KvNotFound.Instance, target.State.ReadLocal("late"));
        Assert.Equal("v9", Encoding.UTF8.GetString(((KvValue)target.State.ReadLocal("k9")).Value));
        Assert.Equal(0, source.SnapshotsHeld);
    }

    [Fact]
    public void A_store_fetching_a_snapshot_votes_no_on_every_prepare()
    {
        var target = new StoreParticipant(13, options: SmallChunks);
        Assert.NotNull(target.OnInstallSnapshot(new StoreInstallSnapshot(1, 11)));

        var vote = target.OnPrepare(new StorePrepare(1, 0, 1, [Put(0, Id("c", 1), "k", "v")]));

        Assert.False(vote.Yes);
    }

    [Fact]
    public void A_progressing_transfer_is_not_restarted_but_a_stalled_or_refused_one_starts_over()
    {
        var source = new StoreParticipant(11, options: SmallChunks);
        for (int i = 0; i < 10; i++)
        {
            source.OnCatchUp(new StoreCatchUp(1, [Put(i, Id("c", i + 1), "k" + i, "v" + i)]));
        }

        var target = new StoreParticipant(13, options: SmallChunks);
        var ask = new StoreInstallSnapshot(1, 11);
        var first = target.OnInstallSnapshot(ask)!;
        var second = target.OnSnapshotChunk(source.OnSnapshotRequest(first)).Next!;

        Assert.Null(target.OnInstallSnapshot(ask));
        // No chunk for StallAsks asks in a row: it starts over (a new attempt) at chunk 0.
        for (int i = 1; i < SnapshotInstall.StallAsks; i++)
        {
            Assert.Null(target.OnInstallSnapshot(ask));
        }

        var restart = target.OnInstallSnapshot(ask)!;
        Assert.Equal((0, first.Attempt + 1), (restart.Chunk, restart.Attempt));

        // The abandoned attempt's next chunk still arrives: it is ignored, the new attempt goes on.
        Assert.Equal(new SnapshotStep(null, null, null), target.OnSnapshotChunk(source.OnSnapshotRequest(second)));
        Assert.True(target.Installing);

        // A source that no longer holds the snapshot (it restarted) refuses; the transfer is abandoned.
        var refusal = new StoreParticipant(11, options: SmallChunks).OnSnapshotRequest(restart with { Chunk = 1, SnapshotId = 5 });
        Assert.Equal(0, refusal.Count);
        Assert.Equal(new SnapshotStep(null, null, null), target.OnSnapshotChunk(refusal));
        Assert.False(target.Installing);
    }

    [Fact]
    public void Before_any_chunk_arrived_the_first_chunk_answering_an_earlier_attempt_is_installed()
    {
        var source = new StoreParticipant(11);
        source.OnCatchUp(new StoreCatchUp(1, [Put(0, Id("c", 1), "k", "v")]));
        var target = new StoreParticipant(13);
        var ask = new StoreInstallSnapshot(1, 11);
        var early = target.OnInstallSnapshot(ask)!;
        for (int i = 1; i < SnapshotInstall.StallAsks; i++)
        {
            Assert.Null(target.OnInstallSnapshot(ask));
        }

        // The connection to the source came up late: the answer to the first attempt arrives after a restart.
        Assert.NotNull(target.OnInstallSnapshot(ask));
        var step = target.OnSnapshotChunk(source.OnSnapshotRequest(early));

        Assert.Equal(new StoreStatus(13, 0, null), step.Installed);
        Assert.Equal(1, target.SnapshotsInstalled);
    }

    [Fact]
    public void A_store_already_past_the_snapshot_keeps_its_state_and_only_reports_it()
    {
        var source = new StoreParticipant(11, options: SmallChunks);
        var target = new StoreParticipant(13, options: SmallChunks);
        source.OnCatchUp(new StoreCatchUp(1, [Put(0, Id("c", 1), "k", "old")]));
        var request = target.OnInstallSnapshot(new StoreInstallSnapshot(1, 11))!;
        var chunk = source.OnSnapshotRequest(request);
        // A catch-up from the log raced the transfer and took the store past the snapshot's slot.
        target.OnCatchUp(new StoreCatchUp(1, [Put(0, Id("c", 1), "k", "old"), Put(1, Id("c", 2), "k", "new")]));

        var step = target.OnSnapshotChunk(chunk);

        Assert.Equal(new StoreStatus(13, 1, null), step.Installed);
        Assert.Equal(0, target.SnapshotsInstalled);
        Assert.Equal("new", Encoding.UTF8.GetString(((KvValue)target.State.ReadLocal("k")).Value));
    }

    [Fact]
    public void Chunks_respect_the_byte_bound_and_a_larger_item_travels_alone()
    {
        var big = new byte[5_000];
        var snapshot = new KvSnapshot(3, 3, [new("a", new byte[10], 1), new("b", big, 2), new("c", new byte[10], 3)], [], [], []);

        var parts = SnapshotSource.Split(snapshot, maxItems: 100, maxBytes: 2_000);

        Assert.Equal(["a"], parts[0].Entries.Select(e => e.Key));
        Assert.Equal(["b"], parts[1].Entries.Select(e => e.Key));
        Assert.Equal(["c"], parts[2].Entries.Select(e => e.Key));
        Assert.Single(SnapshotSource.Split(new KvSnapshot(-1, 0, [], [], [], []), 100, 2_000));
    }

    private static CommandId Id(string client, long sequence) => new(client, sequence);

    private static ChosenEntry Put(long slot, CommandId id, string key, string value) =>
        new(slot, SlotValue.Of(new Command(id, KvCommandCodec.Encode(new KvPutCommand(key, Encoding.UTF8.GetBytes(value))))));
}
