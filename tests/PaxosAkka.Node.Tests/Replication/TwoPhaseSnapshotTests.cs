using PaxosAkka.Node.Replication;
using static PaxosAkka.Node.Replication.ReplicationProtocol;

namespace PaxosAkka.Node.Tests.Replication;

/// <summary>The coordinator's side of store catch-up: a peer's snapshot for a store that came back empty, the log otherwise.</summary>
public sealed class TwoPhaseSnapshotTests
{
    private const int Learner1 = 1;
    private const int Learner2 = 2;

    [Fact]
    public void A_store_that_comes_back_empty_installs_a_peer_snapshot_and_then_the_learned_log_after_its_slot()
    {
        var (h, c) = RunningWithout13(slots: 10);
        h.Restart(13);
        StoreInstallSnapshot? install = null;
        c.OnReachability(13, true);
        h.Pump(c, Learner1, m => m.Message is not StoreInstallSnapshot i || (install = i) is null);
        Assert.Equal(11, install!.Source);

        // Store 13 gets the first chunk (the source captures slot 9), then three more slots commit without it.
        var target = h.Stores[13];
        var source = h.Stores[11];
        var step = target.OnSnapshotChunk(source.OnSnapshotRequest(target.OnInstallSnapshot(install)!));
        for (int i = 10; i < 13; i++)
        {
            h.Learn("k" + i, "v" + i);
        }

        c.OnLearned();
        h.Pump(c, Learner1);
        Assert.Equal(12, c.CommittedSlot);
        Assert.Equal([11, 12], c.Participants.Order());

        while (step.Next is { } next)
        {
            step = target.OnSnapshotChunk(source.OnSnapshotRequest(next));
        }

        Assert.Equal(9, step.Installed!.AppliedSlot);
        c.OnStatus(step.Installed);
        h.Pump(c, Learner1);

        Assert.Equal((12L, 1, 9L), (target.AppliedSlot, target.SnapshotsInstalled, target.SnapshotSlot));
        var id = h.LearnRead("k11");
        c.OnLearned();
        h.Pump(c, Learner1);
        Assert.Equal([11, 12, 13], c.Participants.Order());
        Assert.Equal("v11", TwoPhaseHarness.Text(Assert.Single(h.Replies[Learner1], r => r.Id == id).Result));
        Assert.All(h.Stores.Values, s => Assert.Equal(h.Stores[11].State.Revision, s.State.Revision));
    }

    [Fact]
    public void A_store_a_few_slots_behind_catches_up_from_the_learned_log_without_a_snapshot()
    {
        var (h, c) = ThirteenFiveSlotsBehind();
        c.OnReachability(13, true);
        h.Pump(c, Learner1);

        Assert.Equal((5L, 0), (h.Stores[13].AppliedSlot, h.Stores[13].SnapshotsInstalled));
        Assert.Empty(h.ChunksServed);
    }

    [Fact]
    public void A_retried_command_stays_applied_once_on_a_store_rebuilt_from_a_snapshot()
    {
        var (h, c) = RunningWithout13(slots: 3);
        var retried = h.Log[1].Commands[0];
        h.Restart(13);
        c.OnReachability(13, true);
        h.Pump(c, Learner1);
        Assert.Equal(1, h.Stores[13].SnapshotsInstalled);

        // The client's retry of slot 1's command is chosen again (a leader died with it in flight).
        h.Log[h.Log.Count] = PaxosAkka.Consensus.SlotValue.Of(retried);
        c.OnLearned();
        h.Pump(c, Learner1);

        Assert.Equal([11, 12, 13], c.Participants.Order());
        Assert.All(h.Stores.Values, s => Assert.Equal((3L, 3L), (s.AppliedSlot, s.State.Revision)));
    }

    [Fact]
    public void A_standby_that_coordinated_before_brings_a_lagging_store_up_to_date_as_soon_as_it_takes_over()
    {
        var (h, _) = ThirteenFiveSlotsBehind();

        // Learner 2 restarts and coordinates for a moment (its detector has not heard from learner 1 yet): it sends
        // store 13 a catch-up, then steps back before the answer arrives (a standby ignores store answers).
        var c2 = h.Coordinator(Learner2);
        h.Pump(c2, Learner2, m => m.Message is not StoreCatchUp);
        c2.Deactivate();

        // Learner 1 dies; learner 2 takes over and must bring store 13 up to date without waiting for any timer.
        c2.Activate();
        h.Pump(c2, Learner2);

        Assert.Equal(CoordinatorPhase.Running, c2.Phase);
        Assert.All(h.Stores.Values, s => Assert.Equal(5L, s.AppliedSlot));
    }

    /// <summary>
    /// Learner 1 coordinating stores 11-13: slot 0 committed at all three, slots 1-5 without store 13, which is up
    /// again with its state (slot 0) but not yet seen by learner 1.
    /// </summary>
    private static (TwoPhaseHarness Harness, TwoPhaseCoordinator Coordinator) ThirteenFiveSlotsBehind()
    {
        var h = new TwoPhaseHarness(11, 12, 13);
        var c = h.Coordinator(Learner1);
        h.Pump(c, Learner1);
        h.Learn("k", "v0");
        c.OnLearned();
        h.Pump(c, Learner1);
        h.Down.Add(13);
        c.OnReachability(13, false);
        for (int i = 1; i < 6; i++)
        {
            h.Learn("k", "v" + i);
        }

        c.OnLearned();
        h.Pump(c, Learner1);
        h.Down.Remove(13);
        return (h, c);
    }

    /// <summary>Learner 1 coordinating stores 11-13; store 13 went down before <paramref name="slots"/> slots committed at 11 and 12.</summary>
    private static (TwoPhaseHarness Harness, TwoPhaseCoordinator Coordinator) RunningWithout13(int slots)
    {
        var h = new TwoPhaseHarness(11, 12, 13);
        var c = h.Coordinator(Learner1);
        h.Pump(c, Learner1);
        h.Down.Add(13);
        c.OnReachability(13, false);
        for (int i = 0; i < slots; i++)
        {
            h.Learn("k" + i, "v" + i);
        }

        c.OnLearned();
        h.Pump(c, Learner1);
        Assert.Equal(slots - 1, c.CommittedSlot);
        return (h, c);
    }
}
