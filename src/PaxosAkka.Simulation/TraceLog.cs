using PaxosAkka.Consensus;

namespace PaxosAkka.Simulation;

/// <summary>
/// Records the run's events: hashes every event (FNV-1a over a line's UTF-16 code units, a multiply-xorshift
/// over a message's fields; stable across processes, unlike <see cref="string.GetHashCode()"/>) so two runs
/// of one seed can be compared cheaply, and forwards readable lines to the optional trace callback.
/// </summary>
internal sealed class TraceLog
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;
    private const ulong GoldenRatio = 0x9E3779B97F4A7C15UL;

    private readonly Action<string>? _sink;

    public TraceLog(Action<string>? sink) => _sink = sink;

    public ulong Hash { get; private set; } = OffsetBasis;

    public long Lines { get; private set; }

    public void Record(long tick, string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        Lines++;
        var hash = Mix(Hash, tick);
        foreach (var c in line)
        {
            hash = (hash ^ c) * Prime;
        }

        Hash = hash;
        _sink?.Invoke($"[{tick,6}] {line}");
    }

    /// <summary>
    /// Records a message delivery. Deliveries are most of a run's events, so the hash mixes the message's
    /// fields directly instead of formatting a line; the line is built only when someone reads the trace.
    /// </summary>
    public void RecordMessage(long tick, PaxosMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Lines++;
        Hash = TraceFormat.Mix(Mix(Hash, tick), message);
        _sink?.Invoke($"[{tick,6}] {TraceFormat.Describe(message)}");
    }

    /// <summary>Mixes one 64-bit value in a single multiply-xorshift round (cheap: deliveries are hashed by the million).</summary>
    internal static ulong Mix(ulong hash, long value)
    {
        hash = (hash ^ (ulong)value) * GoldenRatio;
        return hash ^ (hash >> 29);
    }
}
