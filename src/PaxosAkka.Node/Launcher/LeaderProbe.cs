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
        try
        {
            using var doc = await http.GetFromJsonAsync<JsonDocument>(new Uri(node.HttpUrl, "paxos"), cancellationToken).ConfigureAwait(false);
            return doc is not null && doc.RootElement.TryGetProperty("leader", out var leader) && leader.ValueKind == JsonValueKind.Number
                ? leader.GetInt32()
                : null;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
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
}
