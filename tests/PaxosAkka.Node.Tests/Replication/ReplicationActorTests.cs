using System.Collections.Immutable;
using Akka.Actor;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Client;
using PaxosAkka.Node.Replication;
using PaxosAkka.Node.Roles;
using PaxosAkka.Node.Store;
using static PaxosAkka.Consensus.PaxosProtocol;
using static PaxosAkka.Node.Replication.ReplicationProtocol;

namespace PaxosAkka.Node.Tests.Replication;

/// <summary>
/// The replication actors wired through a recording router in one actor system: learners 21 and 22, stores 11-13,
/// client node 1. Reachability is what each learner's status board says (the election's heartbeats in a node).
/// </summary>
public sealed class ReplicationActorTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly int[] StoreIds = [11, 12, 13];
    private static readonly PaxosTopology Paxos = new([1], [1], [21, 22], QuorumConfig.Majority([1]));
    private static readonly ReplicationTopology Split = new(StoreReplicationMode.TwoPhaseCommit, [21, 22], [.. StoreIds], [1]);
    private static readonly ReplicationOptions Fast = new() { PrepareTimeoutTicks = 20, CommitTimeoutTicks = 20, RecoveryTimeoutTicks = 20, QueryIntervalTicks = 5 };

    private readonly RecordingRouter _router = new();
    private readonly PendingRequests _pending = new();
    private readonly Dictionary<int, NodeStatusBoard> _storeBoards = [];

    [Fact]
    public void A_store_participant_votes_to_the_asking_learner_and_applies_only_on_commit()
    {
        var board = new NodeStatusBoard();
        var store = Sys.ActorOf(StoreParticipantActor.Props(11, _router, board));
        var learner = CreateTestProbe();
        _router.Targets[(21, RoleNames.Learner)] = learner.Ref;
        var entries = ImmutableArray.Create(new ChosenEntry(0, Put(1, "k", 7)));

        store.Tell(new StorePrepare(21, 0, 1, entries));
        var vote = learner.ExpectMsg<StoreVote>(Wait);
        Assert.True(vote.Yes);
        Assert.Equal(-1, board.Store!.AppliedSlot);
        store.Tell(new StoreCommit(21, 0, 1, entries));

        var committed = learner.ExpectMsg<StoreCommitted>(Wait);
        Assert.Equal(new KvWritten(1), Assert.Single(committed.Results).Result);
        Assert.Equal(0, board.Store!.AppliedSlot);
    }

    [Fact]
    public async Task The_coordinating_learner_answers_the_client_node_once_every_store_committed()
    {
        StartStores();
        var learner = StartLearner(21, reachable: [11, 12, 13, 22]);
        var id = new CommandId("node-1-abc", 1);
        var answer = _pending.Register(id);

        learner.Tell(new Chosen(1, 21, 0, Put(id, "k", 5)));

        Assert.Equal(new KvWritten(1), await answer.WaitAsync(Wait));
        AwaitCondition(() => StoreIds.All(s => _storeBoards[s].Store?.AppliedSlot == 0), Wait);
        Assert.All(_router.SentOf<ClientReplies>(), r => Assert.Single(r.Results));
        Assert.DoesNotContain(_router.Sent, r => r.Message is ClientReplies && r.Node != 1);
    }

    [Fact]
    public void The_standby_learner_sends_nothing_to_the_stores_while_the_lower_learner_lives()
    {
        StartStores();
        var board = new NodeStatusBoard();
        var standby = StartLearner(22, reachable: [11, 12, 13, 21], board);

        standby.Tell(new Chosen(1, 22, 0, Put(new CommandId("node-1-abc", 1), "k", 5)));
        standby.Tell(new Chosen(1, 22, 1, Put(new CommandId("node-1-abc", 2), "k", 6)));

        // The learner publishes what it learned after it handed the slots to its coordination: it learned both
        // slots and yet never addressed a store.
        AwaitCondition(() => board.Learner?.FirstUnchosenSlot == 2, Wait);
        Assert.DoesNotContain(_router.Sent, r => r.Role == RoleNames.Store);
    }

    [Fact]
    public async Task The_other_learner_takes_over_and_redoes_a_transaction_the_dead_coordinator_left_prepared()
    {
        StartStores();
        var entries = ImmutableArray.Create(new ChosenEntry(0, Put(new CommandId("idem:x", 1), "k", 9)));
        foreach (int store in StoreIds)
        {
            // Learner 21 prepared slot 0 everywhere and died before any commit.
            _router.Targets[(store, RoleNames.Store)].Tell(new StorePrepare(21, 0, 1, entries));
        }

        var answer = _pending.Register(new CommandId("idem:x", 1));
        var takeover = StartLearner(22, reachable: [11, 12, 13]);
        takeover.Tell(new Chosen(1, 22, 0, entries[0].Value));

        Assert.Equal(new KvWritten(1), await answer.WaitAsync(Wait));
        AwaitCondition(() => StoreIds.All(s => _storeBoards[s].Store is { AppliedSlot: 0, Revision: 1 }), Wait);
        Assert.Contains(_router.Sent, r => r.Message is StoreQuery { From: 22 });
    }

    [Fact]
    public async Task Client_replies_complete_the_waiting_requests_of_this_node()
    {
        var pending = new PendingRequests();
        var actor = Sys.ActorOf(ClientRepliesActor.Props(pending));
        var waiting = pending.Register(new CommandId("idem:k", 1));

        actor.Tell(new ClientReplies([new CommandResult(new CommandId("idem:k", 1), new KvWritten(4)), new CommandResult(new CommandId("idem:other", 1), KvNotFound.Instance)]));

        Assert.Equal(new KvWritten(4), await waiting.WaitAsync(Wait));
    }

    [Fact]
    public void A_reply_goes_to_the_node_named_in_the_command_id_and_an_idempotency_key_reply_to_every_client_node()
    {
        Assert.Equal(3, StoreCoordination.OriginOf(new CommandId("node-3-5f2a", 9)));
        Assert.Equal(12, StoreCoordination.OriginOf(new CommandId("node-12-x", 1)));
        Assert.Null(StoreCoordination.OriginOf(new CommandId("idem:node-3-", 1)));
        Assert.Null(StoreCoordination.OriginOf(new CommandId("node-x-1", 1)));
    }

    private static SlotValue Put(CommandId id, string key, byte value) =>
        SlotValue.Of(new Command(id, KvCommandCodec.Encode(new KvPutCommand(key, [value]))));

    private static SlotValue Put(long seq, string key, byte value) => Put(new CommandId("c", seq), key, value);

    private void StartStores()
    {
        foreach (int id in StoreIds)
        {
            _storeBoards[id] = new NodeStatusBoard();
            _router.Targets[(id, RoleNames.Store)] = Sys.ActorOf(StoreParticipantActor.Props(id, _router, _storeBoards[id]));
        }

        _router.Targets[(1, ClientRepliesRole)] = Sys.ActorOf(ClientRepliesActor.Props(_pending));
    }

    private IActorRef StartLearner(int id, int[] reachable, NodeStatusBoard? board = null)
    {
        board ??= new NodeStatusBoard();
        var learner = Sys.ActorOf(LearnerActor.Props(id, Paxos, new LearnerOptions(), TimeSpan.FromMilliseconds(5), _router, board, false, new LearnerReplication(Split, Fast)));
        _router.Targets[(id, RoleNames.Learner)] = learner;

        // What the node's election tells its learner: these peers are reachable.
        learner.Tell(new ElectionProtocol.Reachability(reachable.ToDictionary(n => n, _ => true)));
        return learner;
    }
}
