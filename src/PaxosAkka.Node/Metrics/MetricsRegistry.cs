using System.Text;

namespace PaxosAkka.Node.Metrics;

/// <summary>
/// A minimal Prometheus registry (prometheus-net cannot be restored here): creates counters, gauges and
/// histograms, runs scrape callbacks that refresh gauges from live state, and renders the text exposition
/// format 0.0.4. Thread-safe: metrics are updated from request threads while a scrape renders.
/// </summary>
public sealed class MetricsRegistry
{
    private readonly Lock _gate = new();
    private readonly List<IMetricFamily> _families = [];
    private readonly List<Action> _beforeScrape = [];

    /// <summary>Creates and registers a counter.</summary>
    public Counter CreateCounter(string name, string help, params string[] labelNames) =>
        Register(new Counter(name, help, labelNames));

    /// <summary>Creates and registers a gauge.</summary>
    public Gauge CreateGauge(string name, string help, params string[] labelNames) =>
        Register(new Gauge(name, help, labelNames));

    /// <summary>Creates and registers a histogram with the given finite upper bounds (+Inf is implicit).</summary>
    public Histogram CreateHistogram(string name, string help, IReadOnlyList<double> buckets, params string[] labelNames) =>
        Register(new Histogram(name, help, buckets, labelNames));

    /// <summary>Runs <paramref name="callback"/> at the start of every scrape (to set gauges from live state).</summary>
    public void BeforeScrape(Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (_gate)
        {
            _beforeScrape.Add(callback);
        }
    }

    /// <summary>Runs the scrape callbacks and renders every family, in registration order.</summary>
    public string Export()
    {
        IMetricFamily[] families;
        Action[] callbacks;
        lock (_gate)
        {
            families = [.. _families];
            callbacks = [.. _beforeScrape];
        }

        foreach (var callback in callbacks)
        {
            callback();
        }

        var sb = new StringBuilder(4096);
        foreach (var family in families)
        {
            family.WriteTo(sb);
        }

        return sb.ToString();
    }

    private T Register<T>(T family)
        where T : IMetricFamily
    {
        lock (_gate)
        {
            if (_families.Any(f => string.Equals(f.Name, family.Name, StringComparison.Ordinal)))
            {
                throw new ArgumentException($"metric '{family.Name}' is already registered", nameof(family));
            }

            _families.Add(family);
        }

        return family;
    }
}
