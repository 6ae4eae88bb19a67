using System.Text;
using PaxosAkka.Actors;
using PaxosAkka.Persistence.Journal;
using PaxosAkka.Persistence.Sql;
using PaxosAkka.Persistence.Tests.Infrastructure;
using static PaxosAkka.Persistence.Tests.Actors.CounterProtocol;

namespace PaxosAkka.Persistence.Tests.Actors;

/// <summary>PersistentActor semantics (Akka's), over a real SQLite journal and snapshot store.</summary>
public sealed class PersistentActorSpec : TestKit.TestKit
{
    private readonly TempSqliteDatabase _database = new();
    public PersistentActorSpec()
    {
        // The extension owns (and disposes at termination) the journal and the store.
        PersistenceExtension.Register(
            Sys,
            new SqlJournal(new JournalSettings { ConnectionString = _database.ConnectionString }),
            new SqlSnapshotStore(new SnapshotStoreSettings { ConnectionString = _database.ConnectionString }));
    }

    private SqlJournal Journal => (SqlJournal)PersistenceExtension.Get(Sys).Journal;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Sys.WhenTerminated;
        _database.Delete();
    }

    private IActorRef StartCounter(string persistenceId) => Sys.ActorOf(Props.Create(() => new CounterActor(persistenceId, TestActor)));

    private void Stop(IActorRef actor)
    {
        Watch(actor);
        actor.Tell(PoisonPill.Instance, ActorRefs.NoSender);
        ExpectTerminated(actor);
    }

    [Fact]
    public void Persisted_events_are_replayed_by_the_next_incarnation()
    {
        var counter = StartCounter("counter-1");
        ExpectMsg(new Recovered(0, 0));
        counter.Tell(new Add(1), TestActor);
        counter.Tell(new Add(2), TestActor);
        counter.Tell(new Add(3), TestActor);
        ExpectMsg(new Total(1, 1));
        ExpectMsg(new Total(3, 2));
        ExpectMsg(new Total(6, 3));
        Stop(counter);

        StartCounter("counter-1");

        ExpectMsg(new Recovered(6, 3));
    }

    [Fact]
    public void Commands_arriving_during_a_persist_wait_until_its_handler_ran()
    {
        var counter = StartCounter("counter-2");
        ExpectMsg(new Recovered(0, 0));

        counter.Tell(new Add(1), TestActor);
        counter.Tell(new Get(), TestActor);
        counter.Tell(new Add(2), TestActor);
        counter.Tell(new Get(), TestActor);

        ExpectMsg(new Total(1, 1));
        ExpectMsg(new Total(1, 1));
        ExpectMsg(new Total(3, 2));
        ExpectMsg(new Total(3, 2));
    }

    [Fact]
    public void Commands_arriving_during_recovery_are_handled_after_it()
    {
        var counter = StartCounter("counter-3");
        ExpectMsg<Recovered>();
        counter.Tell(new AddAll([5, 5]), TestActor);
        ReceiveN(2);
        Stop(counter);

        var again = StartCounter("counter-3");
        again.Tell(new Get(), TestActor);

        ExpectMsg(new Recovered(10, 2));
        ExpectMsg(new Total(10, 2));
    }

    [Fact]
    public void PersistAll_runs_each_handler_in_order_after_one_atomic_write()
    {
        var counter = StartCounter("counter-4");
        ExpectMsg<Recovered>();
        var writesBefore = Journal.Statistics.CommittedWrites;

        counter.Tell(new AddAll([1, 2, 3]), TestActor);

        ExpectMsg(new Total(1, 1));
        ExpectMsg(new Total(3, 2));
        ExpectMsg(new Total(6, 3));
        Assert.Equal(1, Journal.Statistics.CommittedWrites - writesBefore);
    }

    [Fact]
    public void Recovery_starts_from_the_latest_snapshot_and_replays_only_later_events()
    {
        var counter = StartCounter("counter-5");
        ExpectMsg<Recovered>();
        counter.Tell(new AddAll([1, 2, 3]), TestActor);
        ReceiveN(3);
        counter.Tell(new TakeSnapshot(), TestActor);
        Assert.Equal(3, ExpectMsg<PersistenceProtocol.SaveSnapshotSuccess>().Metadata.SequenceNr);
        counter.Tell(new Add(10), TestActor);
        ExpectMsg(new Total(16, 4));
        Stop(counter);

        StartCounter("counter-5");

        ExpectMsg(new SnapshotOffered(3));
        ExpectMsg(new Recovered(16, 4));
    }

    [Fact]
    public void Deleted_events_are_not_replayed_and_numbering_continues()
    {
        var counter = StartCounter("counter-6");
        ExpectMsg<Recovered>();
        counter.Tell(new AddAll([1, 2, 3]), TestActor);
        ReceiveN(3);
        counter.Tell(new TakeSnapshot(), TestActor);
        ExpectMsg<PersistenceProtocol.SaveSnapshotSuccess>();
        counter.Tell(new DeleteUpTo(3), TestActor);
        ExpectMsg(new PersistenceProtocol.DeleteMessagesSuccess(3));
        Stop(counter);

        var again = StartCounter("counter-6");
        ExpectMsg(new SnapshotOffered(3));
        ExpectMsg(new Recovered(6, 3));
        again.Tell(new Add(1), TestActor);

        ExpectMsg(new Total(7, 4));
    }

    [Fact]
    public void Without_snapshot_and_events_deleted_recovery_keeps_the_highest_sequence_nr()
    {
        var counter = StartCounter("counter-7");
        ExpectMsg<Recovered>();
        counter.Tell(new AddAll([1, 2]), TestActor);
        ReceiveN(2);
        counter.Tell(new DeleteUpTo(long.MaxValue), TestActor);
        ExpectMsg(new PersistenceProtocol.DeleteMessagesSuccess(long.MaxValue));
        Stop(counter);

        var again = StartCounter("counter-7");
        ExpectMsg(new Recovered(0, 2));
        again.Tell(new Add(5), TestActor);

        ExpectMsg(new Total(5, 3));
    }

    [Fact]
    public void Corrupt_journal_fails_recovery_naming_the_event_and_stops_the_actor()
    {
        var counter = StartCounter("counter-8");
        ExpectMsg<Recovered>();
        counter.Tell(new AddAll([1, 2, 3]), TestActor);
        ReceiveN(3);
        Stop(counter);
        AwaitResult(TamperAsync("UPDATE event_journal SET payload = X'00' WHERE persistence_id = 'counter-8' AND sequence_nr = 2"));

        var again = StartCounter("counter-8");
        Watch(again);

        var failure = ExpectMsg<RecoveryFailedNotice>();
        var corruption = Assert.IsType<PersistenceCorruptionException>(failure.Cause);
        Assert.Equal(("counter-8", 2L), (corruption.PersistenceId, corruption.SequenceNr));
        ExpectTerminated(again);
    }

    [Fact]
    public void Failed_persist_calls_OnPersistFailure_and_stops_the_actor_without_running_the_handler()
    {
        var counter = StartCounter("counter-9");
        ExpectMsg<Recovered>();
        Watch(counter);

        // Another writer takes sequence number 1 behind the actor's back: its own write must conflict.
        AwaitResult(WriteDirectAsync("counter-9", 1));
        counter.Tell(new Add(1), TestActor);

        var failure = ExpectMsg<PersistFailed>();
        Assert.IsType<SequenceConflictException>(failure.Cause);
        Assert.Equal(1, failure.SequenceNr);
        ExpectTerminated(counter);
    }

    private async Task<int> TamperAsync(string sql)
    {
        await using var connection = await SqlDialect.For(PersistencePlugin.Sqlite).OpenAsync(_database.ConnectionString, TimeSpan.FromSeconds(5), CancellationToken.None);
        await using var command = SqlDialect.Command(connection, null, sql);
        return await command.ExecuteNonQueryAsync();
    }

    private async Task<bool> WriteDirectAsync(string persistenceId, long sequenceNr)
    {
        await Journal.WriteAsync([new PersistentRepr(persistenceId, sequenceNr, "intruder", Encoding.UTF8.GetBytes("{}"), DateTimeOffset.UnixEpoch)]);
        return true;
    }
}
