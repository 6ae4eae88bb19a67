using PaxosAkka.Node.Client;

namespace PaxosAkka.Node.Http.WebConsole;

/// <summary>
/// What the console's live connections share: a timer that samples <see cref="IKvService.GetPaxosStatus"/> every
/// <see cref="Interval"/> into a <see cref="ProgressHistory"/>, so a page opened after a leader change still shows
/// it. The timer starts with the first connection (a node whose console nobody opens does no sampling) and stops
/// with <see cref="Dispose"/>, which the host calls when it stops. Reads of the status board never block the
/// node: the service answers from published snapshots.
/// </summary>
internal sealed class ConsoleFeed : IDisposable
{
    /// <summary>Samples kept: two minutes at the default interval.</summary>
    public const int HistoryCapacity = 240;

    /// <summary>Chosen-log slots each event carries.</summary>
    public const int LogTailLength = 20;

    private readonly IKvService _service;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private readonly ProgressHistory _history = new(HistoryCapacity);
    private ITimer? _timer;
    private bool _disposed;

    public ConsoleFeed(IKvService service, TimeProvider clock, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _service = service;
        _clock = clock;
        Interval = interval;
    }

    /// <summary>How often progress is sampled and every live connection is sent an event.</summary>
    public TimeSpan Interval { get; }

    /// <summary>The clock the feed and its connections wait on.</summary>
    public TimeProvider Clock => _clock;

    /// <summary>Starts sampling if it has not started yet (idempotent); the first sample is taken at once.</summary>
    public void EnsureStarted()
    {
        lock (_gate)
        {
            if (_timer is not null || _disposed)
            {
                return;
            }

            Sample();
            _timer = _clock.CreateTimer(static feed => ((ConsoleFeed)feed!).OnTick(), this, Interval, Interval);
        }
    }

    /// <summary>
    /// The event a connection sends next: the cluster and Paxos status now, the chosen-log tail, and the progress
    /// samples numbered <paramref name="seen"/> or later (all kept ones for a new connection, which passes -1).
    /// </summary>
    public ConsoleEvent Next(long seen, out long nextSeen)
    {
        var cluster = _service.GetClusterStatus();
        var paxos = _service.GetPaxosStatus();
        IReadOnlyList<ProgressSample> progress;
        lock (_gate)
        {
            progress = _history.Since(Math.Max(seen, 0));
            nextSeen = _history.NextSequence;
        }

        return new ConsoleEvent(
            paxos.Self,
            _clock.GetUtcNow().ToUnixTimeMilliseconds(),
            seen < 0,
            _service.ServingPeer() is null,
            ProgressHistory.KnownBallot(paxos),
            cluster,
            paxos,
            progress,
            _service.GetChosenLogTail(LogTailLength),
            null);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
            _timer = null;
        }
    }

    private void OnTick()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                Sample();
            }
        }
    }

    private void Sample()
    {
        try
        {
            _history.Add(_clock.GetUtcNow(), _service.GetPaxosStatus());
        }
#pragma warning disable CA1031 // A status that cannot be read now (the node is stopping) is skipped; the next tick tries again.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}

/// <summary>
/// One server-sent event of <c>GET /events</c>. <paramref name="Full"/> says <paramref name="Progress"/> holds every
/// kept sample (the first event of a connection) rather than only the new ones; <paramref name="ServesKv"/> is false
/// on a node that hands key-value requests to another; <paramref name="Ballot"/> is the ballot the cluster runs under as
/// this node knows it (see <see cref="ProgressHistory.KnownBallot"/>); <paramref name="Error"/> is set when the status could not be read.
/// </summary>
public sealed record ConsoleEvent(
    int Self,
    long AtMs,
    bool Full,
    bool ServesKv,
    string? Ballot,
    ClusterStatus? Cluster,
    PaxosStatus? Paxos,
    IReadOnlyList<ProgressSample> Progress,
    IReadOnlyList<ChosenLogEntry> Log,
    string? Error);
