using System.Collections.Immutable;

namespace PaxosAkka.Cluster.FailureDetection;

/// <summary>
/// One <see cref="PhiAccrualFailureDetector"/> per monitored resource (a member's <see cref="UniqueAddress"/> in the
/// cluster, so a restarted node with a new incarnation starts with fresh statistics). Immutable: every change
/// returns a new registry. A resource that was never heard from is reported available: suspicion needs evidence.
/// </summary>
public sealed class FailureDetectorRegistry<TKey>
    where TKey : notnull
{
    private readonly ImmutableDictionary<TKey, PhiAccrualFailureDetector> _detectors;

    public FailureDetectorRegistry(PhiAccrualFailureDetectorSettings settings)
        : this(settings.Validate(), ImmutableDictionary<TKey, PhiAccrualFailureDetector>.Empty)
    {
    }

    private FailureDetectorRegistry(PhiAccrualFailureDetectorSettings settings, ImmutableDictionary<TKey, PhiAccrualFailureDetector> detectors)
    {
        Settings = settings;
        _detectors = detectors;
    }

    public PhiAccrualFailureDetectorSettings Settings { get; }

    /// <summary>The resources that currently have a detector.</summary>
    public IEnumerable<TKey> Resources => _detectors.Keys;

    /// <summary>Records a heartbeat from <paramref name="resource"/>, creating its detector on first contact.</summary>
    public FailureDetectorRegistry<TKey> Heartbeat(TKey resource, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var detector = _detectors.TryGetValue(resource, out var existing) ? existing : new PhiAccrualFailureDetector(Settings);
        return new FailureDetectorRegistry<TKey>(Settings, _detectors.SetItem(resource, detector.Heartbeat(now)));
    }

    /// <summary>True unless the resource is monitored and its phi reached the threshold.</summary>
    public bool IsAvailable(TKey resource, TimeSpan now) =>
        !_detectors.TryGetValue(resource, out var detector) || detector.IsAvailable(now);

    /// <summary>True once at least one heartbeat from the resource was recorded.</summary>
    public bool IsMonitoring(TKey resource) =>
        _detectors.TryGetValue(resource, out var detector) && detector.IsMonitoring;

    /// <summary>Current phi of the resource; 0 when unknown.</summary>
    public double Phi(TKey resource, TimeSpan now) =>
        _detectors.TryGetValue(resource, out var detector) ? detector.Phi(now) : 0.0;

    /// <summary>Forgets the resource; a later heartbeat starts a fresh history.</summary>
    public FailureDetectorRegistry<TKey> Remove(TKey resource) =>
        _detectors.ContainsKey(resource) ? new FailureDetectorRegistry<TKey>(Settings, _detectors.Remove(resource)) : this;

    /// <summary>Forgets every resource.</summary>
    public FailureDetectorRegistry<TKey> Reset() =>
        new(Settings, ImmutableDictionary<TKey, PhiAccrualFailureDetector>.Empty);
}
