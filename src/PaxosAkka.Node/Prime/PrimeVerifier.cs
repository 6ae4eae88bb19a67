using PaxosAkka.Consensus;
using PaxosAkka.Node.Store;
using static PaxosAkka.Consensus.PaxosProtocol;

namespace PaxosAkka.Node.Prime;

/// <summary>
/// Checks a prime claim before it may be accepted into the log (system 000: "acceptor verification"). A claimed
/// divisor is checked exactly (1 &lt; d &lt; n, n mod d = 0, inside its range). A claimed "no divisor in [a, b]"
/// would cost as much to check as to compute, so it is checked on a seeded sample of the range's wheel
/// candidates: its first and last few and some drawn at random. A forged "none" survives one acceptor only when
/// the sample misses every divisor, and each acceptor draws its own sample.
/// </summary>
public static class PrimeVerifier
{
    /// <summary>Random candidates drawn per check.</summary>
    public const int SampleSize = 64;

    /// <summary>Candidates checked at each end of the range.</summary>
    public const int EdgeSize = 16;

    /// <summary>True when <paramref name="claim"/> passes the checks, sampling with <paramref name="seed"/>.</summary>
    public static bool Verify(PrimeClaim claim, int seed)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return claim switch
        {
            PartialVerdict p => VerifyPartial(p, seed),
            FinalVerdict f => VerifyFinal(f, seed),
            _ => false,
        };
    }

    /// <summary>
    /// The acceptor's gate for one Accept: false when any command in its value records a prime claim that is
    /// malformed or fails <see cref="Verify"/>. Everything else (key-value commands, no-ops, other payloads) passes.
    /// </summary>
    public static bool Admits(Accept accept, int acceptorId)
    {
        ArgumentNullException.ThrowIfNull(accept);
        if (accept.Value is null || accept.Value.IsNoOp)
        {
            return true;
        }

        foreach (var command in accept.Value.Commands)
        {
            if (command.Payload is null || !PrimeClaimCodec.MayContainClaim(command.Payload))
            {
                continue;
            }

            KvCommand decoded;
            try
            {
                decoded = KvCommandCodec.Decode(command.Payload);
            }
            catch (FormatException)
            {
                continue; // Not a key-value command: not a claim either.
            }

            byte[]? value = decoded switch
            {
                KvPutCommand put => put.Value,
                KvCasCommand cas => cas.Value,
                _ => null,
            };
            if (value is null || !PrimeClaimCodec.LooksLikeClaim(value))
            {
                continue;
            }

            var claim = PrimeClaimCodec.TryParse(decoded.Key, value);
            if (claim is null || decoded is not KvPutCommand || !Verify(claim, Seed(claim, acceptorId)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The acceptor's validator over every core message: only Accepts are checked.</summary>
    public static Func<PaxosMessage, bool> AcceptValidator(int acceptorId) =>
        message => message is not Accept accept || Admits(accept, acceptorId);

    /// <summary>A deterministic seed per (claim, acceptor): every acceptor samples differently, every run alike.</summary>
    internal static int Seed(PrimeClaim claim, int acceptorId)
    {
        long from = claim is PartialVerdict p ? p.Range.From : 0;
        ulong mixed = unchecked(((ulong)claim.N * 0x9E3779B97F4A7C15UL) ^ ((ulong)from * 0xC2B2AE3D27D4EB4FUL) ^ ((ulong)acceptorId * 0x165667B19E3779F9UL));
        return unchecked((int)(mixed ^ (mixed >> 32)));
    }

    private static bool VerifyPartial(PartialVerdict p, int seed)
    {
        var full = PrimeMath.FullRange(Math.Max(p.N, 1));
        if (p.N < 4 || p.Range.From < full.From || p.Range.To > full.To || p.Range.From > p.Range.To)
        {
            return false;
        }

        return p.Divisor is long d
            ? d >= p.Range.From && d <= p.Range.To && PrimeMath.IsWheelCandidate(d) && IsProperDivisor(p.N, d)
            : NoDivisorInSample(p.N, p.Range, seed);
    }

    private static bool VerifyFinal(FinalVerdict f, int seed)
    {
        if (f.N < 1 || f.CheckedBy.IsDefaultOrEmpty)
        {
            return false;
        }

        if (f.N == 1)
        {
            return !f.IsPrime && f.Divisor is null;
        }

        return f.IsPrime
            ? f.Divisor is null && NoDivisorInSample(f.N, PrimeMath.FullRange(f.N), seed)
            : f.Divisor is long d && IsProperDivisor(f.N, d);
    }

    private static bool IsProperDivisor(long n, long d) => d > 1 && d < n && n % d == 0;

    private static bool NoDivisorInSample(long n, DivisorRange range, int seed)
    {
        foreach (long c in Sample(range, seed))
        {
            if (n % c == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The wheel candidates of <paramref name="range"/> a check tries: both ends and a seeded random draw.</summary>
    internal static IEnumerable<long> Sample(DivisorRange range, int seed)
    {
        if (range.From > range.To || range.To < 2)
        {
            yield break;
        }

        long c = PrimeMath.NextWheelCandidate(Math.Max(range.From, 2));
        for (int i = 0; i < EdgeSize && c <= range.To; i++, c = PrimeMath.NextWheelCandidate(c + 1))
        {
            yield return c;
        }

        c = PreviousWheelCandidate(range.To);
        for (int i = 0; i < EdgeSize && c >= range.From && c >= 2; i++, c = PreviousWheelCandidate(c - 1))
        {
            yield return c;
        }

        var random = new Random(seed);
        for (int i = 0; i < SampleSize; i++)
        {
            long drawn = PrimeMath.NextWheelCandidate(Math.Max(2, random.NextInt64(range.From, range.To + 1)));
            if (drawn <= range.To)
            {
                yield return drawn;
            }
        }
    }

    /// <summary>The largest wheel candidate at most <paramref name="x"/>, or 1 when there is none.</summary>
    internal static long PreviousWheelCandidate(long x)
    {
        if (x < 5)
        {
            return Math.Min(x, 3) < 2 ? 1 : Math.Min(x, 3);
        }

        long r = x % 6;
        return r switch
        {
            0 => x - 1,
            1 or 5 => x,
            _ => x - (r - 1),
        };
    }
}
