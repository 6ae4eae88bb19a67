using System.Text;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Replication;
using PaxosAkka.Node.Store;
using PaxosAkka.Node.Tests.Replication;

namespace PaxosAkka.Node.Tests.Idempotency;

/// <summary>
/// Issue 12 on the two-phase-commit path (stores on nodes of their own, system 004): the coordinating learner collects
/// the answers by command id and sends them to the client nodes, so two different requests under one key must not
/// share an id, or one would be answered with the other's result.
/// </summary>
public sealed class TwoPhaseIdempotencyTests
{
    private const int Learner = 1;

    [Fact]
    public void Two_different_requests_with_one_key_in_one_transaction_are_each_answered_with_their_own_result()
    {
        var h = new TwoPhaseHarness(11, 12, 13);
        var c = h.Coordinator(Learner);
        h.Pump(c, Learner);
        var putA = Keyed("K1", new KvPutCommand("a", Encoding.UTF8.GetBytes("v-a")));
        var putB = Keyed("K1", new KvPutCommand("b", Encoding.UTF8.GetBytes("v-b")));
        h.Log[0] = SlotValue.Of([putA, putB]);

        c.OnLearned();
        h.Pump(c, Learner);

        var replies = h.Replies[Learner].ToDictionary(r => r.Id, r => r.Result);
        Assert.Equal(2, replies.Count);
        Assert.Equal(new KvWritten(1), replies[putA.Id]);
        Assert.IsType<KvIdempotencyConflict>(replies[putB.Id]);
        Assert.All(h.Stores.Keys, s => Assert.Same(KvNotFound.Instance, h.Read(s, "b")));
    }

    private static Command Keyed(string idempotencyKey, KvCommand command) =>
        new(IdempotencyKeys.CommandIdFor(idempotencyKey, command), KvCommandCodec.Encode(command));
}
