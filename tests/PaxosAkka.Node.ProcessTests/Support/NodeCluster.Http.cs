using System.Net;
using System.Text;
using PaxosAkka.Linearizability;

namespace PaxosAkka.Node.ProcessTests.Support;

/// <summary>An HTTP answer; <see cref="Status"/> is null when no answer came (timeout, refused, reset).</summary>
internal sealed record HttpOutcome(HttpStatusCode? Status, string Body)
{
    public bool Ok => Status == HttpStatusCode.OK;

    /// <summary>503 or no answer: the write may or may not take effect.</summary>
    public bool Unknown => Status is null or HttpStatusCode.ServiceUnavailable;

    public override string ToString() => $"{(Status is null ? "no answer" : ((int)Status).ToString(System.Globalization.CultureInfo.InvariantCulture))} {Body}";
}

/// <summary>Client helpers over the node's HTTP API.</summary>
internal sealed partial class NodeCluster
{
    /// <summary>PUT /kv/{key} on node <paramref name="id"/>.</summary>
    public async Task<HttpOutcome> PutAsync(int id, string key, string value, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, Url(id, key)) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(value)) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await Send(request);
    }

    /// <summary>DELETE /kv/{key} on node <paramref name="id"/>.</summary>
    public async Task<HttpOutcome> DeleteAsync(int id, string key, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, Url(id, key));
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await Send(request);
    }

    /// <summary>POST /kv/{key}/cas on node <paramref name="id"/> with a JSON body (<c>{"expected": ..., "value": ...}</c>).</summary>
    public async Task<HttpOutcome> CasAsync(int id, string key, string body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Node(id).HttpUrl, "kv/" + Uri.EscapeDataString(key) + "/cas"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await Send(request);
    }

    /// <summary>GET /kv/{key} on node <paramref name="id"/> (a linearizable read through the log).</summary>
    public async Task<HttpOutcome> GetAsync(int id, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url(id, key));
        return await Send(request);
    }

    /// <summary>
    /// Retries a PUT with one Idempotency-Key, rotating over <paramref name="via"/>, until one answers 200
    /// (at most once applied however often retried). Used where the test asserts that writes go on.
    /// </summary>
    public async Task PutUntilOkAsync(IReadOnlyList<int> via, string key, string value, TimeSpan timeout)
    {
        string idempotencyKey = $"{key}={value}";
        int attempt = 0;
        HttpOutcome? last = null;
        try
        {
            await Eventually.True(
                async () =>
                {
                    last = await PutAsync(via[attempt++ % via.Count], key, value, idempotencyKey);
                    return last.Ok;
                },
                timeout,
                $"PUT {key} to succeed through nodes {string.Join(",", via)}");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} (last answer: {last}; node-{via[0]}'s GET /paxos: {await PaxosStatusText(via[0])})", e);
        }
    }

    /// <summary>Asserts that node <paramref name="id"/> reads <paramref name="expected"/> for every key, retrying 503s.</summary>
    public async Task AssertReadsAsync(int id, IReadOnlyDictionary<string, string> expected, TimeSpan timeout)
    {
        foreach (var (key, value) in expected)
        {
            HttpOutcome? last = null;
            try
            {
                await Eventually.True(
                    async () =>
                    {
                        last = await GetAsync(id, key);
                        return !last.Unknown;
                    },
                    timeout,
                    $"GET {key} through node-{id} to answer");
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"{e.Message} (last answer: {last}; node-{id}'s GET /paxos: {await PaxosStatusText(id)})", e);
            }

            Assert.True(last!.Ok && last.Body == value, $"node-{id} read {key} = {last}, expected 200 {value}");
        }
    }

    /// <summary>Node <paramref name="id"/>'s <c>GET /paxos</c> as text, for failure messages (what its roles saw).</summary>
    public async Task<string> PaxosStatusText(int id)
    {
        try
        {
            return await Http.GetStringAsync(new Uri(Node(id).HttpUrl, "paxos"));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"unavailable ({e.Message})";
        }
    }

    /// <summary>Runs a PUT and records it: 200 → Ok, 503 or no answer → unknown outcome.</summary>
    public async Task<HttpOutcome> RecordedPutAsync(HistoryRecorder<KvInput, KvOutput> history, int client, int id, string key, string value)
    {
        int handle = history.Invoke(client, new KvPut(key, value));
        var outcome = await PutAsync(id, key, value);
        if (outcome.Ok)
        {
            history.Complete(handle, KvOutput.Ok);
        }
        else
        {
            // Anything but a success may still take effect later: the checker must allow both.
            history.CompleteUnknown(handle);
        }

        return outcome;
    }

    /// <summary>Runs a GET and records it: 200 → the value, 404 → absent, anything else → unknown.</summary>
    public async Task<HttpOutcome> RecordedGetAsync(HistoryRecorder<KvInput, KvOutput> history, int client, int id, string key)
    {
        int handle = history.Invoke(client, new KvGet(key));
        var outcome = await GetAsync(id, key);
        switch (outcome.Status)
        {
            case HttpStatusCode.OK:
                history.Complete(handle, KvOutput.Read(outcome.Body));
                break;
            case HttpStatusCode.NotFound:
                history.Complete(handle, KvOutput.Read(null));
                break;
            default:
                history.CompleteUnknown(handle);
                break;
        }

        return outcome;
    }

    private Uri Url(int id, string key) => new(Node(id).HttpUrl, "kv/" + Uri.EscapeDataString(key));

    private async Task<HttpOutcome> Send(HttpRequestMessage request)
    {
        try
        {
            using var response = await Http.SendAsync(request);
            return new HttpOutcome(response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return new HttpOutcome(null, e.GetType().Name + ": " + e.Message);
        }
    }
}
