using System.Text;

namespace PaxosAkka.Node.Metrics;

/// <summary>A monotonically increasing count (Prometheus <c>counter</c>), optionally split by labels.</summary>
public sealed class Counter : MetricFamily<Counter.Child>
{
    internal Counter(string name, string help, IReadOnlyList<string> labelNames)
        : base(name, help, "counter", labelNames)
    {
    }

    /// <summary>Adds <paramref name="amount"/> to the unlabelled series.</summary>
    public void Inc(double amount = 1) => WithLabels().Inc(amount);

    /// <inheritdoc />
    private protected override Child CreateChild() => new();

    /// <inheritdoc />
    private protected override void WriteChild(StringBuilder sb, IReadOnlyList<string> labelValues, Child child) =>
        WriteSample(sb, string.Empty, labelValues, PrometheusText.FormatValue(child.Value));

    /// <summary>One labelled series of the counter.</summary>
    public sealed class Child
    {
        private AtomicDouble _value;

        /// <summary>The count so far.</summary>
        public double Value => _value.Value;

        /// <summary>Adds <paramref name="amount"/>, which must not be negative (counters only go up).</summary>
        public void Inc(double amount = 1)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(amount);
            _value.Add(amount);
        }
    }
}
