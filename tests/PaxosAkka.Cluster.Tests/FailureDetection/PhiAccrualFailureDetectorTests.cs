using PaxosAkka.Cluster.FailureDetection;
using static PaxosAkka.Cluster.Tests.TestNodes;

namespace PaxosAkka.Cluster.Tests.FailureDetection;

public class PhiAccrualFailureDetectorTests
{
    private static readonly PhiAccrualFailureDetectorSettings Defaults = new();

    /// <summary>Feeds heartbeats every <paramref name="interval"/> from time 0 and returns the detector and last arrival.</summary>
    private static (PhiAccrualFailureDetector Detector, TimeSpan Last) Regular(
        PhiAccrualFailureDetectorSettings settings, TimeSpan interval, int count)
    {
        var detector = new PhiAccrualFailureDetector(settings);
        var now = TimeSpan.Zero;
        for (var i = 0; i < count; i++)
        {
            now = interval * i;
            detector = detector.Heartbeat(now);
        }

        return (detector, now);
    }

    [Fact]
    public void Phi_is_zero_and_node_available_before_the_first_heartbeat()
    {
        var detector = new PhiAccrualFailureDetector(Defaults);
        Assert.False(detector.IsMonitoring);
        Assert.Equal(0.0, detector.Phi(TimeSpan.FromHours(1)));
        Assert.True(detector.IsAvailable(TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Phi_rises_as_heartbeats_stop()
    {
        var (detector, last) = Regular(Defaults with { AcceptableHeartbeatPause = TimeSpan.Zero }, Ms(1000), 20);
        var previous = detector.Phi(last);
        foreach (var silence in new[] { 500, 1000, 1500, 2000, 3000 })
        {
            var phi = detector.Phi(last + Ms(silence));
            Assert.True(phi > previous, $"phi {phi} after {silence} ms should exceed {previous}");
            previous = phi;
        }
    }

    [Fact]
    public void Phi_stays_low_with_regular_heartbeats()
    {
        var detector = new PhiAccrualFailureDetector(Defaults);
        for (var i = 0; i < 200; i++)
        {
            var now = Ms(1000 * i);
            Assert.True(detector.Phi(now) < 1.0, $"phi {detector.Phi(now)} at heartbeat {i}");
            detector = detector.Heartbeat(now);
        }
    }

    [Fact]
    public void Node_becomes_unavailable_after_silence_beyond_the_acceptable_pause()
    {
        var (detector, last) = Regular(Defaults, Ms(1000), 50);
        Assert.True(detector.IsAvailable(last + Ms(3500)));
        Assert.False(detector.IsAvailable(last + Ms(10_000)));
    }

    [Fact]
    public void Default_settings_suspect_a_silent_node_between_4_and_5_seconds_after_its_last_heartbeat()
    {
        // Regular 1 s heartbeats: mean 1 s + 3 s acceptable pause, deviation floored at 100 ms, threshold 8.
        var (detector, last) = Regular(Defaults, Ms(1000), 100);
        var silence = Enumerable.Range(0, 10_000).Select(ms => Ms(ms)).First(s => !detector.IsAvailable(last + s));
        Assert.InRange(silence.TotalMilliseconds, 4000, 5000);
    }

    [Fact]
    public void Acceptable_pause_delays_suspicion()
    {
        var strict = Regular(Defaults with { AcceptableHeartbeatPause = TimeSpan.Zero }, Ms(1000), 50);
        var tolerant = Regular(Defaults with { AcceptableHeartbeatPause = TimeSpan.FromSeconds(3) }, Ms(1000), 50);
        var at = strict.Last + Ms(2500);

        Assert.False(strict.Detector.IsAvailable(at));
        Assert.True(tolerant.Detector.IsAvailable(at));
        Assert.True(tolerant.Detector.Phi(at) < strict.Detector.Phi(at));
    }

    [Fact]
    public void Min_std_deviation_bounds_phi_for_perfectly_regular_heartbeats()
    {
        // Perfectly regular heartbeats have zero deviation; without the floor, 20 ms of lateness would be infinite phi.
        var narrow = Regular(Defaults with { AcceptableHeartbeatPause = TimeSpan.Zero, MinStdDeviation = Ms(10) }, Ms(1000), 1000);
        var wide = Regular(Defaults with { AcceptableHeartbeatPause = TimeSpan.Zero, MinStdDeviation = Ms(500) }, Ms(1000), 1000);
        var at = narrow.Last + Ms(1100);

        Assert.True(double.IsFinite(wide.Detector.Phi(at)));
        Assert.True(wide.Detector.Phi(at) < 1.0);
        Assert.True(narrow.Detector.Phi(at) > wide.Detector.Phi(at));
        Assert.False(narrow.Detector.IsAvailable(at));
    }

    [Fact]
    public void Higher_threshold_tolerates_longer_silence()
    {
        var eager = Regular(Defaults with { Threshold = 1.0 }, Ms(1000), 50);
        var patient = Regular(Defaults with { Threshold = 8.0 }, Ms(1000), 50);
        var at = eager.Last + Ms(4200);

        Assert.False(eager.Detector.IsAvailable(at));
        Assert.True(patient.Detector.IsAvailable(at));
    }

    [Fact]
    public void Irregular_heartbeats_widen_the_distribution_and_lower_phi()
    {
        var steady = Regular(Defaults with { AcceptableHeartbeatPause = TimeSpan.Zero }, Ms(1000), 100);
        var jittery = new PhiAccrualFailureDetector(Defaults with { AcceptableHeartbeatPause = TimeSpan.Zero });
        var now = TimeSpan.Zero;
        for (var i = 0; i < 100; i++)
        {
            now += Ms(i % 2 == 0 ? 500 : 1500);
            jittery = jittery.Heartbeat(now);
        }

        Assert.True(jittery.Phi(now + Ms(2000)) < steady.Detector.Phi(steady.Last + Ms(2000)));
    }

    [Fact]
    public void History_keeps_only_max_sample_size_intervals()
    {
        var (detector, _) = Regular(Defaults with { MaxSampleSize = 5 }, Ms(1000), 50);
        Assert.Equal(5, detector.SampleCount);
        Assert.Equal(1000.0, detector.MeanInterval.TotalMilliseconds, 6);
    }

    [Fact]
    public void First_heartbeat_seeds_the_history_with_the_estimate()
    {
        var detector = new PhiAccrualFailureDetector(Defaults with { FirstHeartbeatEstimate = Ms(2000) }).Heartbeat(Ms(7));
        Assert.True(detector.IsMonitoring);
        Assert.Equal(Ms(7), detector.LastHeartbeat);
        Assert.Equal(2, detector.SampleCount);
        Assert.Equal(2000.0, detector.MeanInterval.TotalMilliseconds, 6);
    }

    [Fact]
    public void Heartbeat_after_suspicion_is_not_recorded_in_the_history()
    {
        var (detector, last) = Regular(Defaults, Ms(1000), 10);
        var samples = detector.SampleCount;
        var back = detector.Heartbeat(last + TimeSpan.FromMinutes(5));

        Assert.Equal(samples, back.SampleCount);
        Assert.Equal(1000.0, back.MeanInterval.TotalMilliseconds, 6);
        Assert.True(back.IsAvailable(last + TimeSpan.FromMinutes(5) + Ms(1000)));
    }

    [Fact]
    public void Detector_is_immutable()
    {
        var empty = new PhiAccrualFailureDetector(Defaults);
        var one = empty.Heartbeat(TimeSpan.Zero);
        Assert.False(empty.IsMonitoring);
        Assert.True(one.IsMonitoring);
    }

    [Fact]
    public void Clock_stepping_backwards_does_not_produce_negative_phi_or_break_the_detector()
    {
        var (detector, last) = Regular(Defaults, Ms(1000), 10);
        var after = detector.Heartbeat(last - Ms(500));
        Assert.True(after.Phi(last - Ms(600)) >= 0.0);
        Assert.True(after.IsAvailable(last));
    }

    [Fact]
    public void Phi_matches_the_normal_distribution_tail()
    {
        // At the mean the tail probability is 1/2, so phi = log10(2); one deviation above it is about 0.159.
        Assert.Equal(Math.Log10(2), PhiAccrualFailureDetector.ComputePhi(1000, 1000, 100), 3);
        Assert.Equal(-Math.Log10(0.1587), PhiAccrualFailureDetector.ComputePhi(1100, 1000, 100), 2);
        Assert.Equal(-Math.Log10(0.0228), PhiAccrualFailureDetector.ComputePhi(1200, 1000, 100), 1);
    }

    [Theory]
    [InlineData(0.0, 1000, 100, 3000, 1000)]
    [InlineData(8.0, 0, 100, 3000, 1000)]
    [InlineData(8.0, 1000, 0, 3000, 1000)]
    [InlineData(8.0, 1000, 100, -1, 1000)]
    [InlineData(8.0, 1000, 100, 3000, 0)]
    public void Invalid_settings_are_refused(double threshold, int maxSamples, int minStdMs, int pauseMs, int firstMs)
    {
        var settings = new PhiAccrualFailureDetectorSettings
        {
            Threshold = threshold,
            MaxSampleSize = maxSamples,
            MinStdDeviation = Ms(minStdMs),
            AcceptableHeartbeatPause = Ms(pauseMs),
            FirstHeartbeatEstimate = Ms(firstMs),
        };
        Assert.Throws<ArgumentOutOfRangeException>(() => new PhiAccrualFailureDetector(settings));
    }
}
