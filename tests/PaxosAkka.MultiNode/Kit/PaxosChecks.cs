namespace PaxosAkka.MultiNode.Kit;

/// <summary>What the Paxos specs await and assert through a node's HTTP API.</summary>
public static class PaxosChecks
{
    /// <summary>
    /// Retries a PUT with one Idempotency-Key until it answers 200 (at most once applied however often retried);
    /// used where a spec asserts that writes go on.
    /// </summary>
    public static async Task PutUntilOkAsync(this NodeClient client, string key, string value, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        HttpOutcome? last = null;
        try
        {
            await Eventually.True(async () => (last = await client.PutAsync(key, value, $"{key}={value}", cancellationToken)).Ok, timeout, $"PUT {key}={value} to succeed", cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} (last answer: {last})", e);
        }
    }

    /// <summary>Asserts that the node reads every key of <paramref name="expected"/> with its value, retrying 503s.</summary>
    public static async Task AssertReadsAsync(this NodeClient client, IReadOnlyDictionary<string, string> expected, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(expected);
        foreach (var (key, value) in expected)
        {
            HttpOutcome? last = null;
            await Eventually.True(async () => !(last = await client.GetAsync(key, cancellationToken)).Unknown, timeout, $"GET {key} to answer", cancellationToken);
            Assert.True(last!.Ok && last.Body == value, $"read {key} = {last}, expected 200 {value}");
        }
    }

    /// <summary>Waits until the node's <c>GET /cluster</c> shows exactly the nodes <paramref name="ids"/>, all Up and reachable.</summary>
    public static Task AwaitMembersUpAsync(this NodeClient client, IReadOnlyCollection<int> ids, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(ids);
        IReadOnlyList<MemberSeen>? last = null;
        return Eventually.True(
            async () => (last = await client.MembershipAsync(cancellationToken)) is { } members
                && members.Count == ids.Count
                && members.All(m => m.Status == "Up" && m.Reachable && m.NodeId is int id && ids.Contains(id)),
            timeout,
            $"nodes {string.Join(",", ids)} all Up and reachable (last seen: {(last is null ? "nothing" : string.Join("; ", last))})",
            cancellationToken);
    }

    /// <summary>
    /// Waits until every node of <paramref name="clients"/> names the same Paxos leader, one of <paramref name="among"/>,
    /// and returns it.
    /// </summary>
    public static Task<int> AwaitAgreedLeaderAsync(IReadOnlyList<NodeClient> clients, IReadOnlyCollection<int> among, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(among);
        return Eventually.Value<int>(
            async () =>
            {
                var views = await Task.WhenAll(clients.Select(c => c.LeaderAsync(cancellationToken)));
                return views.Distinct().Count() == 1 && views[0] is int leader && among.Contains(leader) ? leader : null;
            },
            timeout,
            $"an agreed leader among nodes {string.Join(",", among)}",
            cancellationToken);
    }
}
