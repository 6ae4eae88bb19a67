using System.Net.Http.Json;
using System.Text.Json;

namespace PaxosAkka.Node.Launcher;

/// <summary>
/// Asks nodes who leads through <c>GET /paxos</c>: a leader counts as elected when exactly one node says it leads.
/// </summary>
public static class LeaderProbe
{
    /// <summary>The <c>"leader"</c> field of <paramref name="node"/>'s <c>/paxos</c>, or null (no leader, no answer).</summary>
    public static async Task<int?> LeaderSeenBy(HttpClient http, LocalNode node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(node);
        return await ReadPaxos(http, node, "leader", e => e.GetInt32(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The leader among <paramref name="nodes"/>, or null when there is none yet: the one answering node whose
    /// <c>/paxos</c> names itself as leader. Followers' views are not required to agree because a follower of an
    /// idle cluster may keep naming a dead leader until the next Accept reaches it (see NODE_REQUESTS.md);
    /// two nodes that both claim the lead (a brief overlap Paxos tolerates) mean "not yet".
    /// </summary>
    public static async Task<int?> AgreedLeader(HttpClient http, IReadOnlyList<LocalNode> nodes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var views = await Task.WhenAll(nodes.Select(n => LeaderSeenBy(http, n, cancellationToken))).ConfigureAwait(false);
        var claims = nodes.Where((n, i) => views[i] == n.Id).Select(n => n.Id).ToList();
        return claims.Count == 1 ? claims[0] : null;
    }

    /// <summary>
    /// True when every node with the store role answers <c>/paxos</c> and all report the same last applied slot:
    /// the stores are in sync (a cluster without store nodes is trivially so).
    /// </summary>
    public static async Task<bool> StoresInSync(HttpClient http, IReadOnlyList<LocalNode> nodes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(nodes);
        var stores = nodes.Where(n => n.Has(Configuration.NodeRoles.Store)).ToList();
        var applied = await Task.WhenAll(stores.Select(n => LastApplied(http, n, cancellationToken))).ConfigureAwait(false);
        return applied.All(a => a is not null) && applied.Distinct().Count() <= 1;
    }

    private static Task<long?> LastApplied(HttpClient http, LocalNode node, CancellationToken cancellationToken) =>
        ReadPaxos(http, node, "lastAppliedSlot", e => e.GetInt64(), cancellationToken);

    /// <summary>One numeric field of <paramref name="node"/>'s <c>/paxos</c>, or null (missing, not a number, no answer).</summary>
    private static async Task<T?> ReadPaxos<T>(HttpClient http, LocalNode node, string field, Func<JsonElement, T> read, CancellationToken cancellationToken)
        where T : struct
    {
        try
        {
            using var doc = await http.GetFromJsonAsync<JsonDocument>(new Uri(node.HttpUrl, "paxos"), cancellationToken).ConfigureAwait(false);
            return doc is not null && doc.RootElement.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Number
                ? read(value)
                : null;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
