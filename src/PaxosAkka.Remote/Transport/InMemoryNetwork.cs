using System.Collections.Concurrent;

namespace PaxosAkka.Remote.Transport;

/// <summary>Which way a fault applies between two endpoints (Akka's ThrottleTransportAdapter.Direction).</summary>
public enum FaultDirection
{
    /// <summary>Frames from the first endpoint to the second.</summary>
    Send,

    /// <summary>Frames from the second endpoint to the first.</summary>
    Receive,

    /// <summary>Both ways.</summary>
    Both,
}

/// <summary>
/// The wire shared by every <see cref="InMemoryTransport"/> of one simulation, with the test conductor's
/// fault knobs: blackhole per direction, a drop probability drawn from one seeded PRNG, and a delay measured
/// on the injected <see cref="TimeProvider"/>. Endpoints are named <c>host:port</c>.
/// </summary>
public sealed class InMemoryNetwork
{
    private readonly ConcurrentDictionary<string, Func<InMemoryFrameConnection, Task>> _listeners = new(StringComparer.Ordinal);
    private readonly HashSet<(string From, string To)> _blackholes = [];
    private readonly Lock _gate = new();
    private readonly Random _random;
    private double _dropProbability;
    private TimeSpan _delay;
    private int _nextPort = 20000;
    private long _droppedFrames;

    /// <param name="seed">Seeds the drop decisions, so a simulated run replays exactly.</param>
    /// <param name="timeProvider">The clock delays are measured on; virtual time in simulations.</param>
    public InMemoryNetwork(int seed = 0, TimeProvider? timeProvider = null)
    {
#pragma warning disable CA5394 // Simulated packet loss must replay from its seed; this is not security randomness.
        _random = new Random(seed);
#pragma warning restore CA5394
        TimeProvider = timeProvider ?? TimeProvider.System;
    }

    public TimeProvider TimeProvider { get; }

    /// <summary>Probability in [0, 1] that any one frame is lost. Default 0.</summary>
    public double DropProbability
    {
        get { lock (_gate) { return _dropProbability; } }
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1.0);
            lock (_gate) { _dropProbability = value; }
        }
    }

    /// <summary>Extra one-way delay of every frame. Default zero. Order per connection is kept.</summary>
    public TimeSpan Delay
    {
        get { lock (_gate) { return _delay; } }
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            lock (_gate) { _delay = value; }
        }
    }

    /// <summary>Frames lost so far to blackholes and drop probability; lets tests wait for a loss instead of sleeping.</summary>
    public long DroppedFrames => Interlocked.Read(ref _droppedFrames);

    /// <summary>Silently drops frames between two endpoints in the given direction, as a network partition would.</summary>
    public void Blackhole(string first, string second, FaultDirection direction)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        lock (_gate)
        {
            if (direction is FaultDirection.Send or FaultDirection.Both)
            {
                _blackholes.Add((first, second));
            }

            if (direction is FaultDirection.Receive or FaultDirection.Both)
            {
                _blackholes.Add((second, first));
            }
        }
    }

    /// <summary>Removes every blackhole between the two endpoints, both ways.</summary>
    public void PassThrough(string first, string second)
    {
        lock (_gate)
        {
            _blackholes.Remove((first, second));
            _blackholes.Remove((second, first));
        }
    }

    internal int AllocatePort() => Interlocked.Increment(ref _nextPort);

    internal void Bind(string endpoint, Func<InMemoryFrameConnection, Task> accept)
    {
        if (!_listeners.TryAdd(endpoint, accept))
        {
            throw new IOException($"address already in use: {endpoint}");
        }
    }

    internal void Unbind(string endpoint) => _listeners.TryRemove(endpoint, out _);

    internal bool TryGetListener(string endpoint, out Func<InMemoryFrameConnection, Task> accept) =>
        _listeners.TryGetValue(endpoint, out accept!);

    /// <summary>Decides the fate of one frame: null when it is lost, else the delay it travels with.</summary>
    internal TimeSpan? Route(string from, string to)
    {
        lock (_gate)
        {
            if (_blackholes.Contains((from, to)))
            {
                _droppedFrames++;
                return null;
            }

#pragma warning disable CA5394 // Seeded simulation randomness, see the constructor.
            if (_dropProbability > 0 && _random.NextDouble() < _dropProbability)
#pragma warning restore CA5394
            {
                _droppedFrames++;
                return null;
            }

            return _delay;
        }
    }
}
