using System.Text.Json.Serialization;

namespace PaxosAkka.Node.Prime;

/// <summary><c>POST /prime/{n}</c> → 200: the verdict, the store revision that recorded it and who checked.</summary>
public sealed record PrimeResponse(long N, bool Prime, long Revision, int[] CheckedBy, long? Divisor);

/// <summary><c>POST /prime/{n}/partial?from=&amp;to=</c> → 200: one node's partial verdict as chosen.</summary>
public sealed record PartialResponse(long N, long From, long To, long? Divisor, long Revision, int CheckedBy);

/// <summary>Any prime endpoint's error: <c>{"error": "..."}</c>.</summary>
public sealed record PrimeError(string Error);

/// <summary>Source-generated JSON for the prime endpoints (camelCase like the rest of the API).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PrimeResponse))]
[JsonSerializable(typeof(PartialResponse))]
[JsonSerializable(typeof(PrimeError))]
public sealed partial class PrimeJsonContext : JsonSerializerContext;

/// <summary>How long a prime request may take: trial division of n near 2^63 takes seconds.</summary>
public static class PrimeTimeouts
{
    /// <summary>Wheel candidates one node tries per second, counted low for a loaded 2-core machine.</summary>
    public const double CandidatesPerSecond = 10_000_000;

    /// <summary>The floor: consensus on the partials and the verdict, with room for a leader change.</summary>
    public static readonly TimeSpan Base = TimeSpan.FromSeconds(15);

    /// <summary>The ceiling, whatever n is.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromMinutes(5);

    /// <summary>
    /// <see cref="Base"/> plus twice the time to try n's wheel candidates (a third of sqrt(n)) spread over
    /// <paramref name="workers"/> nodes, at most <see cref="Max"/>. The coordinator may redo a failed worker's share.
    /// </summary>
    public static TimeSpan For(long n, int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        double seconds = PrimeMath.Isqrt(n) / 3.0 / workers / CandidatesPerSecond;
        var total = Base + TimeSpan.FromSeconds(2 * seconds);
        return total < Max ? total : Max;
    }
}
