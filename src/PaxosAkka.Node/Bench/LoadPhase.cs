using System.Globalization;
using System.Net;
using PaxosAkka.Node.Launcher;

namespace PaxosAkka.Node.Bench;

/// <summary>What one measured phase did: successful operations, failures, wall time and every success's latency.</summary>
/// <param name="Succeeded">Operations answered 200 (404 too for reads: "absent" is a linearizable answer).</param>
/// <param name="Failed">Operations answered otherwise or not at all (503 outcome unknown, timeouts).</param>
/// <param name="Elapsed">From the first request to the last answer.</param>
/// <param name="Latencies">Latencies of the successes, sorted ascending.</param>
internal sealed record PhaseResult(long Succeeded, long Failed, TimeSpan Elapsed, IReadOnlyList<TimeSpan> Latencies)
{
    /// <summary>Successful operations per second.</summary>
    public double PerSecond => Elapsed > TimeSpan.Zero ? Succeeded / Elapsed.TotalSeconds : 0;

    /// <summary>The latency below which <paramref name="percent"/>% of the successes fall (nearest rank), zero when none.</summary>
    public TimeSpan Percentile(double percent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        if (Latencies.Count == 0)
        {
            return TimeSpan.Zero;
        }

        int rank = (int)Math.Ceiling(percent / 100.0 * Latencies.Count);
        return Latencies[Math.Clamp(rank - 1, 0, Latencies.Count - 1)];
    }
}

/// <summary>
/// Closed-loop HTTP load: each client sends one request, waits for the answer, sends the next. Client c talks
/// to node (c mod N)+1 over its own connection, as etcd's benchmark spreads its clients over the endpoints, so
/// followers forward to the leader as they do in production. Keys are 16 bytes (client and sequence in hex) and
/// every value is the same <see cref="BenchOptions.ValueBytes"/> bytes.
/// </summary>
internal sealed class LoadPhase
{
    private readonly HttpClient _http;
    private readonly IReadOnlyList<LocalNode> _nodes;
    private readonly byte[] _value;
    private readonly TimeProvider _clock;
    private readonly long[] _written;
    private readonly int _clients;

    /// <param name="http">Shared client; its handler must allow one connection per bench client.</param>
    /// <param name="nodes">The nodes the clients are spread over.</param>
    /// <param name="clients">Concurrent clients.</param>
    /// <param name="valueBytes">Size of every value.</param>
    /// <param name="clock">Measures the latencies.</param>
    public LoadPhase(HttpClient http, IReadOnlyList<LocalNode> nodes, int clients, int valueBytes, TimeProvider clock)
    {
        _http = http;
        _nodes = nodes;
        _clients = clients;
        _clock = clock;
        _written = new long[clients];

        // Printable bytes from a fixed seed: every run writes the same values.
        var random = new Random(128);
        _value = [.. Enumerable.Range(0, valueBytes).Select(_ => (byte)random.Next('a', 'z' + 1))];
    }

    /// <summary>The 16-byte key of a client's <paramref name="sequence"/>-th write.</summary>
    internal static string Key(int client, long sequence) =>
        client.ToString("x4", CultureInfo.InvariantCulture) + sequence.ToString("x12", CultureInfo.InvariantCulture);

    /// <summary>PUTs fresh keys until <paramref name="duration"/> passes or <paramref name="maxOperations"/> were sent.</summary>
    public Task<PhaseResult> PutsAsync(TimeSpan duration, long maxOperations, CancellationToken cancellationToken) =>
        RunAsync(duration, maxOperations, (client, sequence) =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, Url(client, Key(client, sequence))) { Content = new ByteArrayContent(_value) };
            return (request, status =>
            {
                bool ok = status == HttpStatusCode.OK;
                if (ok)
                {
                    // Only this client's task writes its slot; reads happen in a later phase.
                    _written[client]++;
                }

                return ok;
            });
        }, cancellationToken);

    /// <summary>Linearizable GETs of the keys this client wrote before (a missing key answers 404, also a success).</summary>
    public Task<PhaseResult> ReadsAsync(TimeSpan duration, long maxOperations, CancellationToken cancellationToken) =>
        RunAsync(duration, maxOperations, (client, sequence) =>
        {
            long written = _written[client];
            string key = Key(client, written > 0 ? sequence % written : sequence);
            return (new HttpRequestMessage(HttpMethod.Get, Url(client, key)), status => status is HttpStatusCode.OK or HttpStatusCode.NotFound);
        }, cancellationToken);

    private Uri Url(int client, string key) => new(_nodes[client % _nodes.Count].HttpUrl, "kv/" + key);

    private async Task<PhaseResult> RunAsync(
        TimeSpan duration, long maxOperations, Func<int, long, (HttpRequestMessage Request, Func<HttpStatusCode, bool> Succeeded)> next, CancellationToken cancellationToken)
    {
        long issued = 0;
        long failed = 0;
        var latencies = new List<TimeSpan>[_clients];
        long start = _clock.GetTimestamp();

        async Task Client(int client)
        {
            var mine = latencies[client] = [];
            long sequence = 0;
            while (!cancellationToken.IsCancellationRequested && _clock.GetElapsedTime(start) < duration && Interlocked.Increment(ref issued) <= maxOperations)
            {
                var (request, succeeded) = next(client, sequence++);
                using (request)
                {
                    long sent = _clock.GetTimestamp();
                    if (await Send(request, succeeded, cancellationToken).ConfigureAwait(false))
                    {
                        mine.Add(_clock.GetElapsedTime(sent));
                    }
                    else
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, _clients).Select(c => Task.Run(() => Client(c), cancellationToken))).ConfigureAwait(false);
        var elapsed = _clock.GetElapsedTime(start);
        cancellationToken.ThrowIfCancellationRequested();
        var all = latencies.SelectMany(l => l).Order().ToList();
        return new PhaseResult(all.Count, failed, elapsed, all);
    }

    private async Task<bool> Send(HttpRequestMessage request, Func<HttpStatusCode, bool> succeeded, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            return succeeded(response.StatusCode);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
