using System.Text;

namespace PaxosAkka.Node.Metrics;

/// <summary>A value that goes up and down (Prometheus <c>gauge</c>), optionally split by labels.</summary>
public sealed class Gauge : MetricFamily<Gauge.Child>
{
    internal Gauge(string name, string help, IReadOnlyList<string> labelNames)
        : base(name, help, "gauge", labelNames)
    {
    }

    /// <summary>Sets the unlabelled series.</summary>
    public void Set(double value) => WithLabels().Set(value);

    /// <inheritdoc />
    private protected override Child CreateChild() => new();

    /// <inheritdoc />
    private protected override void WriteChild(StringBuilder sb, IReadOnlyList<string> labelValues, Child child) =>
        WriteSample(sb, string.Empty, labelValues, PrometheusText.FormatValue(child.Value));

    /// <summary>One labelled series of the gauge.</summary>
    public sealed class Child
    {
        private AtomicDouble _value;

        /// <summary>The current value.</summary>
        public double Value => _value.Value;

        /// <summary>Sets the value.</summary>
        public void Set(double value) => _value.Set(value);

        /// <summary>Adds <paramref name="delta"/> (may be negative).</summary>
        public void Add(double delta) => _value.Add(delta);
    }
}
