using System.Collections.Concurrent;
using System.Text;

namespace PaxosAkka.Node.Metrics;

/// <summary>
/// One metric name with its HELP, TYPE and label names, holding one child per distinct label-value tuple.
/// Children are created on first use and never removed, so callers must keep label values to a small set
/// (route patterns, not raw paths).
/// </summary>
/// <typeparam name="TChild">The per-label-set sample holder.</typeparam>
public abstract class MetricFamily<TChild> : IMetricFamily
    where TChild : class
{
    private readonly ConcurrentDictionary<string, (string[] Values, TChild Child)> _children = new(StringComparer.Ordinal);
    private readonly string[] _labelNames;

    /// <summary>Validates the name and label names.</summary>
    private protected MetricFamily(string name, string help, string type, IReadOnlyList<string> labelNames)
    {
        ArgumentNullException.ThrowIfNull(help);
        ArgumentNullException.ThrowIfNull(labelNames);
        if (!PrometheusText.IsValidMetricName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid Prometheus metric name", nameof(name));
        }

        foreach (var label in labelNames)
        {
            if (!PrometheusText.IsValidLabelName(label))
            {
                throw new ArgumentException($"'{label}' is not a valid Prometheus label name", nameof(labelNames));
            }
        }

        if (labelNames.Distinct(StringComparer.Ordinal).Count() != labelNames.Count)
        {
            throw new ArgumentException($"metric '{name}' repeats a label name", nameof(labelNames));
        }

        Name = name;
        Help = help;
        Type = type;
        _labelNames = [.. labelNames];
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The HELP text.</summary>
    public string Help { get; }

    /// <summary>counter, gauge or histogram.</summary>
    public string Type { get; }

    /// <summary>The label names, in exposition order.</summary>
    public IReadOnlyList<string> LabelNames => _labelNames;

    /// <summary>The child for these label values (created on first use).</summary>
    /// <exception cref="ArgumentException">The number of values differs from the number of label names.</exception>
    public TChild WithLabels(params string[] labelValues)
    {
        ArgumentNullException.ThrowIfNull(labelValues);
        if (labelValues.Length != _labelNames.Length)
        {
            throw new ArgumentException($"metric '{Name}' has {_labelNames.Length} label(s), got {labelValues.Length} value(s)", nameof(labelValues));
        }

        // '\u0000' cannot be typed into a route or method, and a collision would only merge two series.
        string key = string.Join('\u0000', labelValues);
        if (_children.TryGetValue(key, out var existing))
        {
            return existing.Child;
        }

        string[] copy = [.. labelValues];
        return _children.GetOrAdd(key, _ => (copy, CreateChild())).Child;
    }

    /// <inheritdoc />
    public void WriteTo(StringBuilder sb)
    {
        ArgumentNullException.ThrowIfNull(sb);
        sb.Append("# HELP ").Append(Name).Append(' ').Append(PrometheusText.EscapeHelp(Help)).Append('\n');
        sb.Append("# TYPE ").Append(Name).Append(' ').Append(Type).Append('\n');

        // A family without labels always shows its single sample, even before first use (a counter at 0 is news).
        if (_labelNames.Length == 0)
        {
            WithLabels();
        }

        // Sorted so two scrapes list series in the same order (diffable, and stable for tests).
        foreach (var (_, (values, child)) in _children.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            WriteChild(sb, values, child);
        }
    }

    /// <summary>Makes the sample holder of a new label set.</summary>
    private protected abstract TChild CreateChild();

    /// <summary>Writes the sample line(s) of one child.</summary>
    private protected abstract void WriteChild(StringBuilder sb, IReadOnlyList<string> labelValues, TChild child);

    /// <summary>
    /// Writes one sample line, <c>name[suffix]{labels[,extra]} value</c>: the only shape the text format has, shared by
    /// every family (a histogram writes several, with suffixes and an <c>le</c> label).
    /// </summary>
    private protected void WriteSample(StringBuilder sb, string suffix, IReadOnlyList<string> labelValues, string value, string? extraName = null, string? extraValue = null)
    {
        sb.Append(Name).Append(suffix);
        PrometheusText.AppendLabels(sb, _labelNames, labelValues, extraName, extraValue);
        sb.Append(' ').Append(value).Append('\n');
    }
}

/// <summary>What the registry needs of a family: its name and its exposition.</summary>
public interface IMetricFamily
{
    /// <summary>The metric name.</summary>
    string Name { get; }

    /// <summary>Appends HELP, TYPE and sample lines.</summary>
    void WriteTo(StringBuilder sb);
}
