using static PaxosAkka.Consensus.PaxosProtocol;

namespace PaxosAkka.Consensus.Tests.Support;

/// <summary>One-line renderings of messages and Readies for the scenario transcripts.</summary>
internal static class TraceFormat
{
    public static string Message(PaxosMessage message) => message switch
    {
        Prepare p => $"{p.From}->{p.To} Prepare b={p.Ballot} from-slot={p.FromSlot}",
        Promise p => $"{p.From}->{p.To} Promise b={p.Ballot} from-slot={p.FromSlot} accepted=[{string.Join(" ", p.Accepted.Select(Entry))}]"
            + (p.CompactedBelow > 0 ? $" compacted-below={p.CompactedBelow}" : string.Empty)
            + (p.ReportedBelow < long.MaxValue ? $" reported-below={p.ReportedBelow}" : string.Empty),
        Accept a => $"{a.From}->{a.To} Accept b={a.Ballot} slot={a.Slot} v={a.Value}",
        Accepted a => $"{a.From}->{a.To} Accepted b={a.Ballot} slot={a.Slot} v={a.Value}",
        Nack n => $"{n.From}->{n.To} Nack rejected={n.Rejected} promised={n.Promised}",
        Chosen c => $"{c.From}->{c.To} Chosen slot={c.Slot} v={c.Value}",
        CatchUpRequest r => $"{r.From}->{r.To} CatchUpRequest from-slot={r.FromSlot}",
        CatchUpReply r => $"{r.From}->{r.To} CatchUpReply [{string.Join(" ", r.Entries.Select(e => $"{e.Slot}:{e.Value}"))}]",
        _ => message.ToString(),
    };

    public static IEnumerable<string> Ready(int node, Ready ready)
    {
        if (ready.PromiseToPersist is { } promise)
        {
            yield return $"n{node} persist promise {promise}";
        }

        foreach (var entry in ready.EntriesToPersist)
        {
            yield return $"n{node} persist {Entry(entry)}";
        }

        foreach (var message in ready.Messages)
        {
            yield return $"n{node} send {Message(message)}";
        }

        foreach (var entry in ready.CommittedEntries)
        {
            yield return $"n{node} commit {entry.Slot}:{entry.Value}";
        }

        foreach (var e in ready.Events)
        {
            yield return $"n{node} event {e}";
        }
    }

    private static string Entry(AcceptedEntry entry) => $"{entry.Slot}:{entry.Ballot}={entry.Value}";
}
