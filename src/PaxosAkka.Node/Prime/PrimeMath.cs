namespace PaxosAkka.Node.Prime;

/// <summary>A closed range of candidate divisors [<paramref name="From"/>, <paramref name="To"/>].</summary>
public readonly record struct DivisorRange(long From, long To)
{
    /// <summary>How many integers it spans (0 when empty).</summary>
    public long Length => To >= From ? To - From + 1 : 0;

    /// <inheritdoc />
    public override string ToString() => $"[{From}, {To}]";
}

/// <summary>
/// Trial division as the prime use case (system 000) splits it among proposer nodes. Only the "wheel"
/// candidates are tried: 2, 3 and the numbers 6k±1. Every prime is one of them, and a composite n has a prime
/// factor at most sqrt(n), so "no wheel candidate in [2, sqrt(n)] divides n" is exactly "n is prime" (n &gt;= 2).
/// A partial verdict is about the wheel candidates of its range: "the smallest one dividing n is d", or "none".
/// </summary>
public static class PrimeMath
{
    /// <summary>Candidates tried between two checks of the cancellation token.</summary>
    private const int CancellationStride = 1 << 16;

    /// <summary>floor(sqrt(<paramref name="n"/>)) for n &gt;= 0, exact for every long.</summary>
    public static long Isqrt(long n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        long r = (long)Math.Sqrt(n);
        // The double estimate can be off by one either way near 2^63; settle it in 128-bit arithmetic.
        while ((UInt128)r * (UInt128)r > (UInt128)n)
        {
            r--;
        }

        while ((UInt128)(r + 1) * (UInt128)(r + 1) <= (UInt128)n)
        {
            r++;
        }

        return r;
    }

    /// <summary>The whole divisor range of <paramref name="n"/>: [2, floor(sqrt(n))], empty for n &lt; 4.</summary>
    public static DivisorRange FullRange(long n) => new(2, Isqrt(n));

    /// <summary>True for 2, 3 and numbers of the form 6k±1.</summary>
    public static bool IsWheelCandidate(long c) => c is 2 or 3 || (c > 4 && (c % 6 == 1 || c % 6 == 5));

    /// <summary>The smallest wheel candidate at least <paramref name="x"/> (x &gt;= 2).</summary>
    public static long NextWheelCandidate(long x)
    {
        if (x <= 3)
        {
            return Math.Max(x, 2);
        }

        long r = x % 6;
        return r <= 1 ? x + (1 - r) : x + (5 - r);
    }

    /// <summary>
    /// Splits [2, floor(sqrt(n))] into at most <paramref name="parts"/> adjacent ranges of nearly equal length
    /// that cover it exactly; none for n &lt; 4 (nothing to try).
    /// </summary>
    public static IReadOnlyList<DivisorRange> Split(long n, int parts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        var full = FullRange(n);
        long count = full.Length;
        if (count == 0)
        {
            return [];
        }

        int pieces = (int)Math.Min(parts, count);
        var ranges = new List<DivisorRange>(pieces);
        for (int i = 0; i < pieces; i++)
        {
            long from = full.From + (long)((UInt128)count * (UInt128)i / (UInt128)pieces);
            long to = full.From + (long)((UInt128)count * (UInt128)(i + 1) / (UInt128)pieces) - 1;
            ranges.Add(new DivisorRange(from, to));
        }

        return ranges;
    }

    /// <summary>The smallest wheel candidate in <paramref name="range"/> that divides <paramref name="n"/>, or null.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled (checked every 65,536 candidates).</exception>
    public static long? SmallestWheelDivisor(long n, DivisorRange range, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        long from = Math.Max(range.From, 2);
        long to = Math.Min(range.To, Isqrt(n));
        if (from > to)
        {
            return null;
        }

        if (from <= 2 && 2 <= to && n % 2 == 0)
        {
            return 2;
        }

        if (from <= 3 && 3 <= to && n % 3 == 0)
        {
            return 3;
        }

        // 6k-1 and 6k+1 for k from the first pair that can reach 'from'; candidates below it are skipped.
        int sinceCheck = 0;
        for (long k = Math.Max(1, (from + 1) / 6); ; k++)
        {
            long low = (6 * k) - 1;
            if (low > to)
            {
                return null;
            }

            if (low >= from && n % low == 0)
            {
                return low;
            }

            long high = low + 2;
            if (high > to)
            {
                return null;
            }

            if (high >= from && n % high == 0)
            {
                return high;
            }

            if (++sinceCheck == CancellationStride)
            {
                sinceCheck = 0;
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>Plain trial division by every integer up to sqrt(n): the slow reference the tests compare with.</summary>
    public static bool IsPrimeReference(long n)
    {
        if (n < 2)
        {
            return false;
        }

        for (long d = 2; d <= n / d; d++)
        {
            if (n % d == 0)
            {
                return false;
            }
        }

        return true;
    }
}
