using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace PaxosAkka.Node.Launcher;

/// <summary>The role assignment as <c>GET /cluster/roles</c> shows it.</summary>
/// <param name="Revision">0 before the first assignment.</param>
/// <param name="Proposer">Nodes assigned the proposer role.</param>
/// <param name="Learner">Nodes assigned the learner role.</param>
/// <param name="Store">Nodes assigned the store role.</param>
public sealed record AssignmentSeen(long Revision, int[] Proposer, int[] Learner, int[] Store)
{
    /// <summary>One line for the launcher's output.</summary>
    public override string ToString() =>
        $"revision {Revision}: proposer [{string.Join(",", Proposer)}], learner [{string.Join(",", Learner)}], store [{string.Join(",", Store)}]";
}

/// <summary>
/// Readiness of a topology with <c>auto</c> nodes (system 000): the leader has recorded an assignment that gives
/// every role to <paramref name="wanted"/> nodes (or to every live auto node when fewer), and a write through an
/// assigned node succeeds.
/// </summary>
public static class AssignmentProbe
{
    /// <summary>The assignment <paramref name="node"/> reads through the log, or null (no answer, not recorded yet, or a node that serves no reads).</summary>
    public static async Task<AssignmentSeen?> Read(HttpClient http, LocalNode node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(node);
        try
        {
            using var response = await http.GetAsync(new Uri(node.HttpUrl, "cluster/roles"), cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return null;
            }

            using var doc = await response.Content.ReadFromJsonAsync<JsonDocument>(cancellationToken).ConfigureAwait(false);
            if (doc is null)
            {
                return null;
            }

            var root = doc.RootElement;
            return new AssignmentSeen(root.GetProperty("revision").GetInt64(), Ids(root, "proposer"), Ids(root, "learner"), Ids(root, "store"));
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException
            or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>
    /// The assignment once it is complete (revision ≥ 1 and <paramref name="wanted"/> holders of every role) and a
    /// write of <c>launcher-ready</c> through its first holder was acknowledged; null until then.
    /// </summary>
    public static async Task<AssignmentSeen?> Ready(HttpClient http, IReadOnlyList<LocalNode> nodes, int leader, int wanted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodes);

        // The leader found at start may hand over while late nodes start (and then runs no store to read through), so
        // read through the first node that answers, that leader first.
        AssignmentSeen? seen = null;
        foreach (var node in nodes.OrderBy(n => n.Id == leader ? 0 : 1))
        {
            if ((seen = await Read(http, node, cancellationToken).ConfigureAwait(false)) is not null)
            {
                break;
            }
        }

        if (seen is not { Revision: >= 1 }
            || seen.Proposer.Length < wanted || seen.Learner.Length < wanted || seen.Store.Length < wanted)
        {
            return null;
        }

        var writer = nodes.First(n => n.Id == seen.Store[0]);
        try
        {
            using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(seen.ToString()));
            using var response = await http.PutAsync(new Uri(writer.HttpUrl, "kv/launcher-ready"), content, cancellationToken).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK ? seen : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static int[] Ids(JsonElement root, string name) => [.. root.GetProperty(name).EnumerateArray().Select(e => e.GetInt32())];
}
