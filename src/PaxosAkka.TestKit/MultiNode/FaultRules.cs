using PaxosAkka.Remote.Transport;

namespace PaxosAkka.TestKit.MultiNode;

/// <summary>
/// The conductor's fault table of one node: which directed links (<c>host:port</c> to <c>host:port</c>) are
/// blackholed or throttled. Thread-safe; read for every frame by <see cref="FaultInjectingTransport"/>.
/// </summary>
public sealed class FaultRules
{
    private readonly Dictionary<(string From, string To), LinkFault> _faults = [];
    private readonly Lock _gate = new();
    private long _droppedFrames;

    /// <summary>Frames dropped by blackholes so far; lets tests wait for a real loss instead of sleeping.</summary>
    public long DroppedFrames => Interlocked.Read(ref _droppedFrames);

    /// <summary>Applies <paramref name="fault"/> to the link between the endpoints in <paramref name="direction"/>.</summary>
    /// <param name="direction"><see cref="FaultDirection.Send"/> means frames from <paramref name="first"/> to <paramref name="second"/>.</param>
    public void Set(string first, string second, FaultDirection direction, LinkFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (_gate)
        {
            foreach (var link in Links(first, second, direction))
            {
                _faults[link] = fault;
            }
        }
    }

    /// <summary>Removes the faults of the link in <paramref name="direction"/>: frames flow normally again.</summary>
    public void Clear(string first, string second, FaultDirection direction)
    {
        lock (_gate)
        {
            foreach (var link in Links(first, second, direction))
            {
                _faults.Remove(link);
            }
        }
    }

    /// <summary>The fault on frames from <paramref name="from"/> to <paramref name="to"/>, or null when they pass.</summary>
    public LinkFault? Get(string from, string to)
    {
        lock (_gate)
        {
            return _faults.Count == 0 ? null : _faults.GetValueOrDefault((from, to));
        }
    }

    internal void CountDropped(int frames) => Interlocked.Add(ref _droppedFrames, frames);

    private static IEnumerable<(string, string)> Links(string first, string second, FaultDirection direction)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(first);
        ArgumentException.ThrowIfNullOrWhiteSpace(second);
        if (direction is FaultDirection.Send or FaultDirection.Both)
        {
            yield return (first, second);
        }

        if (direction is FaultDirection.Receive or FaultDirection.Both)
        {
            yield return (second, first);
        }
    }
}
