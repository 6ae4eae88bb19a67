namespace PaxosAkka.Cluster.FailureDetection;

/// <summary>
/// Tuning of a <see cref="PhiAccrualFailureDetector"/>. Defaults are Akka's cluster defaults (see
/// <c>paxos.cluster.failure-detector</c> in reference.conf).
/// </summary>
public sealed record PhiAccrualFailureDetectorSettings
{
    /// <summary>Phi at or above which the resource is suspected. Default 8.0 (Akka); 1.0 would be very eager.</summary>
    public double Threshold { get; init; } = 8.0;

    /// <summary>How many inter-arrival intervals are kept for the statistics. Default 1000.</summary>
    public int MaxSampleSize { get; init; } = 1000;

    /// <summary>
    /// Lower bound of the standard deviation used in the phi computation. Without it, perfectly regular heartbeats
    /// (deviation near zero) would make phi jump to infinity on the first slightly late heartbeat. Default 100 ms.
    /// </summary>
    public TimeSpan MinStdDeviation { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Silence that is tolerated on top of the mean interval before suspicion grows (GC pauses, transient network
    /// hiccups). It is added to the mean. Default 3 s.
    /// </summary>
    public TimeSpan AcceptableHeartbeatPause { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Assumed interval before any has been measured; seeds the history with mean ± mean/4 so the first real
    /// heartbeat is judged sensibly. Akka uses the heartbeat interval, default 1 s.
    /// </summary>
    public TimeSpan FirstHeartbeatEstimate { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first bad value.</summary>
    public PhiAccrualFailureDetectorSettings Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Threshold, nameof(Threshold));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxSampleSize, nameof(MaxSampleSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MinStdDeviation, TimeSpan.Zero, nameof(MinStdDeviation));
        ArgumentOutOfRangeException.ThrowIfLessThan(AcceptableHeartbeatPause, TimeSpan.Zero, nameof(AcceptableHeartbeatPause));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(FirstHeartbeatEstimate, TimeSpan.Zero, nameof(FirstHeartbeatEstimate));
        return this;
    }
}
