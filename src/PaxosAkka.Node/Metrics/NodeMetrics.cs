using System.Globalization;
using PaxosAkka.Node.Client;
using Prometheus;

namespace PaxosAkka.Node.Metrics;

/// <summary>
/// The node's HTTP-side Prometheus metrics on a prometheus-net <see cref="CollectorRegistry"/>: HTTP traffic,
/// key-value command outcomes and the Paxos state gauges, which are read from <see cref="IKvService.GetPaxosStatus"/>
/// at scrape time rather than pushed by the actors (a scrape then always shows the current state). The consensus
/// events (commits, batches, latencies, elections...) are <see cref="ConsensusMetrics"/> on the same registry.
/// </summary>
/// <remarks>
/// Every node owns its registry (<see cref="CreateRegistry"/>), never prometheus-net's static default one: tests run
/// several nodes in one process, and each must export only its own counts.
/// </remarks>
public sealed class NodeMetrics
{
    private readonly TimeProvider _clock;

    /// <summary>Creates the metrics; <paramref name="service"/> (optional) feeds the Paxos gauges at each scrape.</summary>
    /// <param name="service">The node's service whose status sets the gauges; null leaves them at their last value.</param>
    /// <param name="clock">Measures request latency (a fake one in tests); the system clock by default.</param>
    /// <param name="registry">The node's registry (shared with its <see cref="ConsensusMetrics"/>); a new one by default.</param>
    public NodeMetrics(IKvService? service = null, TimeProvider? clock = null, CollectorRegistry? registry = null)
    {
        _clock = clock ?? TimeProvider.System;
        Registry = registry ?? CreateRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        HttpRequests = factory.CreateCounter("paxos_http_requests_total", "HTTP requests answered, by route pattern, method and status code.", "route", "method", "status");
        HttpRequestDuration = factory.CreateHistogram(
            "paxos_http_request_duration_seconds",
            "Time from routing a request to completing its response.",
            ["route", "method"],
            new HistogramConfiguration { Buckets = LatencyBuckets });
        KvCommands = factory.CreateCounter("paxos_kv_commands_total", "Key-value commands sent through the log, by kind (put, get, delete, cas) and outcome.", "kind", "outcome");
        OutcomeUnknown = factory.CreateCounter("paxos_kv_outcome_unknown_total", "Requests answered 503 because no quorum answered in time (the command may or may not take effect).");
        RejectedRequests = factory.CreateCounter("paxos_http_rejected_requests_total", "Requests refused before reaching the log (bad input), by reason.", "reason");
        IsLeader = factory.CreateGauge("paxos_is_leader", "1 when this node is the Paxos leader, else 0.");
        LeaderId = factory.CreateGauge("paxos_leader_id", "Id of the node this node takes for the leader (-1 while none is known).");
        BallotRound = factory.CreateGauge("paxos_ballot_round", "Round of this node's current ballot (proposer ballot, else promised ballot).");
        FirstUnchosenSlot = factory.CreateGauge("paxos_first_unchosen_slot", "The first log slot this node does not know to be chosen.");
        LastAppliedSlot = factory.CreateGauge("paxos_last_applied_slot", "The last log slot applied by this node's store (-1 before any).");
        ScrapeErrors = factory.CreateCounter("paxos_metrics_status_errors_total", "Scrapes where reading the Paxos status failed (gauges kept their last value).");
        if (service is not null)
        {
            Registry.AddBeforeCollectCallback(() => Refresh(service));
        }
    }

    /// <summary>Latency buckets in seconds: 0.5 ms to 10 s (request, phase-2 and persist latencies share them).</summary>
    public static double[] LatencyBuckets => [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>The registry served by <c>GET /metrics</c>.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary><c>paxos_http_requests_total{route,method,status}</c>.</summary>
    public Counter HttpRequests { get; }

    /// <summary><c>paxos_http_request_duration_seconds{route,method}</c>.</summary>
    public Histogram HttpRequestDuration { get; }

    /// <summary><c>paxos_kv_commands_total{kind,outcome}</c>.</summary>
    public Counter KvCommands { get; }

    /// <summary><c>paxos_kv_outcome_unknown_total</c>: the 503s.</summary>
    public Counter OutcomeUnknown { get; }

    /// <summary><c>paxos_http_rejected_requests_total{reason}</c>: bad input that never reached the log.</summary>
    public Counter RejectedRequests { get; }

    /// <summary><c>paxos_is_leader</c>.</summary>
    public Gauge IsLeader { get; }

    /// <summary><c>paxos_leader_id</c>.</summary>
    public Gauge LeaderId { get; }

    /// <summary><c>paxos_ballot_round</c>.</summary>
    public Gauge BallotRound { get; }

    /// <summary><c>paxos_first_unchosen_slot</c>.</summary>
    public Gauge FirstUnchosenSlot { get; }

    /// <summary><c>paxos_last_applied_slot</c>.</summary>
    public Gauge LastAppliedSlot { get; }

    /// <summary><c>paxos_metrics_status_errors_total</c>.</summary>
    public Counter ScrapeErrors { get; }

    /// <summary>
    /// A node's own registry with the process and .NET runtime metrics on it (<c>process_cpu_seconds_total</c>,
    /// <c>process_working_set_bytes</c>, <c>dotnet_collection_count_total</c>, <c>dotnet_total_memory_bytes</c>, ...).
    /// </summary>
    public static CollectorRegistry CreateRegistry()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        DotNetStats.Register(registry);
        return registry;
    }

    /// <summary>A timestamp for <see cref="ObserveRequest"/>.</summary>
    public long StartTimestamp() => _clock.GetTimestamp();

    /// <summary>Counts one answered request and its latency since <paramref name="startTimestamp"/>.</summary>
    public void ObserveRequest(string route, string method, int status, long startTimestamp)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(method);
        HttpRequests.WithLabels(route, method, status.ToString(CultureInfo.InvariantCulture)).Inc();
        HttpRequestDuration.WithLabels(route, method).Observe(_clock.GetElapsedTime(startTimestamp).TotalSeconds);
    }

    /// <summary>Sets the Paxos gauges from one status snapshot.</summary>
    public void Update(PaxosStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        IsLeader.Set(status.Leader == status.Self ? 1 : 0);
        LeaderId.Set(status.Leader ?? -1);
        BallotRound.Set(ParseBallotRound(status.Ballot));
        FirstUnchosenSlot.Set(status.FirstUnchosenSlot);
        LastAppliedSlot.Set(status.LastAppliedSlot);
    }

    /// <summary>
    /// The round of a ballot rendered as <c>(round.proposer)</c> (the consensus core's <c>Ballot.ToString</c>);
    /// NaN when the text has another shape, so a format change shows up as NaN rather than a wrong number.
    /// </summary>
    internal static double ParseBallotRound(string? ballot)
    {
        if (string.IsNullOrEmpty(ballot))
        {
            return double.NaN;
        }

        var text = ballot.AsSpan().Trim().TrimStart('(').TrimEnd(')');
        int dot = text.IndexOf('.');
        var round = dot >= 0 ? text[..dot] : text;
        return long.TryParse(round, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) ? value : double.NaN;
    }

    private void Refresh(IKvService service)
    {
        PaxosStatus status;
        try
        {
            status = service.GetPaxosStatus();
        }
#pragma warning disable CA1031 // A scrape must still answer while the node is starting or stopping.
        catch (Exception)
#pragma warning restore CA1031
        {
            ScrapeErrors.Inc();
            return;
        }

        Update(status);
    }
}
