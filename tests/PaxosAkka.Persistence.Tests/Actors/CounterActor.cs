using PaxosAkka.Actors;
using PaxosAkka.Persistence.Snapshots;

namespace PaxosAkka.Persistence.Tests.Actors;

/// <summary>A persistent counter for the PersistentActor specs; reports what it sees to a probe.</summary>
public sealed class CounterActor : PersistentActor
{
    private readonly IActorRef _probe;
    private int _total;

    public CounterActor(string persistenceId, IActorRef probe)
    {
        PersistenceId = persistenceId;
        _probe = probe;

        Recover<CounterProtocol.Added>(e => _total += e.Amount);
        Recover<PersistenceProtocol.SnapshotOffer>(offer =>
        {
            _total = ((CounterProtocol.CounterState)offer.Snapshot).Total;
            _probe.Tell(new CounterProtocol.SnapshotOffered(offer.Metadata.SequenceNr), Self);
        });
        Recover<PersistenceProtocol.RecoveryCompleted>(_ => _probe.Tell(new CounterProtocol.Recovered(_total, LastSequenceNr), Self));

        Command<CounterProtocol.Add>(add => Persist(new CounterProtocol.Added(add.Amount), Apply));
        Command<CounterProtocol.AddAll>(add => PersistAll(add.Amounts.Select(a => new CounterProtocol.Added(a)), Apply));
        Command<CounterProtocol.Get>(_ => Sender.Tell(new CounterProtocol.Total(_total, LastSequenceNr), Self));
        Command<CounterProtocol.TakeSnapshot>(_ => SaveSnapshot(new CounterProtocol.CounterState(_total)));
        Command<CounterProtocol.DeleteUpTo>(d => DeleteMessages(d.SequenceNr));
        Command<CounterProtocol.DeleteAllSnapshots>(_ => DeleteSnapshots(SnapshotSelectionCriteria.Latest));
        CommandAny(message => _probe.Tell(message, Self)); // Snapshot and delete answers go to the probe.
    }

    public override string PersistenceId { get; }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _probe.Tell(new CounterProtocol.PersistFailed(cause, sequenceNr), Self);
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnRecoveryFailure(Exception cause, object? @event)
    {
        _probe.Tell(new CounterProtocol.RecoveryFailedNotice(cause), Self);
        base.OnRecoveryFailure(cause, @event);
    }

    private void Apply(CounterProtocol.Added added)
    {
        _total += added.Amount;
        Sender.Tell(new CounterProtocol.Total(_total, LastSequenceNr), Self);
    }
}

/// <summary>The counter's messages and events.</summary>
public static class CounterProtocol
{
    public sealed record Add(int Amount);

    public sealed record AddAll(int[] Amounts);

    public sealed record Get;

    public sealed record TakeSnapshot;

    public sealed record DeleteUpTo(long SequenceNr);

    public sealed record DeleteAllSnapshots;

    public sealed record Added(int Amount);

    public sealed record CounterState(int Total);

    public sealed record Total(int Value, long SequenceNr);

    public sealed record Recovered(int Total, long SequenceNr);

    public sealed record SnapshotOffered(long SequenceNr);

    public sealed record PersistFailed(Exception Cause, long SequenceNr);

    public sealed record RecoveryFailedNotice(Exception Cause);
}
