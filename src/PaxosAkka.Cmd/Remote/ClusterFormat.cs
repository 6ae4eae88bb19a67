using System.Globalization;
using PaxosAkka.Pbm;

namespace PaxosAkka.Cmd.Remote;

/// <summary>How the <c>cluster</c> palette prints (pure functions, tested line by line).</summary>
internal static class ClusterFormat
{
    /// <summary>
    /// <c>cluster show</c>, Petabridge.Cmd's layout: one line per member, <c>address | [roles] | status | reachability</c>,
    /// then <c>Count: N nodes</c>.
    /// </summary>
    public static void Show(PbmCluster cluster, TextWriter output)
    {
        int width = cluster.Members.Count == 0 ? 0 : cluster.Members.Max(m => m.Address.Length);
        foreach (var member in cluster.Members)
        {
            output.WriteLine($"{member.Address.PadRight(width)} | [{string.Join(",", member.Roles)}] | {member.Status} | {member.Reachability}");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Count: {cluster.Members.Count} nodes"));
    }

    /// <summary><c>cluster status</c>: this node's own standing and a one-line summary of the others.</summary>
    public static void Status(PbmCluster cluster, TextWriter output)
    {
        var self = cluster.Members.FirstOrDefault(m => m.Address == cluster.Self);
        output.WriteLine($"Self: {cluster.Self} | {self?.Status ?? "not a member"} | {self?.Reachability ?? "-"}");
        int up = cluster.Members.Count(m => m.Status == "Up");
        int unreachable = cluster.Members.Count(m => m.Reachability != "Reachable");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Members: {cluster.Members.Count} ({up} Up, {unreachable} unreachable)"));
        Leader(cluster, output);
    }

    /// <summary><c>cluster leader</c>: Akka.Cluster's leader (membership decisions) and the Paxos leader (writes) are different things.</summary>
    public static void Leader(PbmCluster cluster, TextWriter output)
    {
        output.WriteLine($"Cluster leader: {cluster.ClusterLeader ?? "none (no member can act as leader now)"}");
        output.WriteLine($"Paxos leader: {(cluster.PaxosLeader is int id ? $"node-{id.ToString(CultureInfo.InvariantCulture)}" : "none known (an election may be running)")}");
    }

    /// <summary>One line per membership event of <c>cluster tail</c>.</summary>
    public static string Event(PbmClusterEvent e) =>
        $"{e.At.ToUniversalTime().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} {e.Event} {e.Address}{(e.Status is null ? "" : $" ({e.Status})")}";

    /// <summary>The answer to leave, down, join and down-unreachable.</summary>
    public static void Action(PbmClusterAction action, TextWriter output)
    {
        foreach (var address in action.Addresses)
        {
            output.WriteLine($"{action.Action} {address}");
        }

        output.WriteLine(action.Message);
    }
}
