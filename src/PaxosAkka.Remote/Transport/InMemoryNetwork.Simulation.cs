namespace PaxosAkka.Remote.Transport;

/// <summary>Timing of a simulated <see cref="InMemoryNetwork"/>; all of it replays from the network's seed.</summary>
public sealed record InMemorySimulationOptions
{
    /// <summary>Base one-way latency of every frame. Default 1 ms.</summary>
    public TimeSpan Latency { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Extra latency drawn uniformly from [0, Jitter) per frame, from a seeded PRNG per link. Default 1 ms.</summary>
    public TimeSpan Jitter { get; init; } = TimeSpan.FromMilliseconds(1);

    internal InMemorySimulationOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Latency, TimeSpan.Zero, nameof(Latency));
        ArgumentOutOfRangeException.ThrowIfLessThan(Jitter, TimeSpan.Zero, nameof(Jitter));
        return this;
    }
}

/// <summary>What travels in one simulated flight: a frame, an orderly close (FIN) or a reset (the sender died).</summary>
internal enum FlightKind
{
    Data,
    Fin,
    Reset,
}

/// <summary>The deterministic mode: frames are events on the virtual clock (see <see cref="InMemoryNetwork"/>).</summary>
public sealed partial class InMemoryNetwork
{
    private readonly PriorityQueue<Flight, (long Due, long Sequence)> _inFlight = new();
    private readonly Dictionary<(string From, string To), Random> _linkRandom = [];
    private readonly Dictionary<(string From, string To), long> _lastDue = [];
    private InMemorySimulationOptions? _simulation;
    private ITimer? _deliveryTimer;
    private long? _armedDue;
    private long _sequence;
    private long _deliveredFrames;
    private ulong _traceDigest = FnvOffset;

    private const ulong FnvOffset = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    /// <summary>
    /// A network in the deterministic mode. Drive <paramref name="clock"/> (a manual clock) from one thread: frames due
    /// at an instant are handed to their receivers inline, in (due time, send order) order, while the clock passes it.
    /// </summary>
    public static InMemoryNetwork Simulated(int seed, TimeProvider clock, InMemorySimulationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var network = new InMemoryNetwork(seed, clock) { _simulation = (options ?? new InMemorySimulationOptions()).Validate() };
        network._deliveryTimer = clock.CreateTimer(
            static s => ((InMemoryNetwork)s!).DeliverDue(), network, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        return network;
    }

    /// <summary>Simulated mode: frames, closes and resets handed to receivers so far.</summary>
    public long DeliveredFrames => Interlocked.Read(ref _deliveredFrames);

    /// <summary>
    /// Simulated mode: a running hash of every delivery (virtual time, link, kind, size). Two runs with the same seed
    /// and the same script must end with the same digest; it is the cheapest whole-run determinism check.
    /// </summary>
    public ulong TraceDigest
    {
        get { lock (_gate) { return _traceDigest; } }
    }

    /// <summary>Frames sent or scheduled but not yet delivered.</summary>
    public int InFlightCount
    {
        get { lock (_gate) { return _inFlight.Count; } }
    }

    /// <summary>
    /// Puts one flight on the wire from endpoint <paramref name="from"/> to the connection end <paramref name="to"/>.
    /// Blackholes drop everything, drop probability only frames; order per link is kept whatever the jitter.
    /// </summary>
    internal void Submit(string from, InMemorySimulatedConnection to, FlightKind kind, byte[]? frame)
    {
        var options = _simulation ?? throw new InvalidOperationException("not a simulated network");
        var link = (from, to.Local);
        lock (_gate)
        {
            if (_faults.IsBlackholed(from, to.Local))
            {
                _droppedFrames += kind == FlightKind.Data ? 1 : 0;
                return;
            }

            var random = LinkRandom(link);
#pragma warning disable CA5394 // Seeded simulation randomness: the run must replay from its seed.
            if (kind == FlightKind.Data && _dropProbability > 0 && random.NextDouble() < _dropProbability)
            {
                _droppedFrames++;
                return;
            }

            var now = TimeProvider.GetUtcNow().UtcTicks;
            var length = frame?.Length ?? 0;
            var due = now + options.Latency.Ticks + (long)(random.NextDouble() * options.Jitter.Ticks)
                + _delay.Ticks + _faults.ExtraTicks(from, to.Local, length, now);
#pragma warning restore CA5394
            if (_lastDue.TryGetValue(link, out var last) && last > due)
            {
                due = last; // A TCP stream never overtakes itself.
            }

            _lastDue[link] = due;
            _inFlight.Enqueue(new Flight(from, to, kind, frame), (due, ++_sequence));
            if (_armedDue is not { } armed || due < armed)
            {
                _armedDue = due;
                _deliveryTimer!.Change(TimeSpan.FromTicks(Math.Max(0, due - now)), Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>The delivery timer fired: hands over every flight due by now, one at a time, outside the lock.</summary>
    private void DeliverDue()
    {
        lock (_gate)
        {
            _armedDue = null;
        }

        while (true)
        {
            Flight flight;
            lock (_gate)
            {
                var now = TimeProvider.GetUtcNow().UtcTicks;
                if (!_inFlight.TryPeek(out flight, out var at) || at.Due > now)
                {
                    if (_inFlight.Count > 0 && (_armedDue is not { } armed || at.Due < armed))
                    {
                        _armedDue = at.Due;
                        _deliveryTimer!.Change(TimeSpan.FromTicks(at.Due - now), Timeout.InfiniteTimeSpan);
                    }

                    return;
                }

                _inFlight.Dequeue();
                _deliveredFrames++;
                _traceDigest = Digest(_traceDigest, at.Due, flight);
            }

            // Inline: the receiver's continuation (handshake, envelope delivery to actors) runs right here, on the
            // thread that advances the clock, which is what makes the run deterministic.
            flight.To.Arrive(flight.Kind, flight.Frame);
        }
    }

    private Random LinkRandom((string From, string To) link)
    {
        if (!_linkRandom.TryGetValue(link, out var random))
        {
            // string.GetHashCode is randomized per process; a run must replay in another process too.
            var mixed = StableHash(link.From) * 31 + StableHash(link.To) + (ulong)(uint)Seed * FnvPrime;
#pragma warning disable CA5394 // Seeded simulation randomness.
            random = new Random(unchecked((int)(mixed ^ (mixed >> 32))));
#pragma warning restore CA5394
            _linkRandom[link] = random;
        }

        return random;
    }

    private static ulong Digest(ulong hash, long due, Flight flight)
    {
        hash = Mix(hash, (ulong)due);
        hash = Mix(hash, StableHash(flight.From));
        hash = Mix(hash, StableHash(flight.To.Local));
        hash = Mix(hash, (ulong)flight.Kind);
        return Mix(hash, (ulong)(flight.Frame?.Length ?? -1));
    }

    private static ulong Mix(ulong hash, ulong value) => unchecked((hash ^ value) * FnvPrime);

    private static ulong StableHash(string text)
    {
        var hash = FnvOffset;
        foreach (var c in text)
        {
            hash = Mix(hash, c);
        }

        return hash;
    }

    private readonly record struct Flight(string From, InMemorySimulatedConnection To, FlightKind Kind, byte[]? Frame);
}
