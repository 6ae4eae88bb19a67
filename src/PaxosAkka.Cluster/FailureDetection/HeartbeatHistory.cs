using System.Collections.Immutable;

namespace PaxosAkka.Cluster.FailureDetection;

/// <summary>
/// An immutable, bounded window of heartbeat inter-arrival intervals (in milliseconds) with running sums,
/// so mean and variance cost O(1) however large the window is. The oldest interval drops out once the
/// window holds <see cref="MaxSampleSize"/> samples.
/// </summary>
internal sealed class HeartbeatHistory
{
    private readonly ImmutableQueue<double> _intervals;
    private readonly double _sum;
    private readonly double _squaredSum;

    private HeartbeatHistory(int maxSampleSize, ImmutableQueue<double> intervals, int count, double sum, double squaredSum)
    {
        MaxSampleSize = maxSampleSize;
        _intervals = intervals;
        Count = count;
        _sum = sum;
        _squaredSum = squaredSum;
    }

    public int MaxSampleSize { get; }

    public int Count { get; }

    public double Mean => Count == 0 ? 0.0 : _sum / Count;

    /// <summary>Population variance; clamped at zero because the running sums can drift slightly negative.</summary>
    public double Variance => Count == 0 ? 0.0 : Math.Max(0.0, (_squaredSum / Count) - (Mean * Mean));

    public double StandardDeviation => Math.Sqrt(Variance);

    public static HeartbeatHistory Empty(int maxSampleSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSampleSize, 1);
        return new HeartbeatHistory(maxSampleSize, [], 0, 0.0, 0.0);
    }

    public HeartbeatHistory Add(double intervalMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(intervalMs);
        var intervals = _intervals;
        var count = Count;
        var sum = _sum;
        var squaredSum = _squaredSum;
        if (count == MaxSampleSize)
        {
            intervals = intervals.Dequeue(out var oldest);
            count--;
            sum -= oldest;
            squaredSum -= oldest * oldest;
        }

        return new HeartbeatHistory(
            MaxSampleSize, intervals.Enqueue(intervalMs), count + 1, sum + intervalMs, squaredSum + (intervalMs * intervalMs));
    }
}
