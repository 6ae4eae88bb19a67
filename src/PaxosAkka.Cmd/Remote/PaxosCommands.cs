using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PaxosAkka.Pbm;

namespace PaxosAkka.Cmd.Remote;

/// <summary><c>pbm [host:port] paxos status|leader|ballots|log</c>: the node's Paxos view and its chosen log.</summary>
internal static class PaxosCommands
{
    public static Command Create(Io io)
    {
        var paxos = new Command("paxos", "The node's Paxos state: leader, ballots, slots, and the chosen log.");
        paxos.Subcommands.Add(View(io, "status", "Leader, ballot, first unchosen and last applied slots, and each role's state.", PbmRoutes.PaxosStatus, PbmJson.Default.PbmPaxosStatus, PrintStatus));
        paxos.Subcommands.Add(View(io, "leader", "The Paxos leader as this node knows it, with its client URL.", PbmRoutes.PaxosLeader, PbmJson.Default.PbmPaxosLeader, PrintLeader));
        paxos.Subcommands.Add(View(io, "ballots", "This node's proposer ballot and state, and its acceptor's promised ballot.", PbmRoutes.PaxosBallots, PbmJson.Default.PbmBallots, PrintBallots));

        var from = new Option<long>("--from") { Description = "First slot (default 0)." };
        var to = new Option<long?>("--to") { Description = $"Last slot (default: from + {PbmRoutes.MaxLogSlots - 1}; at most {PbmRoutes.MaxLogSlots} slots per call)." };
        paxos.Subcommands.Add(RemoteCommand.Create(
            "paxos log", "The chosen slots in [--from, --to] this node's learner holds, each command decoded (kind, key, value).", io, [from, to, RemoteCommand.JsonOption()],
            async (parsed, client, ct) =>
            {
                long first = parsed.GetValue(from);
                long? last = parsed.GetValue(to);
                if (first < 0 || last < first)
                {
                    io.Error.WriteLine($"pbm paxos log: the range must satisfy 0 <= --from <= --to, not --from {first} --to {last}");
                    return ExitCodes.BadArguments;
                }

                string query = string.Create(CultureInfo.InvariantCulture, $"{PbmRoutes.PaxosLog}?from={first}{(last is long l ? $"&to={l}" : "")}");
                var log = await client.GetAsync(query, PbmJson.Default.PbmLog, ct).ConfigureAwait(false);
                return RemoteCommand.Print(io, parsed.GetValue<bool>("--json"), log, PbmJson.Default.PbmLog, PrintLog);
            }));
        return paxos;
    }

    internal static void PrintStatus(PbmPaxosStatus status, TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"Node: {status.Self}"));
        output.WriteLine($"Leader: {LeaderName(status.Leader)}");
        output.WriteLine($"Ballot: {status.Ballot}");
        output.WriteLine(string.Create(inv, $"First unchosen slot: {status.FirstUnchosenSlot}"));
        output.WriteLine(string.Create(inv, $"Last applied slot: {status.LastAppliedSlot}"));
        foreach (var (role, state) in status.Roles.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{role}: {Fields(state)}");
        }
    }

    internal static void PrintLeader(PbmPaxosLeader leader, TextWriter output) =>
        output.WriteLine(leader.Leader is null
            ? $"Leader: {LeaderName(null)} (asked node-{leader.Self.ToString(CultureInfo.InvariantCulture)})"
            : $"Leader: {LeaderName(leader.Leader)} {leader.LeaderHttpUrl} (highest ballot seen by node-{leader.Self.ToString(CultureInfo.InvariantCulture)}: {leader.Ballot})");

    internal static void PrintBallots(PbmBallots ballots, TextWriter output)
    {
        output.WriteLine($"Proposer: {(ballots.ProposerBallot is null ? "none on this node" : $"{ballots.ProposerState} at ballot {ballots.ProposerBallot}")}");
        output.WriteLine($"Acceptor: {(ballots.AcceptorPromised is null ? "none on this node" : string.Create(CultureInfo.InvariantCulture, $"promised {ballots.AcceptorPromised}, highest accepted slot {ballots.HighestAcceptedSlot}"))}");
        output.WriteLine($"Leader: {LeaderName(ballots.Leader)}");
    }

    /// <summary>One line per slot: <c>slot 12: put greeting = "hello" (5 bytes) [client#3]</c>; a no-op says so.</summary>
    internal static void PrintLog(PbmLog log, TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        foreach (var entry in log.Entries)
        {
            if (entry.Commands.Count == 0)
            {
                output.WriteLine(string.Create(inv, $"slot {entry.Slot}: no-op"));
                continue;
            }

            foreach (var c in entry.Commands)
            {
                string what = c.Kind switch
                {
                    "put" => string.Create(inv, $"put {c.Key} = {Quote(c.Value)} ({c.Size} bytes)"),
                    "cas" => string.Create(inv, $"cas {c.Key} from {(c.Expected is null ? "absent" : Quote(c.Expected))} to {Quote(c.Value)} ({c.Size} bytes)"),
                    "other" => string.Create(inv, $"other command ({c.Size} bytes)"),
                    "list" => $"list prefix {Quote(c.Key)}",
                    _ => $"{c.Kind} {c.Key}",
                };
                output.WriteLine(string.Create(inv, $"slot {entry.Slot}: {what} [{c.Client}#{c.Sequence}]"));
            }
        }

        output.WriteLine(log.Entries.Count == 0
            ? string.Create(inv, $"No chosen slots in [{log.From}, {log.To}] on node-{log.Self} (its first unchosen slot is {log.FirstUnchosenSlot}).")
            : string.Create(inv, $"Count: {log.Entries.Count} slots in [{log.From}, {log.To}]; first unchosen slot {log.FirstUnchosenSlot}"));
    }

    private static Command View<T>(Io io, string name, string description, string route, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, Action<T, TextWriter> text) =>
        RemoteCommand.Create($"paxos {name}", description, io, [RemoteCommand.JsonOption()], async (parsed, client, ct) =>
            RemoteCommand.Print(io, parsed.GetValue<bool>("--json"), await client.GetAsync(route, type, ct).ConfigureAwait(false), type, text));

    private static string LeaderName(int? leader) => leader is int id ? $"node-{id.ToString(CultureInfo.InvariantCulture)}" : "none known (an election may be running)";

    private static string Quote(string? value) => value is null ? "null" : "\"" + value + "\"";

    /// <summary>A role's state object as <c>name=value</c> pairs on one line (nulls left out).</summary>
    internal static string Fields(JsonElement state) =>
        state.ValueKind != JsonValueKind.Object
            ? state.ToString()
            : string.Join(", ", state.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Null).Select(p => $"{p.Name}={(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText())}"));
}
