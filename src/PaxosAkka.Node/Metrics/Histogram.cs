using System.Globalization;
using System.Text;

namespace PaxosAkka.Node.Metrics;

/// <summary>
/// Observations counted in fixed buckets (Prometheus <c>histogram</c>): cumulative <c>_bucket{le=..}</c> lines
/// ending with <c>le="+Inf"</c>, then <c>_sum</c> and <c>_count</c>.
/// </summary>
public sealed class Histogram : MetricFamily<Histogram.Child>
{
    private readonly double[] _upperBounds;

    internal Histogram(string name, string help, IReadOnlyList<double> buckets, IReadOnlyList<string> labelNames)
        : base(name, help, "histogram", labelNames)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        if (labelNames.Contains("le", StringComparer.Ordinal))
        {
            throw new ArgumentException("a histogram may not use the label name 'le'", nameof(labelNames));
        }

        var bounds = buckets.Where(b => !double.IsPositiveInfinity(b)).ToArray();
        if (bounds.Length == 0 || bounds.Any(double.IsNaN))
        {
            throw new ArgumentException("a histogram needs at least one finite bucket bound", nameof(buckets));
        }

        for (int i = 1; i < bounds.Length; i++)
        {
            if (bounds[i] <= bounds[i - 1])
            {
                throw new ArgumentException("bucket bounds must increase strictly", nameof(buckets));
            }
        }

        _upperBounds = bounds;
    }

    /// <summary>Default latency buckets in seconds: 0.5 ms to 10 s.</summary>
    public static IReadOnlyList<double> DefaultLatencyBuckets { get; } =
        [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Records one observation in the unlabelled series.</summary>
    public void Observe(double value) => WithLabels().Observe(value);

    /// <inheritdoc />
    private protected override Child CreateChild() => new(_upperBounds);

    /// <inheritdoc />
    private protected override void WriteChild(StringBuilder sb, IReadOnlyList<string> labelValues, Child child)
    {
        var (counts, sum, count) = child.Snapshot();
        long cumulative = 0;
        string total = count.ToString(CultureInfo.InvariantCulture);
        for (int i = 0; i < _upperBounds.Length; i++)
        {
            cumulative += counts[i];
            WriteSample(sb, "_bucket", labelValues, cumulative.ToString(CultureInfo.InvariantCulture), "le", PrometheusText.FormatValue(_upperBounds[i]));
        }

        WriteSample(sb, "_bucket", labelValues, total, "le", "+Inf");
        WriteSample(sb, "_sum", labelValues, PrometheusText.FormatValue(sum));
        WriteSample(sb, "_count", labelValues, total);
    }

    /// <summary>One labelled series of the histogram.</summary>
    public sealed class Child
    {
        private readonly double[] _upperBounds;
        private readonly long[] _counts;
        private readonly Lock _gate = new();
        private double _sum;
        private long _count;

        internal Child(double[] upperBounds)
        {
            _upperBounds = upperBounds;
            _counts = new long[upperBounds.Length];
        }

        /// <summary>Records <paramref name="value"/>; NaN is ignored (it would poison the sum).</summary>
        public void Observe(double value)
        {
            if (double.IsNaN(value))
            {
                return;
            }

            int bucket = Array.BinarySearch(_upperBounds, value);
            bucket = bucket >= 0 ? bucket : ~bucket;

            // A lock rather than interlocked fields: a scrape must never see _count disagree with the buckets.
            lock (_gate)
            {
                if (bucket < _counts.Length)
                {
                    _counts[bucket]++;
                }

                _sum += value;
                _count++;
            }
        }

        /// <summary>A consistent copy: per-bucket (non-cumulative) counts, sum and count.</summary>
        internal (long[] Counts, double Sum, long Count) Snapshot()
        {
            lock (_gate)
            {
                return ([.. _counts], _sum, _count);
            }
        }
    }
}
