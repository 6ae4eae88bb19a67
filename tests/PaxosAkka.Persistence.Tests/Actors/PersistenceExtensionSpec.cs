using PaxosAkka.Actors;
using PaxosAkka.Persistence.Journal;
using PaxosAkka.Persistence.Sql;
using PaxosAkka.Persistence.Tests.Infrastructure;
using PaxosAkka.TestKit;
using static PaxosAkka.Persistence.Tests.Actors.CounterProtocol;

namespace PaxosAkka.Persistence.Tests.Actors;

/// <summary>Without explicit registration, persistent actors use the journal the system's HOCON config describes.</summary>
public sealed class PersistenceExtensionSpec : TestKit.TestKit
{
    private readonly TempSqliteDatabase _database;

    public PersistenceExtensionSpec()
        : this(new TempSqliteDatabase())
    {
    }

    private PersistenceExtensionSpec(TempSqliteDatabase database)
        : base(new TestKitOptions
        {
            Config = $$"""
                paxos.persistence.journal { connection-string = "{{database.ConnectionString}}", table-name = configured_journal }
                paxos.persistence.snapshot-store { connection-string = "{{database.ConnectionString}}", table-name = configured_snapshots }
                """,
        })
    {
        _database = database;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Sys.WhenTerminated;
        _database.Delete();
    }

    [Fact]
    public async Task Persistent_actor_writes_to_the_journal_named_in_the_system_config()
    {
        var counter = Sys.ActorOf(Props.Create(() => new CounterActor("configured-1", TestActor)));
        ExpectMsg(new Recovered(0, 0));
        counter.Tell(new AddAll([4, 2]), TestActor);
        ReceiveN(2);

        await using var journal = new SqlJournal(new JournalSettings { ConnectionString = _database.ConnectionString, TableName = "configured_journal" });
        var replayed = new List<PersistentRepr>();
        await journal.ReplayAsync("configured-1", 1, long.MaxValue, long.MaxValue, replayed.Add);

        Assert.Equal([1L, 2], replayed.Select(r => r.SequenceNr));
        Assert.All(replayed, r => Assert.Equal(typeof(Added).FullName + ", PaxosAkka.Persistence.Tests", r.Manifest));
    }
}
