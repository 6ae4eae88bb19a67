using System.Globalization;
using System.Net;
using PaxosAkka.Node.Launcher;

namespace PaxosAkka.Node.Bench;

/// <summary>
/// Measures fail-over: SIGKILL the leader, then start a fresh PUT through a surviving node every
/// <see cref="ProbeInterval"/> (round-robin) until one answers 200; the time from the kill to that answer is
/// one sample. Fresh requests, not one retried request, so a command forwarded to the dead leader cannot hide
/// how soon the new leader serves. The killed node is restarted and the cluster settles before the next kill.
/// </summary>
internal sealed class FailoverProbe
{
    /// <summary>How often a new probe write starts while no leader serves.</summary>
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>A kill after which no write succeeds for this long fails the bench.</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);

    private readonly BenchCluster _cluster;
    private readonly HttpClient _http;
    private readonly TimeProvider _clock;
    private readonly Action<string> _progress;
    private int _probes;

    public FailoverProbe(BenchCluster cluster, HttpClient http, TimeProvider clock, Action<string> progress)
    {
        _cluster = cluster;
        _http = http;
        _clock = clock;
        _progress = progress;
    }

    /// <summary>Kills the leader <paramref name="rounds"/> times and adds each kill-to-first-write time to <paramref name="samples"/>.</summary>
    /// <exception cref="TimeoutException">No leader or no write within <see cref="GiveUpAfter"/>; the samples so far stay in the list.</exception>
    public async Task MeasureAsync(int rounds, List<TimeSpan> samples, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(samples);
        for (int round = 1; round <= rounds; round++)
        {
            await SettleAsync(cancellationToken).ConfigureAwait(false);
            int leader = await LeaderAsync(cancellationToken).ConfigureAwait(false);
            var survivors = _cluster.Nodes.Where(n => n.Id != leader).ToList();
            long killedAt = _clock.GetTimestamp();
            await _cluster.KillAsync(leader, cancellationToken).ConfigureAwait(false);
            var took = await FirstWriteAsync(survivors, killedAt, cancellationToken).ConfigureAwait(false);
            samples.Add(took);
            _progress($"failover {round}/{rounds}: killed leader node-{leader}; a survivor took a write after {took.TotalMilliseconds:0} ms");
            _cluster.StartNode(leader);
        }

        await SettleAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until every node takes a write and exactly one node claims the lead.</summary>
    public async Task SettleAsync(CancellationToken cancellationToken)
    {
        foreach (var node in _cluster.Nodes)
        {
            await UntilAsync(() => PutAsync(node, cancellationToken), $"node-{node.Id} to take a write", cancellationToken).ConfigureAwait(false);
        }

        await LeaderAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> LeaderAsync(CancellationToken cancellationToken)
    {
        int found = 0;
        await UntilAsync(
            async () =>
            {
                found = await LeaderProbe.AgreedLeader(_http, _cluster.Nodes, cancellationToken).ConfigureAwait(false) ?? 0;
                return found != 0;
            },
            "one leader",
            cancellationToken).ConfigureAwait(false);
        return found;
    }

    private async Task<TimeSpan> FirstWriteAsync(List<LocalNode> survivors, long killedAt, CancellationToken cancellationToken)
    {
        var first = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var probes = new List<Task>();
        for (int n = 0; !first.Task.IsCompleted && _clock.GetElapsedTime(killedAt) < GiveUpAfter; n++)
        {
            var node = survivors[n % survivors.Count];
            probes.Add(Task.Run(
                async () =>
                {
                    if (await PutAsync(node, stop.Token).ConfigureAwait(false))
                    {
                        first.TrySetResult(_clock.GetElapsedTime(killedAt));
                    }
                },
                CancellationToken.None));
            await Task.WhenAny(first.Task, Task.Delay(ProbeInterval, _clock, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }

        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(probes).ConfigureAwait(false);
        return first.Task.IsCompleted
            ? await first.Task.ConfigureAwait(false)
            : throw new TimeoutException($"no surviving node took a write within {GiveUpAfter.TotalSeconds:0} s of the leader's SIGKILL");
    }

    private async Task<bool> PutAsync(LocalNode node, CancellationToken cancellationToken)
    {
        string key = "failover-" + Interlocked.Increment(ref _probes).ToString("x7", CultureInfo.InvariantCulture);
        try
        {
            using var content = new ByteArrayContent("x"u8.ToArray());
            using var response = await _http.PutAsync(new Uri(node.HttpUrl, "kv/" + key), content, cancellationToken).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            return false;
        }
    }

    private async Task UntilAsync(Func<Task<bool>> condition, string what, CancellationToken cancellationToken)
    {
        long start = _clock.GetTimestamp();
        while (!await condition().ConfigureAwait(false))
        {
            if (_clock.GetElapsedTime(start) >= GiveUpAfter)
            {
                throw new TimeoutException($"timed out after {GiveUpAfter.TotalSeconds:0} s waiting for {what}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), _clock, cancellationToken).ConfigureAwait(false);
        }
    }
}
