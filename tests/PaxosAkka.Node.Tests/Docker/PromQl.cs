using System.Text.RegularExpressions;

namespace PaxosAkka.Node.Tests.Docker;

/// <summary>
/// The metric names a PromQL expression selects, found without a full parser: quoted strings, label matchers
/// (<c>{...}</c>), ranges (<c>[...]</c>) and grouping clauses (<c>by (...)</c>, <c>on (...)</c>...) are cut out first;
/// what is left of each identifier that is not a call (<c>rate(</c>, <c>sum(</c>), a keyword or part of a number is a
/// metric name. Good for dashboard expressions, which is all it is used for.
/// </summary>
internal static partial class PromQl
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan", "atan2",
    };

    /// <summary>The metric names <paramref name="expression"/> selects.</summary>
    public static IReadOnlySet<string> MetricNames(string expression)
    {
        string text = StringLiteral().Replace(expression, " ");
        text = LabelMatchers().Replace(text, " ");
        text = Ranges().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in Identifier().Matches(text))
        {
            int before = m.Index - 1;
            if (before >= 0 && (char.IsAsciiDigit(text[before]) || text[before] is '.' or '$'))
            {
                continue; // 1e3, 0.5, a duration's unit, a Grafana variable
            }

            int after = m.Index + m.Length;
            while (after < text.Length && char.IsWhiteSpace(text[after]))
            {
                after++;
            }

            if ((after < text.Length && text[after] == '(') || Keywords.Contains(m.Value))
            {
                continue;
            }

            names.Add(m.Value);
        }

        return names;
    }

    /// <summary>The metric a Grafana variable query <c>label_values(metric, label)</c> reads; none for other queries.</summary>
    public static IReadOnlySet<string> VariableMetricNames(string query)
    {
        var match = LabelValues().Match(query);
        return match.Success ? MetricNames(match.Groups[1].Value) : new HashSet<string>();
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\[[^\[\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex Grouping();

    [GeneratedRegex(@"[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^\s*label_values\(\s*([^,]+?)\s*,")]
    private static partial Regex LabelValues();
}
