namespace PaxosAkka.Cluster.FailureDetection;

/// <summary>
/// The phi accrual failure detector of Hayashibara et al. ("The φ Accrual Failure Detector", 2004), as used by
/// Akka and Cassandra. Instead of a yes/no timeout it reports a suspicion level phi = -log10(P(a heartbeat arrives
/// later than now)), computed from a normal distribution fitted to the recent inter-arrival intervals.
/// <para>
/// Immutable and clock-free: callers pass the arrival time of each heartbeat and the time at which they ask,
/// both as offsets from any fixed origin (for example <see cref="TimeProvider.GetElapsedTime(long)"/>). That keeps it
/// deterministic and trivially testable with virtual time.
/// </para>
/// </summary>
public sealed class PhiAccrualFailureDetector
{
    private readonly HeartbeatHistory _history;

    /// <summary>Creates a detector that has not yet seen a heartbeat (phi is 0 until it does).</summary>
    public PhiAccrualFailureDetector(PhiAccrualFailureDetectorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings.Validate();
        _history = HeartbeatHistory.Empty(settings.MaxSampleSize);
    }

    private PhiAccrualFailureDetector(PhiAccrualFailureDetectorSettings settings, HeartbeatHistory history, TimeSpan lastHeartbeat)
    {
        Settings = settings;
        _history = history;
        LastHeartbeat = lastHeartbeat;
    }

    public PhiAccrualFailureDetectorSettings Settings { get; }

    /// <summary>Arrival time of the latest heartbeat, or null before the first one.</summary>
    public TimeSpan? LastHeartbeat { get; }

    /// <summary>True once at least one heartbeat arrived: only then can the resource be suspected.</summary>
    public bool IsMonitoring => LastHeartbeat is not null;

    /// <summary>Number of intervals the statistics are based on (the two seeded ones included).</summary>
    public int SampleCount => _history.Count;

    /// <summary>Mean of the recorded intervals, without the acceptable pause.</summary>
    public TimeSpan MeanInterval => TimeSpan.FromMilliseconds(_history.Mean);

    /// <summary>Records a heartbeat that arrived at <paramref name="now"/>.</summary>
    public PhiAccrualFailureDetector Heartbeat(TimeSpan now)
    {
        if (LastHeartbeat is not { } last)
        {
            // Seed the history with the estimate ± a quarter so the first real interval is judged against a sane
            // distribution instead of an empty one (Akka does the same).
            var mean = Settings.FirstHeartbeatEstimate.TotalMilliseconds;
            var deviation = mean / 4;
            var seeded = _history.Add(mean - deviation).Add(mean + deviation);
            return new PhiAccrualFailureDetector(Settings, seeded, now);
        }

        // A clock that steps backwards must not produce a negative interval.
        var interval = Math.Max(0.0, (now - last).TotalMilliseconds);

        // The first heartbeat after a suspected failure is not recorded: the long gap would skew the statistics
        // and make the detector slow to notice the next failure.
        var history = IsAvailable(now) ? _history.Add(interval) : _history;
        return new PhiAccrualFailureDetector(Settings, history, now);
    }

    /// <summary>Suspicion level at <paramref name="now"/>; 0 before the first heartbeat.</summary>
    public double Phi(TimeSpan now)
    {
        if (LastHeartbeat is not { } last)
        {
            return 0.0;
        }

        var sinceLast = Math.Max(0.0, (now - last).TotalMilliseconds);
        var mean = _history.Mean + Settings.AcceptableHeartbeatPause.TotalMilliseconds;
        var deviation = Math.Max(_history.StandardDeviation, Settings.MinStdDeviation.TotalMilliseconds);
        return ComputePhi(sinceLast, mean, deviation);
    }

    /// <summary>False when phi has reached the threshold; always true before the first heartbeat.</summary>
    public bool IsAvailable(TimeSpan now) => Phi(now) < Settings.Threshold;

    /// <summary>
    /// Phi for a normal distribution, using the logistic approximation of its cumulative distribution function
    /// (Bowling et al. 2009, as in Akka): it avoids erf and is accurate to about 1e-4. The two branches keep the
    /// subtraction away from 1 - 1 where precision would be lost.
    /// </summary>
    internal static double ComputePhi(double sinceLastMs, double meanMs, double stdDeviationMs)
    {
        var y = (sinceLastMs - meanMs) / stdDeviationMs;
        var e = Math.Exp(-y * (1.5976 + (0.070566 * y * y)));
        return sinceLastMs > meanMs
            ? -Math.Log10(e / (1.0 + e))
            : -Math.Log10(1.0 - (1.0 / (1.0 + e)));
    }
}
