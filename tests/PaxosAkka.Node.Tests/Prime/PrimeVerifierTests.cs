using System.Collections.Immutable;
using System.Text;
using Akka.Actor;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Prime;
using PaxosAkka.Node.Roles;
using PaxosAkka.Node.Store;
using static PaxosAkka.Consensus.PaxosProtocol;

namespace PaxosAkka.Node.Tests.Prime;

public sealed class PrimeVerifierTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly PaxosTopology Topology = new([1, 2, 3], [1, 2, 3], [1, 2, 3], QuorumConfig.Majority([1, 2, 3]));

    [Fact]
    public void Claims_round_trip_through_their_log_form()
    {
        PrimeClaim[] claims =
        [
            new PartialVerdict(91, new DivisorRange(2, 5), null, 3),
            new PartialVerdict(91, new DivisorRange(6, 9), 7, 4),
            new FinalVerdict(91, false, 7, [3, 4]),
            new FinalVerdict(97, true, null, [1]),
        ];
        foreach (var claim in claims)
        {
            var put = PrimeClaimCodec.ToCommand(claim);
            var parsed = PrimeClaimCodec.TryParse(put.Key, put.Value);
            Assert.NotNull(parsed);
            Assert.Equal(PrimeClaimCodec.ToCommand(parsed).Value, put.Value);
            Assert.True(PrimeClaimCodec.LooksLikeClaim(put.Value));
        }
    }

    [Theory]
    [InlineData("prime/91/part/3", "prime-partial/1 n=91 from=2 to=5 divisor=none by=1")]
    [InlineData("prime/91/part/2", "prime-partial/1 n=91 from=2 to=5 divisor=seven by=1")]
    [InlineData("prime/91/part/2", "prime-partial/1 n=91 from=2 to=5 divisor=none")]
    [InlineData("prime/91/part/2", "prime-partial/1 n=91 from=2 to=5 divisor=none by=1 extra=1")]
    [InlineData("prime/92", "prime-verdict/1 n=91 prime=false divisor=7 checked-by=1")]
    [InlineData("prime/91", "prime-verdict/1 n=91 prime=maybe divisor=7 checked-by=1")]
    public void Malformed_claims_or_claims_under_the_wrong_key_do_not_parse(string key, string value)
    {
        Assert.Null(PrimeClaimCodec.TryParse(key, Encoding.ASCII.GetBytes(value)));
    }

    [Fact]
    public void Honest_claims_pass_verification()
    {
        Assert.True(PrimeVerifier.Verify(new PartialVerdict(91, new DivisorRange(6, 9), 7, 1), 1));
        Assert.True(PrimeVerifier.Verify(new PartialVerdict(999_999_999_989, new DivisorRange(2, 999_999), null, 1), 1));
        Assert.True(PrimeVerifier.Verify(new FinalVerdict(999_999_999_989, true, null, [1, 2]), 1));
        Assert.True(PrimeVerifier.Verify(new FinalVerdict(561, false, 3, [1]), 1));
        Assert.True(PrimeVerifier.Verify(new FinalVerdict(1, false, null, [1]), 1));
        Assert.True(PrimeVerifier.Verify(new FinalVerdict(2, true, null, [1]), 1));
    }

    [Theory]
    [InlineData(91, 2, 9, 5L)]   // 5 does not divide 91
    [InlineData(91, 2, 5, 7L)]   // 7 divides 91 but lies outside the claimed range
    [InlineData(91, 2, 9, 1L)]   // 1 is not a proper divisor
    [InlineData(49, 2, 7, 49L)]  // n itself is not a proper divisor (and lies outside the range)
    [InlineData(91, 2, 12, 7L)]  // the range reaches past floor(sqrt(91)) = 9
    [InlineData(100, 2, 10, 10L)] // 10 divides 100 but is not a wheel candidate (2 is the honest answer)
    public void A_forged_divisor_claim_fails_verification(long n, long from, long to, long divisor)
    {
        Assert.False(PrimeVerifier.Verify(new PartialVerdict(n, new DivisorRange(from, to), divisor, 1), 1));
    }

    [Fact]
    public void A_forged_no_divisor_claim_over_a_range_full_of_divisors_fails_for_every_seed()
    {
        // 2^40 has the divisor 2; 6469693230 = 2*3*5*...*29 has many small ones; 30030^2 shares factors with most candidates' multiples.
        foreach (int seed in Enumerable.Range(0, 50))
        {
            Assert.False(PrimeVerifier.Verify(new PartialVerdict(1L << 40, new DivisorRange(2, 1 << 20), null, 1), seed));
            Assert.False(PrimeVerifier.Verify(new FinalVerdict(6_469_693_230, true, null, [1]), seed));
            Assert.False(PrimeVerifier.Verify(new FinalVerdict(91, true, null, [1]), seed));
        }
    }

    [Fact]
    public void A_verdict_that_one_is_prime_or_composite_without_a_divisor_fails()
    {
        Assert.False(PrimeVerifier.Verify(new FinalVerdict(1, true, null, [1]), 1));
        Assert.False(PrimeVerifier.Verify(new FinalVerdict(91, false, null, [1]), 1));
        Assert.False(PrimeVerifier.Verify(new FinalVerdict(97, false, 3, [1]), 1));
        Assert.False(PrimeVerifier.Verify(new FinalVerdict(91, false, 7, []), 1));
    }

    [Fact]
    public void Acceptor_refuses_an_accept_carrying_a_forged_divisor_claim_and_accepts_the_honest_one()
    {
        var router = new RecordingRouter();
        var acceptor = Sys.ActorOf(AcceptorActor.Props(1, Topology, new MemoryDisk().Open, router, new NodeStatusBoard(), PrimeVerifier.AcceptValidator(1)));
        var ballot = new Ballot(1, 2);
        var forged = PrimeClaimCodec.ToCommand(new PartialVerdict(91, new DivisorRange(2, 9), 5, 2));
        var honest = PrimeClaimCodec.ToCommand(new PartialVerdict(91, new DivisorRange(2, 9), 7, 2));

        acceptor.Tell(new Accept(2, 1, ballot, 0, Value(forged, 1)));
        acceptor.Tell(new Accept(2, 1, ballot, 1, Value(honest, 2)));

        // Accepteds for slot 1 go to the proposer and the learners; the forged slot 0 gets none, ever: slot 1's
        // Accepted arriving means slot 0's Accept (sent first, same mailbox) was already refused.
        AwaitCondition(() => router.SentOf<Accepted>().Any(a => a.Slot == 1), TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(router.SentOf<Accepted>(), a => a.Slot == 0);
        Assert.Empty(router.SentOf<Nack>());
    }

    [Fact]
    public void Acceptor_gate_passes_ordinary_writes_and_no_ops()
    {
        var put = new KvPutCommand("prime/91", Encoding.ASCII.GetBytes("just a user value"));
        Assert.True(PrimeVerifier.Admits(new Accept(2, 1, new Ballot(1, 2), 0, Value(put, 1)), 1));
        Assert.True(PrimeVerifier.Admits(new Accept(2, 1, new Ballot(1, 2), 0, SlotValue.NoOp), 1));
        var garbage = new Command(new CommandId("c", 9), Encoding.ASCII.GetBytes("prime-partial/1 not a kv command"));
        Assert.True(PrimeVerifier.Admits(new Accept(2, 1, new Ballot(1, 2), 0, new SlotValue([garbage])), 1));
    }

    [Fact]
    public void Acceptor_gate_refuses_a_batch_when_any_claim_in_it_is_forged()
    {
        var honest = PrimeClaimCodec.ToCommand(new FinalVerdict(97, true, null, [1]));
        var forged = PrimeClaimCodec.ToCommand(new FinalVerdict(91, true, null, [1]));
        var batch = new SlotValue([Wrap(honest, 1), Wrap(forged, 2)]);
        Assert.False(PrimeVerifier.Admits(new Accept(2, 1, new Ballot(1, 2), 0, batch), 1));
    }

    private static SlotValue Value(KvCommand command, long sequence) => new([Wrap(command, sequence)]);

    private static Command Wrap(KvCommand command, long sequence) => new(new CommandId("test", sequence), KvCommandCodec.Encode(command));
}
