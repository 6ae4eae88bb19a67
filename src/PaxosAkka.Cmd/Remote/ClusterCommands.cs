using System.CommandLine;
using System.Text.Json;
using PaxosAkka.Pbm;

namespace PaxosAkka.Cmd.Remote;

/// <summary>
/// <c>pbm [host:port] cluster show|status|leader|tail|leave|down|join|down-unreachable</c>: Akka.Cluster's membership as
/// the node at host:port sees it, and the operator's membership actions (Petabridge.Cmd's cluster palette).
/// </summary>
internal static class ClusterCommands
{
    /// <summary>Longest <c>cluster tail --timeout</c>: a day (0 = until Ctrl-C).</summary>
    public const int MaxTailSeconds = 86_400;

    public static Command Create(Io io)
    {
        var cluster = new Command("cluster", "Akka.Cluster membership as the node sees it, and leave/down/join.");
        cluster.Subcommands.Add(View(io, "show", "One line per member: address | [roles] | status | reachability, then Count: N nodes.", ClusterFormat.Show));
        cluster.Subcommands.Add(View(io, "status", "This node's own membership status, the member counts and both leaders.", ClusterFormat.Status));
        cluster.Subcommands.Add(View(io, "leader", "Akka.Cluster's leader (membership) and the Paxos leader (writes).", ClusterFormat.Leader));
        cluster.Subcommands.Add(Tail(io));
        cluster.Subcommands.Add(Act(io, "leave", "Leave gracefully: this node, or the member given with -a.", ClusterRoute.Leave, required: false));
        cluster.Subcommands.Add(Act(io, "down", "Mark a member down (a crashed node): Akka.Cluster removes it without waiting for it.", ClusterRoute.Down, required: true));
        cluster.Subcommands.Add(Act(io, "join", "Ask this node to join the cluster through the seed given with -a (ignored when already a member).", ClusterRoute.Join, required: true));
        cluster.Subcommands.Add(RemoteCommand.Create(
            "cluster down-unreachable", "Mark every member this node holds unreachable as down.", io, [RemoteCommand.JsonOption()],
            async (parsed, client, ct) => RemoteCommand.Print(
                io, Json(parsed), await client.PostAsync(PbmRoutes.ClusterDownUnreachable, PbmJson.Default.PbmClusterAction, ct).ConfigureAwait(false), PbmJson.Default.PbmClusterAction, ClusterFormat.Action)));
        return cluster;
    }

    private enum ClusterRoute
    {
        Leave,
        Down,
        Join,
    }

    private static Command View(Io io, string name, string description, Action<PbmCluster, TextWriter> text) =>
        RemoteCommand.Create($"cluster {name}", description, io, [RemoteCommand.JsonOption()], async (parsed, client, ct) =>
            RemoteCommand.Print(io, Json(parsed), await client.GetAsync(PbmRoutes.Cluster, PbmJson.Default.PbmCluster, ct).ConfigureAwait(false), PbmJson.Default.PbmCluster, text));

    private static Command Act(Io io, string name, string description, ClusterRoute route, bool required)
    {
        var address = new Option<string?>("--address", "-a")
        {
            Description = "The member: its Akka address (akka.tcp://paxos@127.0.0.1:9081), the host:port of its remoting, or its node id.",
            Required = required,
        };
        string path = route switch
        {
            ClusterRoute.Leave => PbmRoutes.ClusterLeave,
            ClusterRoute.Down => PbmRoutes.ClusterDown,
            _ => PbmRoutes.ClusterJoin,
        };
        return RemoteCommand.Create($"cluster {name}", description, io, [address, RemoteCommand.JsonOption()], async (parsed, client, ct) =>
        {
            string? given = parsed.GetValue(address);
            string query = string.IsNullOrWhiteSpace(given) ? path : $"{path}?address={Uri.EscapeDataString(given)}";
            var answer = await client.PostAsync(query, PbmJson.Default.PbmClusterAction, ct).ConfigureAwait(false);
            return RemoteCommand.Print(io, Json(parsed), answer, PbmJson.Default.PbmClusterAction, ClusterFormat.Action);
        });
    }

    private static Command Tail(Io io)
    {
        var count = new Option<int>("--count", "-n") { Description = "Stop after this many events (0 = no limit). The current members come first." };
        var timeout = new Option<int>("--timeout", "-t") { Description = $"Stop after this many seconds (0 = until Ctrl-C; at most {MaxTailSeconds})." };
        var json = RemoteCommand.JsonOption();
        return RemoteCommand.Create(
            "cluster tail", "Stream membership events (member up, unreachable, removed, leader changed) until Ctrl-C, --count or --timeout.", io, [count, timeout, json],
            async (parsed, client, ct) =>
            {
                int limit = parsed.GetValue(count);
                int seconds = parsed.GetValue(timeout);
                if (limit < 0 || seconds is < 0 or > MaxTailSeconds)
                {
                    io.Error.WriteLine($"pbm cluster tail: --count must be 0 or more and --timeout 0..{MaxTailSeconds} seconds");
                    return ExitCodes.BadArguments;
                }

                using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                if (seconds > 0)
                {
                    stop.CancelAfter(TimeSpan.FromSeconds(seconds));
                }

                int seen = 0;
                try
                {
                    await foreach (var e in client.StreamAsync(PbmRoutes.ClusterTail, PbmJson.Default.PbmClusterEvent, stop.Token).ConfigureAwait(false))
                    {
                        io.Output.WriteLine(parsed.GetValue(json) ? JsonSerializer.Serialize(e, PbmJson.Default.PbmClusterEvent) : ClusterFormat.Event(e));
                        io.Output.Flush();
                        if (++seen == limit)
                        {
                            break;
                        }
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // Ctrl-C or --timeout: the tail ends normally.
                }

                return ExitCodes.Success;
            });
    }

    private static bool Json(ParseResult parsed) => parsed.GetValue<bool>("--json");
}
