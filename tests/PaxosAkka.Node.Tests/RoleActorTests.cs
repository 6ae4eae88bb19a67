using Akka.Actor;
using Akka.Pattern;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Roles;
using static PaxosAkka.Consensus.PaxosProtocol;

namespace PaxosAkka.Node.Tests;

public sealed class RoleActorTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly PaxosTopology Topology = new([1, 2, 3], [1, 2, 3], [1, 2, 3], QuorumConfig.Majority([1, 2, 3]));
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public void Acceptor_persists_its_promise_before_the_promise_is_sent()
    {
        var disk = new MemoryDisk();
        var router = new RecordingRouter();
        router.OnSend = routed =>
        {
            if (routed.Message is Promise promise)
            {
                // The Ready contract: what a message reveals is on disk before the message leaves.
                Assert.Equal(promise.Ballot, disk.State.Promised);
            }
        };
        var acceptor = Sys.ActorOf(AcceptorActor.Props(1, Topology, disk.Open, router, new NodeStatusBoard()));

        acceptor.Tell(new Prepare(2, 1, new Ballot(1, 2), 0));

        AwaitCondition(() => router.SentOf<Promise>().Count == 1, Wait);
        Assert.Equal(new Ballot(1, 2), disk.State.Promised);
    }

    [Fact]
    public void Acceptor_persists_a_vote_before_any_accepted_is_sent_and_batches_queued_accepts()
    {
        var disk = new MemoryDisk();
        var router = new RecordingRouter();
        var violations = new System.Collections.Concurrent.ConcurrentQueue<string>();
        router.OnSend = routed =>
        {
            if (routed.Message is Accepted accepted
                && !(disk.State.Accepted.TryGetValue(accepted.Slot, out var onDisk) && onDisk.Value.Equals(accepted.Value)))
            {
                violations.Enqueue($"slot {accepted.Slot} sent before it was on disk");
            }
        };
        var acceptor = Sys.ActorOf(AcceptorActor.Props(1, Topology, disk.Open, router, new NodeStatusBoard()));
        var ballot = new Ballot(1, 2);
        for (int slot = 0; slot < 20; slot++)
        {
            acceptor.Tell(new Accept(2, 1, ballot, slot, SlotValue.Of(new Command(new CommandId("c", slot + 1), [(byte)slot]))));
        }

        // One Accepted per slot to the proposer (node 2) and to each other learner (nodes 1 and 3).
        AwaitCondition(() => router.SentOf<Accepted>().Count >= 60 || !violations.IsEmpty, Wait, message: $"sent {router.SentOf<Accepted>().Count}");
        Assert.Empty(violations);
        Assert.Equal(20, disk.State.Accepted.Count);
    }

    [Fact]
    public void Acceptor_storage_failure_sends_nothing_and_the_restarted_acceptor_reloads_its_durable_state()
    {
        var disk = new MemoryDisk();
        var router = new RecordingRouter();
        var props = AcceptorActor.Props(1, Topology, disk.Open, router, new NodeStatusBoard());
        var options = Backoff.OnFailure(props, "acceptor", TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50), 0, maxNrOfRetries: -1);
        var supervisor = Sys.ActorOf(BackoffSupervisor.Props(options), "acceptor-backoff");

        supervisor.Tell(new Prepare(2, 1, new Ballot(1, 2), 0));
        AwaitCondition(() => router.SentOf<Promise>().Count == 1, Wait);

        disk.FailuresToInject = 1;
        supervisor.Tell(new Prepare(3, 1, new Ballot(2, 3), 0));

        // The failed write revealed nothing; a fresh acceptor comes back from disk (promise (1.2), not (2.3)).
        AwaitCondition(() => disk.Loads == 2, Wait);
        Assert.Single(router.SentOf<Promise>());
        Assert.Equal(new Ballot(1, 2), disk.State.Promised);

        // The proposer retransmits; now it is promised, durably.
        AwaitCondition(() =>
        {
            supervisor.Tell(new Prepare(3, 1, new Ballot(2, 3), 0));
            return router.SentOf<Promise>().Any(p => p.Ballot == new Ballot(2, 3));
        }, Wait);
        Assert.Equal(new Ballot(2, 3), disk.State.Promised);
    }

    [Fact]
    public void Proposer_holds_its_prepares_to_other_acceptors_until_the_local_acceptor_made_the_ballot_durable()
    {
        var router = new RecordingRouter();
        var proposer = Sys.ActorOf(ProposerActor.Props(1, Topology, ProposerOptions.Default, TimeSpan.FromMilliseconds(10), router, new NodeStatusBoard()));
        AwaitCondition(() => router.Sent.Any(r => r.Message is AcceptorProtocol.GetDurableBallot), Wait);
        proposer.Tell(new AcceptorProtocol.DurableBallot(new Ballot(4, 2)));
        proposer.Tell(new ElectionProtocol.CoordinatorChanged(1));

        AwaitCondition(() => router.SentOf<Prepare>().Any(p => p.To == 1), Wait);
        var own = router.SentOf<Prepare>().First(p => p.To == 1);
        Assert.Equal(new Ballot(5, 1), own.Ballot);
        Assert.DoesNotContain(router.SentOf<Prepare>(), p => p.To != 1);

        proposer.Tell(new Promise(1, 1, own.Ballot, 0, []));
        AwaitCondition(() => router.SentOf<Prepare>().Any(p => p.To == 2) && router.SentOf<Prepare>().Any(p => p.To == 3), Wait);
    }

    [Fact]
    public void Follower_proposer_forwards_client_commands_to_the_coordinator()
    {
        var router = new RecordingRouter();
        var proposer = Sys.ActorOf(ProposerActor.Props(1, Topology, ProposerOptions.Default, TimeSpan.FromMilliseconds(10), router, new NodeStatusBoard()));
        proposer.Tell(new AcceptorProtocol.DurableBallot(Ballot.Zero));
        proposer.Tell(new ElectionProtocol.CoordinatorChanged(3));
        var command = new Command(new CommandId("client", 1), [1]);

        proposer.Tell(new ProposerProtocol.Submit(command, 0));

        AwaitCondition(() => router.Sent.Any(r => r is { Node: 3, Role: RoleNames.Proposer, Message: ProposerProtocol.Submit { Hops: 1 } }), Wait);
        Assert.Empty(router.SentOf<Accept>());
    }

    [Fact]
    public async Task Store_applies_slots_in_order_once_and_completes_the_waiting_request()
    {
        var router = new RecordingRouter();
        var pending = new Client.PendingRequests();
        var store = Sys.ActorOf(StoreActor.Props(1, router, pending, new NodeStatusBoard()));
        var put = new Command(new CommandId("c", 1), Store.KvCommandCodec.Encode(new Store.KvPutCommand("k", [7])));
        var waiting = pending.Register(put.Id);

        // Slot 1 arrives before slot 0: it waits; slot 0 is then applied, then 1, and a duplicate is ignored.
        store.Tell(new StoreProtocol.Deliver([new ChosenEntry(1, SlotValue.Of(put))]));
        store.Tell(new StoreProtocol.Deliver([new ChosenEntry(0, SlotValue.NoOp)]));
        store.Tell(new StoreProtocol.Deliver([new ChosenEntry(1, SlotValue.Of(put))]));

        var result = await waiting.WaitAsync(Wait);
        Assert.Equal(new Store.KvWritten(1), result);
        Assert.Contains(router.Sent, r => r.Message is LearnerProtocol.Replay { FromSlot: 0 });
    }
}
