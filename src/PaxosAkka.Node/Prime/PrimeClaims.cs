using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using PaxosAkka.Node.Store;

namespace PaxosAkka.Node.Prime;

/// <summary>What the prime use case writes through the log: a partial verdict or the final one.</summary>
public abstract record PrimeClaim(long N);

/// <summary>
/// One proposer node's verdict on its range: the smallest wheel candidate in <paramref name="Range"/> dividing
/// <paramref name="N"/> (<paramref name="Divisor"/>), or none. Recorded under <c>prime/{n}/part/{from}</c>.
/// </summary>
public sealed record PartialVerdict(long N, DivisorRange Range, long? Divisor, int CheckedBy) : PrimeClaim(N);

/// <summary>The decision on <paramref name="N"/>, recorded under <c>prime/{n}</c> once every partial was chosen.</summary>
public sealed record FinalVerdict(long N, bool IsPrime, long? Divisor, ImmutableArray<int> CheckedBy) : PrimeClaim(N);

/// <summary>
/// The log form of <see cref="PrimeClaim"/>: an ordinary key-value put whose value is one line of text that starts
/// with a magic word (so an acceptor recognises a claim from the raw bytes without decoding every command).
/// <code>
/// prime/{n}/part/{from} = "prime-partial/1 n=.. from=.. to=.. divisor=..|none by=.."
/// prime/{n}             = "prime-verdict/1 n=.. prime=true|false divisor=..|none checked-by=1,2,3"
/// </code>
/// </summary>
public static class PrimeClaimCodec
{
    /// <summary>Magic word of a partial verdict.</summary>
    public const string PartialMagic = "prime-partial/1 ";

    /// <summary>Magic word of a final verdict.</summary>
    public const string VerdictMagic = "prime-verdict/1 ";

    private static ReadOnlySpan<byte> PartialMagicBytes => "prime-partial/1 "u8;

    private static ReadOnlySpan<byte> VerdictMagicBytes => "prime-verdict/1 "u8;

    /// <summary>The key of the final verdict on <paramref name="n"/>.</summary>
    public static string VerdictKey(long n) => string.Create(CultureInfo.InvariantCulture, $"prime/{n}");

    /// <summary>The key of the partial verdict on <paramref name="n"/> whose range starts at <paramref name="from"/>.</summary>
    public static string PartialKey(long n, long from) => string.Create(CultureInfo.InvariantCulture, $"prime/{n}/part/{from}");

    /// <summary>The put that records <paramref name="claim"/>.</summary>
    public static KvPutCommand ToCommand(PrimeClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var inv = CultureInfo.InvariantCulture;
        return claim switch
        {
            PartialVerdict p => new KvPutCommand(
                PartialKey(p.N, p.Range.From),
                Encoding.ASCII.GetBytes(string.Create(inv, $"{PartialMagic}n={p.N} from={p.Range.From} to={p.Range.To} divisor={Optional(p.Divisor)} by={p.CheckedBy}"))),
            FinalVerdict f => new KvPutCommand(
                VerdictKey(f.N),
                Encoding.ASCII.GetBytes(string.Create(inv, $"{VerdictMagic}n={f.N} prime={(f.IsPrime ? "true" : "false")} divisor={Optional(f.Divisor)} checked-by={string.Join(',', f.CheckedBy)}"))),
            _ => throw new ArgumentException($"unknown claim {claim.GetType().Name}", nameof(claim)),
        };
    }

    /// <summary>True when <paramref name="value"/> starts with a claim's magic word (cheap: no decoding).</summary>
    public static bool LooksLikeClaim(ReadOnlySpan<byte> value) =>
        value.StartsWith(PartialMagicBytes) || value.StartsWith(VerdictMagicBytes);

    /// <summary>True when the raw command payload carries a claim's magic word anywhere (an acceptor's pre-filter).</summary>
    public static bool MayContainClaim(ReadOnlySpan<byte> payload) =>
        payload.IndexOf(PartialMagicBytes) >= 0 || payload.IndexOf(VerdictMagicBytes) >= 0;

    /// <summary>
    /// The claim a put under <paramref name="key"/> with <paramref name="value"/> records; null when the value is
    /// malformed or does not match its key (a claim must be well formed to be accepted at all).
    /// </summary>
    public static PrimeClaim? TryParse(string key, ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(key);
        string text;
        try
        {
            text = Encoding.ASCII.GetString(value);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        PrimeClaim? claim = text.StartsWith(PartialMagic, StringComparison.Ordinal) ? ParsePartial(Fields(text[PartialMagic.Length..]))
            : text.StartsWith(VerdictMagic, StringComparison.Ordinal) ? ParseFinal(Fields(text[VerdictMagic.Length..]))
            : null;
        string? expectedKey = claim switch
        {
            PartialVerdict p => PartialKey(p.N, p.Range.From),
            FinalVerdict f => VerdictKey(f.N),
            _ => null,
        };
        return expectedKey == key ? claim : null;
    }

    private static PartialVerdict? ParsePartial(Dictionary<string, string>? f)
    {
        if (f is null || f.Count != 5 || !Long(f, "n", out long n) || !Long(f, "from", out long from) || !Long(f, "to", out long to)
            || !OptionalLong(f, "divisor", out long? divisor) || !f.TryGetValue("by", out var by)
            || !int.TryParse(by, NumberStyles.None, CultureInfo.InvariantCulture, out int node))
        {
            return null;
        }

        return new PartialVerdict(n, new DivisorRange(from, to), divisor, node);
    }

    private static FinalVerdict? ParseFinal(Dictionary<string, string>? f)
    {
        if (f is null || f.Count != 4 || !Long(f, "n", out long n) || !f.TryGetValue("prime", out var prime) || prime is not ("true" or "false")
            || !OptionalLong(f, "divisor", out long? divisor) || !f.TryGetValue("checked-by", out var by))
        {
            return null;
        }

        var nodes = ImmutableArray.CreateBuilder<int>();
        foreach (var part in by.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int node))
            {
                return null;
            }

            nodes.Add(node);
        }

        return new FinalVerdict(n, prime == "true", divisor, nodes.ToImmutable());
    }

    private static Dictionary<string, string>? Fields(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = field.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !fields.TryAdd(field[..eq], field[(eq + 1)..]))
            {
                return null;
            }
        }

        return fields;
    }

    private static bool Long(Dictionary<string, string> f, string name, out long value)
    {
        value = 0;
        return f.TryGetValue(name, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool OptionalLong(Dictionary<string, string> f, string name, out long? value)
    {
        value = null;
        if (!f.TryGetValue(name, out var text))
        {
            return false;
        }

        if (text == "none")
        {
            return true;
        }

        bool ok = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long parsed);
        value = ok ? parsed : null;
        return ok;
    }

    private static string Optional(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "none";
}
