using System.Collections.Concurrent;
using System.Net;
using PaxosAkka.Linearizability;

namespace PaxosAkka.Node.ProcessTests.Support;

/// <summary>One PUT as the client saw it: the phase it was invoked in, the node it went through and the answer.</summary>
internal sealed record Seed004Write(string Phase, int Via, string Key, string Value, HttpOutcome Outcome);

/// <summary>
/// Concurrent clients for the system 004 failure scenarios, every operation recorded for the linearizability
/// checker. An operation is a PUT of a shared key, a PUT of a key written only this once (so "no acknowledged write
/// lost" is checked key by key, not only through the checker) or a GET of a shared key. Clients go through the
/// current entry nodes in turn; the test changes them as it kills and restarts nodes, and labels the phases so it
/// can assert on what was invoked in each (e.g. "no write invoked without a quorum was acknowledged").
/// Every round is bounded in operations; each operation by the test client's timeout.
/// </summary>
internal sealed class Seed004Workload(NodeCluster cluster, int seed, Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly string[] SharedKeys = ["x", "y", "z", "w"];
    private readonly HistoryRecorder<KvInput, KvOutput> _history = new();
    private readonly ConcurrentQueue<Seed004Write> _writes = new();
    private readonly ConcurrentQueue<string> _retriedKeys = new();
    private int[] _entries = [];
    private readonly long _started = TimeProvider.System.GetTimestamp();
    private string _phase = "start";
    private int _completed;
    private int _nextClient;

    /// <summary>Operations completed so far (any answer).</summary>
    public int Completed => Volatile.Read(ref _completed);

    /// <summary>Every PUT so far.</summary>
    public IReadOnlyList<Seed004Write> Writes => [.. _writes];

    /// <summary>The phase new operations are labelled with; each change is noted in the test log with the time since the start.</summary>
    public string Phase
    {
        get => Volatile.Read(ref _phase);
        set
        {
            Volatile.Write(ref _phase, value);
            output.WriteLine($"[workload] {TimeProvider.System.GetElapsedTime(_started).TotalSeconds:0.0} s: phase '{value}', {Completed} operations so far");
        }
    }

    /// <summary>The nodes clients send their requests to from now on.</summary>
    public void UseEntries(params int[] nodes)
    {
        ArgumentOutOfRangeException.ThrowIfZero(nodes.Length);
        Volatile.Write(ref _entries, nodes);
    }

    /// <summary>
    /// Fails unless more than half of the PUTs invoked in <paramref name="phase"/> were acknowledged (and there were
    /// some): "writes go on". Not all, because a request caught by a failure detector's pause may answer 503.
    /// </summary>
    public async Task AssertWritesWentOnAsync(string phase, string meaning)
    {
        var writes = _writes.Where(w => w.Phase == phase).ToList();
        int acknowledged = writes.Count(w => w.Outcome.Ok);
        if (writes.Count == 0 || acknowledged * 2 <= writes.Count)
        {
            string answers = string.Join("; ", writes.Where(w => !w.Outcome.Ok).Select(w => $"node-{w.Via}: {w.Outcome}").Distinct().Take(5));
            Assert.Fail($"only {acknowledged} of {writes.Count} writes invoked in phase '{phase}' were acknowledged: {meaning}. Other answers: {answers}{await StatusReportAsync()}");
        }
    }

    /// <summary>Runs <paramref name="clients"/> concurrent clients, each doing <paramref name="opsPerClient"/> operations one after another.</summary>
    public Task RunRoundAsync(int clients, int opsPerClient) => StartRound(clients, opsPerClient).Round;

    /// <summary>
    /// Starts a round like <see cref="RunRoundAsync"/> and also returns a task that completes once a quarter of its
    /// operations are done: the moment the tests inject their failure, so it strikes amid concurrent requests.
    /// </summary>
    public (Task Round, Task Quarter) StartRound(int clients, int opsPerClient)
    {
        var quarter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int target = Completed + (clients * opsPerClient / 4);
        int first = Interlocked.Add(ref _nextClient, clients) - clients;
        var tasks = Enumerable.Range(first, clients).Select(c => Task.Run(() => ClientAsync(c, opsPerClient, done =>
        {
            if (done >= target)
            {
                quarter.TrySetResult();
            }
        })));
        return (Task.WhenAll(tasks.ToList()), quarter.Task);
    }

    /// <summary>One recorded PUT of a key written only this once (read back by <see cref="ReadBackAsync"/>).</summary>
    public Task<HttpOutcome> PutOnceAsync(int via, string name) => PutAsync(int.MinValue + via, via, $"once-{name}", $"{name}-value");

    /// <summary>One recorded PUT of a fresh key through <paramref name="via"/>, retried as new requests until acknowledged.</summary>
    public async Task WriteUntilAcknowledgedAsync(int[] via, string key, TimeSpan timeout)
    {
        _retriedKeys.Enqueue(key);
        int attempt = 0;
        HttpOutcome? last = null;
        try
        {
            await Eventually.True(
                async () => (last = await PutAsync(int.MaxValue, via[attempt++ % via.Length], key, $"{key}-{attempt}")).Ok,
                timeout,
                $"PUT {key} to be acknowledged through nodes {string.Join(",", via)}");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} (last answer: {last}); {await StatusReportAsync()}", e);
        }
    }

    /// <summary>Every running node's <c>GET /paxos</c>, one per line: what a failed wait is explained by.</summary>
    public async Task<string> StatusReportAsync()
    {
        var lines = new List<string>();
        foreach (int id in cluster.Ids.Where(cluster.IsRunning))
        {
            string status;
            try
            {
                status = await cluster.Http.GetStringAsync(new Uri(cluster.Node(id).HttpUrl, "paxos"));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                status = e.Message;
            }

            lines.Add($"node-{id} /paxos: {status}");
        }

        return Environment.NewLine + string.Join(Environment.NewLine, lines);
    }

    /// <summary>
    /// Reads back, through every node of <paramref name="via"/> (each read recorded): every write-once key must hold
    /// its value if its PUT was acknowledged, and its value or nothing if the outcome was unknown; every shared key
    /// and every key written by <see cref="WriteUntilAcknowledgedAsync"/> is read too, for the checker to judge.
    /// </summary>
    public async Task ReadBackAsync(IEnumerable<int> via, TimeSpan patience)
    {
        var once = _writes.Where(w => w.Key.StartsWith("once-", StringComparison.Ordinal) && w.Outcome.Status != HttpStatusCode.BadRequest).ToList();
        foreach (int id in via)
        {
            foreach (var write in once)
            {
                var read = await ReadUntilAnsweredAsync(id, write.Key, patience);
                if (write.Outcome.Ok)
                {
                    Assert.True(read.Ok && read.Body == write.Value, $"acknowledged PUT {write.Key}={write.Value} (phase {write.Phase}, via node-{write.Via}) reads {read} through node-{id}: lost");
                }
                else
                {
                    Assert.True(read.Status == HttpStatusCode.NotFound || (read.Ok && read.Body == write.Value), $"PUT {write.Key}={write.Value} answered {write.Outcome}; node-{id} reads {read}, neither absent nor that value");
                }
            }

            foreach (string key in SharedKeys.Concat(_retriedKeys))
            {
                await ReadUntilAnsweredAsync(id, key, patience);
            }
        }
    }

    /// <summary>The checker's verdict on the whole history; anything but linearizable (even inconclusive) fails.</summary>
    public void AssertLinearizable()
    {
        var ops = _history.Snapshot();
        var verdict = KeyValueModel.Check(ops);
        output.WriteLine($"[workload] {TimeProvider.System.GetElapsedTime(_started).TotalSeconds:0.0} s: {ops.Count} operations ({ops.Count(o => o.OutcomeKnown)} with a known outcome), {_writes.Count(w => w.Outcome.Ok)} writes acknowledged: {verdict.Verdict} after {verdict.Explored} steps");
        Assert.True(verdict.IsLinearizable, verdict.ToString());
    }

    private async Task ClientAsync(int client, int ops, Action<int> onProgress)
    {
        var random = new Random(seed + client);
        for (int op = 0; op < ops; op++)
        {
            var entries = Volatile.Read(ref _entries);
            int via = entries[(client + op) % entries.Length];
            int kind = random.Next(3);
            string key = SharedKeys[random.Next(SharedKeys.Length)];
            if (kind == 0)
            {
                await PutAsync(client, via, $"once-c{client}-{op}", $"c{client}-{op}");
            }
            else if (kind == 1)
            {
                await PutAsync(client, via, key, $"c{client}-{op}");
            }
            else
            {
                await cluster.RecordedGetAsync(_history, client, via, key);
            }

            onProgress(Interlocked.Increment(ref _completed));
        }
    }

    private async Task<HttpOutcome> PutAsync(int client, int via, string key, string value)
    {
        string phase = Phase;
        var outcome = await cluster.RecordedPutAsync(_history, client, via, key, value);
        _writes.Enqueue(new Seed004Write(phase, via, key, value, outcome));
        return outcome;
    }

    private async Task<HttpOutcome> ReadUntilAnsweredAsync(int via, string key, TimeSpan patience)
    {
        HttpOutcome? read = null;
        await Eventually.True(async () => !(read = await cluster.RecordedGetAsync(_history, -via, via, key)).Unknown, patience, $"GET {key} through node-{via} to answer");
        return read!;
    }
}
