using System.Collections.Immutable;
using System.Text;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Replication;
using PaxosAkka.Node.Store;
using static PaxosAkka.Node.Replication.ReplicationProtocol;

namespace PaxosAkka.Node.Tests.Replication;

/// <summary>
/// Store participants and coordinators wired by hand: messages are delivered one by one from the coordinators'
/// outboxes, so a test decides exactly which ones arrive (a crashed store drops them, a crashing coordinator
/// stops mid-way).
/// </summary>
internal sealed class TwoPhaseHarness
{
    private long _sequence;

    public TwoPhaseHarness(params int[] stores)
    {
        foreach (int id in stores)
        {
            Stores[id] = new StoreParticipant(id, null, Options);
        }
    }

    /// <summary>The learned log both learners share (Paxos makes them agree).</summary>
    public Dictionary<long, SlotValue> Log { get; } = [];

    public SortedDictionary<int, StoreParticipant> Stores { get; } = [];

    /// <summary>Crashed stores: messages to them are lost.</summary>
    public HashSet<int> Down { get; } = [];

    /// <summary>Answers each coordinator sent to the clients, in order.</summary>
    public Dictionary<int, List<CommandResult>> Replies { get; } = [];

    public static ReplicationOptions Options { get; } = new()
    {
        PrepareTimeoutTicks = 5,
        CommitTimeoutTicks = 5,
        RecoveryTimeoutTicks = 5,
        QueryIntervalTicks = 3,
        MaxTransactionSlots = 4,
        MaxCatchUpEntries = 1_000,
        SnapshotChunkItems = 3,
    };

    public TwoPhaseCoordinator Coordinator(int learner, bool activate = true)
    {
        var coordinator = new TwoPhaseCoordinator(learner, Stores.Keys, Options, slot => Log.GetValueOrDefault(slot));
        Replies[learner] = [];
        foreach (int store in Stores.Keys)
        {
            coordinator.OnReachability(store, !Down.Contains(store));
        }

        if (activate)
        {
            coordinator.Activate();
        }

        return coordinator;
    }

    /// <summary>Learns the next slot: a put of <paramref name="key"/> = <paramref name="value"/>; returns its command id.</summary>
    public CommandId Learn(string key, string value)
    {
        var id = new CommandId("client", ++_sequence);
        Log[Log.Count] = SlotValue.Of(new Command(id, KvCommandCodec.Encode(new KvPutCommand(key, Encoding.UTF8.GetBytes(value)))));
        return id;
    }

    /// <summary>Learns a read of <paramref name="key"/> ordered through the log.</summary>
    public CommandId LearnRead(string key)
    {
        var id = new CommandId("client", ++_sequence);
        Log[Log.Count] = SlotValue.Of(new Command(id, KvCommandCodec.Encode(new KvReadCommand(key))));
        return id;
    }

    /// <summary>
    /// Delivers the coordinator's messages and the stores' answers until nothing moves. <paramref name="deliver"/>
    /// may refuse a message (it is then lost); a message to a crashed store is lost too.
    /// </summary>
    public void Pump(TwoPhaseCoordinator coordinator, int learner, Func<StoreMessage, bool>? deliver = null)
    {
        for (int round = 0; round < 10_000; round++)
        {
            var batch = coordinator.Drain();
            Replies[learner].AddRange(coordinator.DrainReplies());
            if (batch.Count == 0)
            {
                return;
            }

            foreach (var message in batch)
            {
                if (Down.Contains(message.To) || (deliver is not null && !deliver(message)))
                {
                    continue;
                }

                Answer(coordinator, message.To, message.Message, deliver);
            }
        }

        throw new InvalidOperationException("the coordinator and the stores never went quiet");
    }

    /// <summary>Ticks <paramref name="ticks"/> times, pumping after each.</summary>
    public void Advance(TwoPhaseCoordinator coordinator, int learner, int ticks, Func<StoreMessage, bool>? deliver = null)
    {
        for (int i = 0; i < ticks; i++)
        {
            coordinator.Tick();
            Pump(coordinator, learner, deliver);
        }
    }

    /// <summary>A crashed store starts again empty.</summary>
    public void Restart(int store)
    {
        Stores[store] = new StoreParticipant(store, null, Options);
        Down.Remove(store);
    }

    public KvResult Read(int store, string key) => Stores[store].State.ReadLocal(key);

    /// <summary>Snapshot chunks fetched from stores, counted by source (a test asserts the snapshot path was taken).</summary>
    public Dictionary<int, int> ChunksServed { get; } = [];

    private void Answer(TwoPhaseCoordinator coordinator, int to, object message, Func<StoreMessage, bool>? deliver)
    {
        var store = Stores[to];
        switch (message)
        {
            case StoreInstallSnapshot install:
                // The store fetches the snapshot from its peer chunk by chunk; the transfer is store to store.
                var request = store.OnInstallSnapshot(install);
                while (request is not null && !Down.Contains(install.Source) && (deliver is null || deliver(new StoreMessage(install.Source, request))))
                {
                    var chunk = Stores[install.Source].OnSnapshotRequest(request);
                    ChunksServed[install.Source] = ChunksServed.GetValueOrDefault(install.Source) + 1;
                    var step = store.OnSnapshotChunk(chunk);
                    request = step.Next;
                    if (step.Installed is { } installed)
                    {
                        coordinator.OnStatus(installed);
                    }
                }

                break;
            case StorePrepare prepare:
                coordinator.OnVote(store.OnPrepare(prepare));
                break;
            case StoreCommit commit:
                coordinator.OnCommitted(store.OnCommit(commit));
                break;
            case StoreAbort abort:
                store.OnAbort(abort);
                break;
            case StoreQuery:
                coordinator.OnStatus(store.Status());
                break;
            case StoreCatchUp catchUp:
                coordinator.OnStatus(store.OnCatchUp(catchUp));
                break;
            default:
                throw new InvalidOperationException($"unexpected {message.GetType().Name}");
        }
    }

    public static string Text(KvResult result) => result is KvValue v ? Encoding.UTF8.GetString(v.Value) : result.ToString();

    public static ImmutableArray<ChosenEntry> Entries(params ChosenEntry[] entries) => [.. entries];
}
