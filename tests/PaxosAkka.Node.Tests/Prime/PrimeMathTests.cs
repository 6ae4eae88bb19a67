using PaxosAkka.Node.Prime;

namespace PaxosAkka.Node.Tests.Prime;

public sealed class PrimeMathTests
{
    /// <summary>Known primes up to 10^12, including Mersenne and near-power-of-two primes.</summary>
    public static TheoryData<long> Primes => [2, 3, 5, 7, 97, 7919, 1_000_003, 1_000_000_007, 2_147_483_647, 4_294_967_291, 999_999_999_989, 999_999_000_001];

    /// <summary>Composites up to 10^12: squares of primes, Carmichael numbers, semiprimes of two large primes, 10^12.</summary>
    public static TheoryData<long> Composites => [
        1, 4, 9, 25, 49, 121, 561, 1105, 1729, 2465, 2821, 6601, 8911, 41041, 825265, 321_197_185,
        999_966_000_289 /* 999983^2 */, 1_000_036_000_099 /* 1000033 * 1000003 */,
        999_999_999_999, 1_000_000_000_000, 999_999_999_990, 2_147_483_647L * 3];

    [Fact]
    public void Isqrt_is_exact_at_squares_and_around_them_up_to_the_largest_long()
    {
        Assert.Equal(0, PrimeMath.Isqrt(0));
        Assert.Equal(1, PrimeMath.Isqrt(3));
        Assert.Equal(2, PrimeMath.Isqrt(4));
        Assert.Equal(999_983, PrimeMath.Isqrt(999_966_000_289));
        Assert.Equal(999_982, PrimeMath.Isqrt(999_966_000_288));
        Assert.Equal(3_037_000_499, PrimeMath.Isqrt(long.MaxValue));
        Assert.Equal(3_037_000_499, PrimeMath.Isqrt(3_037_000_499L * 3_037_000_499L));
        Assert.Equal(3_037_000_498, PrimeMath.Isqrt((3_037_000_499L * 3_037_000_499L) - 1));
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(3, 5)]
    [InlineData(4, 5)]
    [InlineData(100, 3)]
    [InlineData(1_000_000_000_000, 5)]
    [InlineData(long.MaxValue, 7)]
    [InlineData(30, 64)]
    public void Split_covers_two_to_sqrt_n_exactly_with_adjacent_nearly_equal_ranges(long n, int parts)
    {
        var ranges = PrimeMath.Split(n, parts);
        long root = PrimeMath.Isqrt(n);
        if (root < 2)
        {
            Assert.Empty(ranges);
            return;
        }

        Assert.Equal(2, ranges[0].From);
        Assert.Equal(root, ranges[^1].To);
        Assert.True(ranges.Count <= parts);
        for (int i = 1; i < ranges.Count; i++)
        {
            Assert.Equal(ranges[i - 1].To + 1, ranges[i].From);
        }

        Assert.True(ranges.Max(r => r.Length) - ranges.Min(r => r.Length) <= 1);
        Assert.All(ranges, r => Assert.True(r.Length >= 1));
    }

    [Fact]
    public void Wheel_candidates_are_two_three_and_six_k_plus_or_minus_one()
    {
        long[] wheel = [.. Enumerable.Range(0, 40).Where(c => PrimeMath.IsWheelCandidate(c)).Select(c => (long)c)];
        Assert.Equal([2, 3, 5, 7, 11, 13, 17, 19, 23, 25, 29, 31, 35, 37], wheel);
        for (long x = 2; x < 200; x++)
        {
            long next = PrimeMath.NextWheelCandidate(x);
            Assert.True(next >= x && PrimeMath.IsWheelCandidate(next));
            Assert.DoesNotContain(wheel.Where(c => c >= x && c < next), c => true);
        }
    }

    [Fact]
    public void Split_verdicts_agree_with_plain_trial_division_for_every_n_up_to_20000()
    {
        for (long n = 1; n <= 20_000; n++)
        {
            foreach (int parts in new[] { 1, 3, 5 })
            {
                var partials = PrimeMath.Split(n, parts)
                    .Select((range, i) => new PartialVerdict(n, range, PrimeMath.SmallestWheelDivisor(n, range, CancellationToken.None), i + 1))
                    .ToList();
                var verdict = PrimeCoordinator.Combine(n, partials, 1);
                Assert.True(PrimeMath.IsPrimeReference(n) == verdict.IsPrime, $"n = {n}, parts = {parts}");
                if (!verdict.IsPrime && n > 1)
                {
                    Assert.Equal(SmallestPrimeFactor(n), verdict.Divisor);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Primes))]
    public void Known_primes_up_to_ten_to_the_twelve_are_prime(long n)
    {
        Assert.True(PrimeMath.IsPrimeReference(n));
        Assert.True(Decide(n).IsPrime);
    }

    [Theory]
    [MemberData(nameof(Composites))]
    public void Known_composites_and_one_are_not_prime_and_the_divisor_is_the_smallest_factor(long n)
    {
        Assert.False(PrimeMath.IsPrimeReference(n));
        var verdict = Decide(n);
        Assert.False(verdict.IsPrime);
        if (n > 1)
        {
            Assert.Equal(SmallestPrimeFactor(n), verdict.Divisor);
        }
    }

    [Fact]
    public void A_long_check_stops_when_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        // 2^61 - 1 is prime: without the token this would try half a billion candidates.
        Assert.Throws<OperationCanceledException>(() => PrimeMath.SmallestWheelDivisor(2_305_843_009_213_693_951, PrimeMath.FullRange(2_305_843_009_213_693_951), cancelled.Token));
    }

    private static FinalVerdict Decide(long n)
    {
        var partials = PrimeMath.Split(n, 5)
            .Select((range, i) => new PartialVerdict(n, range, PrimeMath.SmallestWheelDivisor(n, range, CancellationToken.None), i + 1))
            .ToList();
        return PrimeCoordinator.Combine(n, partials, 1);
    }

    private static long SmallestPrimeFactor(long n)
    {
        for (long d = 2; d <= n / d; d++)
        {
            if (n % d == 0)
            {
                return d;
            }
        }

        return n;
    }
}
