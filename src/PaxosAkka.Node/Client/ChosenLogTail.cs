using PaxosAkka.Consensus;
using PaxosAkka.Node.Store;

namespace PaxosAkka.Node.Client;

/// <summary>
/// The last slots this node's store applied, described for the web console (kind, key and size of each command;
/// never the values, which may be 1 MiB each). Fed from the store's apply path, read by HTTP requests, so it is
/// guarded by a lock; recording one slot costs a small allocation and no copy of any value.
/// </summary>
public sealed class ChosenLogTail
{
    /// <summary>Commands described per slot; a batch's further commands are only counted.</summary>
    public const int CommandsPerSlot = 8;

    private readonly Lock _gate = new();
    private readonly ChosenLogEntry?[] _ring;
    private long _recorded;

    /// <summary>Keeps the last <paramref name="capacity"/> slots (default 64).</summary>
    public ChosenLogTail(int capacity = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new ChosenLogEntry?[capacity];
    }

    /// <summary>How many slots are kept.</summary>
    public int Capacity => _ring.Length;

    /// <summary>Records an applied slot.</summary>
    public void Record(ChosenEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var described = Describe(entry);
        lock (_gate)
        {
            _ring[_recorded % _ring.Length] = described;
            _recorded++;
        }
    }

    /// <summary>Up to <paramref name="count"/> of the latest slots recorded, newest first.</summary>
    public IReadOnlyList<ChosenLogEntry> Latest(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            int n = (int)Math.Min(Math.Min(count, _ring.Length), _recorded);
            var latest = new ChosenLogEntry[n];
            for (int i = 0; i < n; i++)
            {
                latest[i] = _ring[(_recorded - 1 - i) % _ring.Length]!;
            }

            return latest;
        }
    }

    /// <summary>The console's view of one chosen slot.</summary>
    internal static ChosenLogEntry Describe(ChosenEntry entry)
    {
        var commands = entry.Value.Commands;
        var described = new ChosenCommandSummary[Math.Min(commands.Length, CommandsPerSlot)];
        for (int i = 0; i < described.Length; i++)
        {
            var command = commands[i];
            described[i] = KvCommandCodec.Peek(command.Payload) is { } summary
                ? new ChosenCommandSummary(command.Id.ClientId, command.Id.Sequence, summary.Kind, summary.Key, summary.ValueSize)
                : new ChosenCommandSummary(command.Id.ClientId, command.Id.Sequence, "other", null, command.Payload.Length);
        }

        return new ChosenLogEntry(entry.Slot, commands.Length, described);
    }
}

/// <summary>One chosen slot: its number, how many commands its batch held (0: a no-op) and the first few of them.</summary>
public sealed record ChosenLogEntry(long Slot, int CommandCount, IReadOnlyList<ChosenCommandSummary> Commands);

/// <summary>One command of a chosen slot: who sent it (command id), what it does, its key and its value's size.</summary>
public sealed record ChosenCommandSummary(string Client, long Sequence, string Kind, string? Key, int Size);
