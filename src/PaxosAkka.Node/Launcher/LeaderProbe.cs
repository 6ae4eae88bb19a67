using System.Net.Http.Json;
using System.Text.Json;

namespace PaxosAkka.Node.Launcher;

/// <summary>
/// Asks nodes who leads through <c>GET /paxos</c>. A leader counts as elected when the node it names says so
/// itself and a majority of the answering nodes agree: one stale view must not declare a cluster ready.
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

    /// <summary>The agreed leader among <paramref name="nodes"/>, or null when there is none yet.</summary>
    public static async Task<int?> AgreedLeader(HttpClient http, IReadOnlyList<LocalNode> nodes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var views = await Task.WhenAll(nodes.Select(n => LeaderSeenBy(http, n, cancellationToken))).ConfigureAwait(false);
        var byId = nodes.Select((n, i) => (n.Id, View: views[i])).ToDictionary(x => x.Id, x => x.View);
        int answering = views.Count(v => v is not null);
        var candidate = views.Where(v => v is not null).GroupBy(v => v!.Value).OrderByDescending(g => g.Count()).FirstOrDefault();
        if (candidate is null || candidate.Count() * 2 <= answering)
        {
            return null;
        }

        int leader = candidate.Key;
        return byId.TryGetValue(leader, out var own) && own == leader ? leader : null;
    }
}
