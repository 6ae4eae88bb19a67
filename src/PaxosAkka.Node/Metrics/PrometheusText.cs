using System.Globalization;
using System.Text;

namespace PaxosAkka.Node.Metrics;

/// <summary>
/// The pieces of the Prometheus text exposition format 0.0.4 that every metric family shares: name checks,
/// escaping and number formatting. Kept pure and separate so the tests can pin the format down exactly.
/// </summary>
internal static class PrometheusText
{
    /// <summary>The Content-Type a scrape answer must carry.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>True when <paramref name="name"/> matches <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>.</summary>
    public static bool IsValidMetricName(string name) => IsValidName(name, allowColon: true);

    /// <summary>True when <paramref name="name"/> matches <c>[a-zA-Z_][a-zA-Z0-9_]*</c> and is not reserved (<c>__</c> prefix).</summary>
    public static bool IsValidLabelName(string name) =>
        IsValidName(name, allowColon: false) && !name.StartsWith("__", StringComparison.Ordinal);

    /// <summary>HELP text escaping: backslash and line feed.</summary>
    public static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Label value escaping: backslash, double quote and line feed.</summary>
    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>
    /// A sample value as Prometheus reads it: <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>, integers without a
    /// fraction, anything else round-trippable in the invariant culture.
    /// </summary>
    public static string FormatValue(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            return "+Inf";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-Inf";
        }

        if (double.IsNaN(value))
        {
            return "NaN";
        }

        return value == Math.Floor(value) && Math.Abs(value) < 1e15
            ? ((long)value).ToString(CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>Appends <c>{a="x",b="y"}</c> (nothing when there are no labels).</summary>
    public static void AppendLabels(StringBuilder sb, IReadOnlyList<string> names, IReadOnlyList<string> values, string? extraName = null, string? extraValue = null)
    {
        if (names.Count == 0 && extraName is null)
        {
            return;
        }

        sb.Append('{');
        for (int i = 0; i < names.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(names[i]).Append("=\"").Append(EscapeLabelValue(values[i])).Append('"');
        }

        if (extraName is not null)
        {
            if (names.Count > 0)
            {
                sb.Append(',');
            }

            sb.Append(extraName).Append("=\"").Append(EscapeLabelValue(extraValue ?? string.Empty)).Append('"');
        }

        sb.Append('}');
    }

    private static bool IsValidName(string name, bool allowColon)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            bool ok = char.IsAsciiLetter(c) || c == '_' || (allowColon && c == ':') || (i > 0 && char.IsAsciiDigit(c));
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
