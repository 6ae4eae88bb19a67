using System.Text;
using System.Text.Json;
using Akka.Actor;
using Microsoft.AspNetCore.Http;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Client;
using PaxosAkka.Node.Configuration;
using PaxosAkka.Node.Http;
using PaxosAkka.Node.Roles;
using PaxosAkka.Node.Store;
using PaxosAkka.Pbm;

namespace PaxosAkka.Node.Cmd;

/// <summary>
/// <c>paxos status|leader|ballots|log</c>: the node's own Paxos view (what <c>GET /paxos</c> shows) and the chosen
/// log held by its learner, decoded into key-value commands.
/// </summary>
internal sealed class CmdPaxosRoutes(CmdContext context)
{
    /// <summary>How long <c>paxos log</c> waits for the local learner; it answers from memory, so this is generous.</summary>
    public static readonly TimeSpan LearnerTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Values and expected values are shown up to this many characters.</summary>
    public const int ValuePreview = 64;

    public IResult Status()
    {
        var status = context.Service.GetPaxosStatus();
        var roles = status.Roles.ToDictionary(r => r.Key, r => JsonSerializer.SerializeToElement(r.Value, r.Value.GetType(), ApiJson.Options), StringComparer.Ordinal);
        return Results.Json(
            new PbmPaxosStatus(status.Self, status.Leader, status.Ballot, status.FirstUnchosenSlot, status.LastAppliedSlot, roles),
            PbmJson.Default.PbmPaxosStatus);
    }

    public IResult Leader()
    {
        var status = context.Service.GetPaxosStatus();
        string? url = status.Leader is int id ? context.Settings.Members.FirstOrDefault(m => m.Id == id)?.HttpUrl : null;
        // A follower's own proposer ballot stays at (0.0); its acceptor's promise is the leader's ballot as far as it knows.
        string ballot = (status.Roles.GetValueOrDefault(RoleNames.Acceptor) as AcceptorRoleState)?.Promised ?? status.Ballot;
        return Results.Json(new PbmPaxosLeader(status.Self, status.Leader, url, ballot), PbmJson.Default.PbmPaxosLeader);
    }

    public IResult Ballots()
    {
        var status = context.Service.GetPaxosStatus();
        var proposer = status.Roles.GetValueOrDefault(RoleNames.Proposer) as ProposerRoleState;
        var acceptor = status.Roles.GetValueOrDefault(RoleNames.Acceptor) as AcceptorRoleState;
        return Results.Json(
            new PbmBallots(status.Self, status.Leader, proposer?.State, proposer?.Ballot, acceptor?.Promised, acceptor?.HighestAcceptedSlot),
            PbmJson.Default.PbmBallots);
    }

    /// <summary>
    /// The chosen slots in [from, to] that this node's learner holds: it replays them from memory (the same
    /// <see cref="LearnerProtocol.Replay"/> a restarted store uses), so nothing is read from disk or the network.
    /// </summary>
    public async Task<IResult> LogAsync(long? from, long? to)
    {
        long first = from ?? 0;
        if (first < 0 || to is < 0 || (to is long last && last < first))
        {
            return CmdContext.Error(StatusCodes.Status400BadRequest, $"the range must satisfy 0 <= from <= to, not from={first} to={to}");
        }

        if (!context.Settings.Has(NodeRoles.Learner))
        {
            return CmdContext.Error(StatusCodes.Status409Conflict, $"node {context.Settings.Id} runs no learner, so it holds no chosen log; ask a learner node");
        }

        long end = Math.Min(to ?? first + PbmRoutes.MaxLogSlots - 1, first + PbmRoutes.MaxLogSlots - 1);
        StoreProtocol.Deliver replay;
        try
        {
            var learner = context.System.ActorSelection($"/user/{RoleNames.Node}/{RoleNames.Learner}");
            replay = await learner.Ask<StoreProtocol.Deliver>(new LearnerProtocol.Replay(first), LearnerTimeout, context.Stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            return CmdContext.Error(StatusCodes.Status503ServiceUnavailable, $"the learner did not answer within {LearnerTimeout.TotalSeconds:0} s");
        }

        var entries = replay.Entries.Where(e => e.Slot >= first && e.Slot <= end).Select(Decode).ToList();
        long firstUnchosen = replay.Entries.IsDefaultOrEmpty ? first : replay.Entries[^1].Slot + 1;
        return Results.Json(new PbmLog(context.Settings.Id, first, end, Math.Max(firstUnchosen, context.Service.GetPaxosStatus().FirstUnchosenSlot), entries), PbmJson.Default.PbmLog);
    }

    /// <summary>One chosen slot as the operator reads it: each command's id, kind, key and (cut) value.</summary>
    internal static PbmLogEntry Decode(ChosenEntry entry) =>
        new(entry.Slot, [.. entry.Value.Commands.Select(command =>
        {
            string client = command.Id.ClientId;
            try
            {
                return KvCommandCodec.Decode(command.Payload) switch
                {
                    KvPutCommand p => new PbmLogCommand(client, command.Id.Sequence, "put", p.Key, Preview(p.Value), null, p.Value.Length),
                    KvCasCommand c => new PbmLogCommand(client, command.Id.Sequence, "cas", c.Key, Preview(c.Value), c.Expected is null ? null : Preview(c.Expected), c.Value.Length),
                    KvDeleteCommand d => new PbmLogCommand(client, command.Id.Sequence, "delete", d.Key, null, null, 0),
                    KvListCommand l => new PbmLogCommand(client, command.Id.Sequence, "list", l.Prefix, null, null, 0),
                    var other => new PbmLogCommand(client, command.Id.Sequence, "read", other.Key, null, null, 0),
                };
            }
            catch (FormatException)
            {
                // Not a key-value command (a prime claim, a role assignment): show its size only.
                return new PbmLogCommand(client, command.Id.Sequence, "other", null, null, null, command.Payload.Length);
            }
        })]);

    /// <summary>The value as UTF-8 text with control characters escaped, cut at <see cref="ValuePreview"/> characters.</summary>
    internal static string Preview(byte[] value)
    {
        string text = Encoding.UTF8.GetString(value, 0, Math.Min(value.Length, ValuePreview * 4));
        var shown = new StringBuilder();
        foreach (char c in text.Take(ValuePreview))
        {
            shown.Append(char.IsControl(c) ? $"\\x{(int)c:x2}" : c);
        }

        return text.Length > ValuePreview || value.Length > ValuePreview * 4 ? shown.Append('…').ToString() : shown.ToString();
    }
}
