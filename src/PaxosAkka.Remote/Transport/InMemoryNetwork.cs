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
/// The wire shared by every <see cref="InMemoryTransport"/> of one test, with the test conductor's fault knobs:
/// <see cref="Blackhole"/> per direction, <see cref="PassThrough"/>, <see cref="DelayLink"/> and
/// <see cref="Throttle"/> per direction, <see cref="Exit"/> of a node, a seeded drop probability and a global delay.
/// Endpoints are named <c>host:port</c>.
/// <para>
/// Two modes. The constructor gives the real-time mode: frames travel through channels and tasks, delays are awaited
/// on the injected <see cref="TimeProvider"/>, and concurrency is real. <see cref="Simulated"/> gives the
/// deterministic mode for seeded simulations: a frame is an event on the virtual clock, due after a seeded latency,
/// and is handed to its receiver inline on the thread that advances the clock, in (due time, send order) order.
/// Remoting then runs its associations inline too (no thread pool), so a whole cluster on a
/// deterministic dispatcher replays bit for bit from its seed.
/// </para>
/// </summary>
public sealed partial class InMemoryNetwork
{
    private readonly Dictionary<string, InMemoryTransport> _listeners = new(StringComparer.Ordinal);
    private readonly HashSet<IInMemoryConnectionEnd> _open = [];
    private readonly InMemoryLinkFaults _faults = new();
    private readonly Lock _gate = new();
    private readonly Random _random;
    private double _dropProbability;
    private TimeSpan _delay;
    private int _nextPort = 20000;
    private long _droppedFrames;

    /// <summary>Creates a network in the real-time mode.</summary>
    /// <param name="seed">Seeds the drop decisions, so a simulated run replays exactly.</param>
    /// <param name="timeProvider">The clock delays are measured on; virtual time in simulations.</param>
    public InMemoryNetwork(int seed = 0, TimeProvider? timeProvider = null)
    {
        Seed = seed;
#pragma warning disable CA5394 // Simulated packet loss must replay from its seed; this is not security randomness.
        _random = new Random(seed);
#pragma warning restore CA5394
        TimeProvider = timeProvider ?? TimeProvider.System;
    }

    public TimeProvider TimeProvider { get; }

    /// <summary>The seed every random decision of this network derives from.</summary>
    public int Seed { get; }

    /// <summary>True for a network made by <see cref="Simulated"/>: frames are events on the virtual clock.</summary>
    public bool IsSimulated => _simulation is not null;

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

    /// <summary>Frames lost so far to blackholes, exits and drop probability; lets tests wait for a loss instead of sleeping.</summary>
    public long DroppedFrames => Interlocked.Read(ref _droppedFrames);

    /// <summary>Silently drops frames between two endpoints in the given direction, as a network partition would.</summary>
    public void Blackhole(string first, string second, FaultDirection direction) =>
        ApplyFault(first, second, direction, _faults.Blackhole);

    /// <summary>Adds <paramref name="delay"/> to every frame between the two endpoints in the given direction.</summary>
    public void DelayLink(string first, string second, FaultDirection direction, TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        ApplyFault(first, second, direction, link => _faults.Delay(link, delay));
    }

    /// <summary>
    /// Limits the link between the two endpoints to <paramref name="bytesPerSecond"/> in the given direction: frames
    /// leave one after another at that rate (Akka's Throttle). A rate of zero is a <see cref="Blackhole"/>.
    /// </summary>
    public void Throttle(string first, string second, FaultDirection direction, double bytesPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytesPerSecond);
        if (bytesPerSecond == 0)
        {
            Blackhole(first, second, direction);
            return;
        }

        ApplyFault(first, second, direction, link => _faults.Throttle(link, bytesPerSecond));
    }

    /// <summary>Removes every fault (blackhole, delay, throttle) between the two endpoints, both ways.</summary>
    public void PassThrough(string first, string second) =>
        ApplyFault(first, second, FaultDirection.Both, _faults.Clear);

    /// <summary>
    /// The node listening at <paramref name="endpoint"/> dies, as with SIGKILL: it stops listening, its own
    /// connections break at once, it can connect nowhere, and its peers see their connections reset when the reset
    /// reaches them (not across a blackhole). Another transport may bind the endpoint afterwards (a restart).
    /// </summary>
    public void Exit(string endpoint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpoint);
        InMemoryTransport? node;
        List<IInMemoryConnectionEnd> affected;
        lock (_gate)
        {
            _listeners.Remove(endpoint, out node);
            affected = [.. _open.Where(e => e.Local == endpoint || e.Remote == endpoint)];
        }

        node?.MarkExited();
        foreach (var end in affected.Where(e => e.Local == endpoint))
        {
            end.Abort();
        }

        foreach (var end in affected.Where(e => e.Local != endpoint))
        {
            if (end is InMemorySimulatedConnection simulated)
            {
                Submit(simulated.Remote, simulated, FlightKind.Reset, frame: null);
            }
            else
            {
                end.Abort();
            }
        }
    }

    private void ApplyFault(string first, string second, FaultDirection direction, Action<(string From, string To)> apply)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(first);
        ArgumentException.ThrowIfNullOrWhiteSpace(second);
        lock (_gate)
        {
            foreach (var link in InMemoryLinkFaults.Links(first, second, direction))
            {
                apply(link);
            }
        }
    }

    internal int AllocatePort() => Interlocked.Increment(ref _nextPort);

    internal void Bind(string endpoint, InMemoryTransport transport)
    {
        lock (_gate)
        {
            if (!_listeners.TryAdd(endpoint, transport))
            {
                throw new IOException($"address already in use: {endpoint}");
            }
        }
    }

    internal void Unbind(string endpoint, InMemoryTransport transport)
    {
        lock (_gate)
        {
            if (_listeners.TryGetValue(endpoint, out var bound) && ReferenceEquals(bound, transport))
            {
                _listeners.Remove(endpoint);
            }
        }
    }

    internal bool TryGetListener(string endpoint, out InMemoryTransport listener)
    {
        lock (_gate)
        {
            return _listeners.TryGetValue(endpoint, out listener!);
        }
    }

    /// <summary>Tracks an open connection end, so <see cref="Exit"/> can break it.</summary>
    internal void Opened(IInMemoryConnectionEnd end)
    {
        lock (_gate)
        {
            _open.Add(end);
        }
    }

    internal void Closed(IInMemoryConnectionEnd end)
    {
        lock (_gate)
        {
            _open.Remove(end);
        }
    }

    internal void CountDropped() => Interlocked.Increment(ref _droppedFrames);

    /// <summary>Real-time mode: decides the fate of one frame: null when it is lost, else the delay it travels with.</summary>
    internal TimeSpan? Route(string from, string to, int length)
    {
        lock (_gate)
        {
            if (_faults.IsBlackholed(from, to))
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

            var now = TimeProvider.GetUtcNow().UtcTicks;
            return _delay + TimeSpan.FromTicks(_faults.ExtraTicks(from, to, length, now));
        }
    }
}

/// <summary>One end of an in-memory connection, as the network sees it.</summary>
internal interface IInMemoryConnectionEnd
{
    /// <summary>The endpoint this end belongs to (a node's listening <c>host:port</c>).</summary>
    string Local { get; }

    /// <summary>The endpoint of the other end.</summary>
    string Remote { get; }

    /// <summary>The connection is reset under this end: reads end, writes fail.</summary>
    void Abort();
}
