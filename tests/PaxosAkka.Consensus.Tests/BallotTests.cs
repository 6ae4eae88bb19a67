using FsCheck;
using FsCheck.Fluent;

namespace PaxosAkka.Consensus.Tests;

/// <summary>Ballots are totally ordered proposal numbers (Paxos Made Simple §2.2).</summary>
public class BallotTests
{
    [Fact]
    public void Ballot_orders_by_round_then_proposer()
    {
        Assert.True(new Ballot(2, 0) > new Ballot(1, 9));
        Assert.True(new Ballot(1, 2) > new Ballot(1, 1));
        Assert.True(new Ballot(1, 1) >= new Ballot(1, 1));
        Assert.True(new Ballot(1, 1) <= new Ballot(1, 1));
        Assert.Equal(0, new Ballot(3, 4).CompareTo(new Ballot(3, 4)));
    }

    [Fact]
    public void Ballot_zero_is_below_every_real_ballot() =>
        Prop.ForAll<long, int>((round, proposer) =>
            {
                var ballot = new Ballot(Math.Abs(round % 1_000_000) + 1, proposer);
                return Ballot.Zero < ballot && !ballot.IsZero && Ballot.Zero.IsZero;
            })
            .QuickCheckThrowOnFailure();

    [Fact]
    public void Ballot_next_outbids_the_ballot_for_every_proposer() =>
        Prop.ForAll<long, int, int>((round, owner, next) =>
            {
                var seen = new Ballot(Math.Abs(round % 1_000_000), owner);
                var mine = seen.Next(next);
                return mine > seen && mine.ProposerId == next;
            })
            .QuickCheckThrowOnFailure();

    [Fact]
    public void Ballot_order_is_total_antisymmetric_and_transitive() =>
        Prop.ForAll<(long, int), (long, int), (long, int)>((x, y, z) =>
            {
                var (a, b, c) = (new Ballot(x.Item1, x.Item2), new Ballot(y.Item1, y.Item2), new Ballot(z.Item1, z.Item2));
                bool total = a < b || a > b || a == b;
                bool antisymmetric = !(a <= b && b <= a) || a == b;
                bool transitive = !(a <= b && b <= c) || a <= c;
                bool consistent = Math.Sign(a.CompareTo(b)) == -Math.Sign(b.CompareTo(a));
                return total && antisymmetric && transitive && consistent;
            })
            .QuickCheckThrowOnFailure();

    [Fact]
    public void Ballot_max_picks_the_higher() =>
        Assert.Equal(new Ballot(2, 1), Ballot.Max(new Ballot(2, 1), new Ballot(1, 5)));
}
