using PaxosAkka.Actors;
using PaxosAkka.Node.Roles;

namespace PaxosAkka.Node.Simulation;

/// <summary>How the simulated network treats a message between two nodes.</summary>
public sealed record SimulatedNetworkOptions
{
    /// <summary>Shortest one-way delay. Default 1 ms.</summary>
    public TimeSpan MinDelay { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Longest one-way delay (before FIFO ordering). Default 15 ms.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMilliseconds(15);

    /// <summary>Chance that a message is lost (a connection reset takes what was in flight). Default 0.01.</summary>
    public double DropProbability { get; init; } = 0.01;
}

/// <summary>
/// The in-memory transport of the deterministic cluster simulation: it carries role messages between the actor
/// systems of the nodes with a seeded delay, loses some, cuts links for partitions, and delivers in FIFO order per
/// link as the TCP transport does. Deliveries are due times on the shared virtual clock (one timer for the whole
/// network), so the order of every delivery follows from the seed. A message to a node that crashed or restarted
/// while it was in flight is lost, as a broken connection loses it. Single-threaded: the simulation's pumping
/// thread calls it.
/// </summary>
public sealed class SimulatedNetwork : IDisposable
{
    private readonly TimeProvider _clock;
    private readonly Random _random;
    private readonly SimulatedNetworkOptions _options;
    private readonly Dictionary<int, Endpoint> _endpoints = [];
    private readonly HashSet<(int From, int To)> _cut = [];
    private readonly Dictionary<(int From, int To), DateTimeOffset> _lastArrival = [];
    private readonly PriorityQueue<InFlight, (DateTimeOffset Due, long Sequence)> _inFlight = new();
    private readonly ITimer _timer;
    private readonly int _pumpingThread = Environment.CurrentManagedThreadId;
    private long _sequence;
    private int _incarnations;

    /// <summary>Creates the network on the shared virtual <paramref name="clock"/>, drawing delays and losses from <paramref name="random"/>.</summary>
    public SimulatedNetwork(TimeProvider clock, Random random, SimulatedNetworkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(random);
        _clock = clock;
        _random = random;
        _options = options ?? new SimulatedNetworkOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MinDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxDelay, _options.MinDelay);
        _timer = clock.CreateTimer(_ => DeliverDue(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Called with a line for every delivery and loss (the replay trace); null to skip the formatting.</summary>
    public Action<string>? Trace { get; set; }

    /// <summary>Messages handed to the network between different nodes.</summary>
    public long Sent { get; private set; }

    /// <summary>Messages lost (random loss, partition, crash of the recipient).</summary>
    public long Dropped { get; private set; }

    /// <summary>
    /// Sends made from a thread other than the one that created the network (the simulation's pumping thread). Any
    /// means the run depends on thread timing, not only on its seed: the simulation reports it as a failure.
    /// </summary>
    public long ForeignThreadSends { get; private set; }

    /// <summary>Messages in flight now.</summary>
    public int InFlightCount => _inFlight.Count;

    /// <summary>Connects a new incarnation of <paramref name="node"/> (its actor system with the role actors under <c>/user/node</c>).</summary>
    public void Attach(int node, ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        _endpoints[node] = new Endpoint(system, ++_incarnations);
    }

    /// <summary>Disconnects <paramref name="node"/> (it crashed): what is in flight to it is lost.</summary>
    public void Detach(int node) => _endpoints.Remove(node);

    /// <summary>Cuts every link between <paramref name="side"/> and the other nodes of <paramref name="all"/>, both ways.</summary>
    public void Partition(IReadOnlyCollection<int> side, IEnumerable<int> all)
    {
        ArgumentNullException.ThrowIfNull(side);
        ArgumentNullException.ThrowIfNull(all);
        foreach (int other in all.Where(n => !side.Contains(n)))
        {
            foreach (int member in side)
            {
                _cut.Add((member, other));
                _cut.Add((other, member));
            }
        }
    }

    /// <summary>Cuts the one-way link <paramref name="from"/> → <paramref name="to"/>.</summary>
    public void Cut(int from, int to) => _cut.Add((from, to));

    /// <summary>Restores every link.</summary>
    public void Heal() => _cut.Clear();

    /// <summary>True when messages from <paramref name="from"/> to <paramref name="to"/> are lost.</summary>
    public bool IsCut(int from, int to) => _cut.Contains((from, to));

    /// <summary>
    /// Sends <paramref name="message"/> from node <paramref name="from"/> to the <paramref name="role"/> actor of node
    /// <paramref name="to"/>. Within a node it is an ordinary local Tell; between nodes it travels with a delay and
    /// without a sender (replies go through the router by node id, never around the network).
    /// </summary>
    public void Send(int from, int to, string role, object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(role);
        ArgumentNullException.ThrowIfNull(message);
        if (Environment.CurrentManagedThreadId != _pumpingThread)
        {
            ForeignThreadSends++;
        }

        if (!_endpoints.TryGetValue(to, out var target))
        {
            Lose(from, to, role, message, "recipient down");
            return;
        }

        if (from == to)
        {
            Deliver(target, role, message, sender);
            return;
        }

        Sent++;
        if (IsCut(from, to))
        {
            Lose(from, to, role, message, "partitioned");
            return;
        }

        if (_options.DropProbability > 0 && _random.NextDouble() < _options.DropProbability)
        {
            Lose(from, to, role, message, "lost");
            return;
        }

        var now = _clock.GetUtcNow();
        long spread = (_options.MaxDelay - _options.MinDelay).Ticks;
        var due = now + _options.MinDelay + TimeSpan.FromTicks(spread == 0 ? 0 : _random.NextInt64(spread + 1));
        // FIFO per link, as over one TCP connection: never arrive before an earlier message of the same link.
        if (_lastArrival.TryGetValue((from, to), out var last) && last > due)
        {
            due = last;
        }

        _lastArrival[(from, to)] = due;
        bool earliest = _inFlight.Count == 0 || due < _inFlight.Peek().Due;
        _inFlight.Enqueue(new InFlight(from, to, target.Incarnation, role, message, due), (due, ++_sequence));
        if (earliest)
        {
            _timer.Change(due - now, Timeout.InfiniteTimeSpan);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _timer.Dispose();

    private void DeliverDue()
    {
        var now = _clock.GetUtcNow();
        while (_inFlight.TryPeek(out var next, out _) && next.Due <= now)
        {
            _inFlight.Dequeue();
            if (!_endpoints.TryGetValue(next.To, out var target) || target.Incarnation != next.Incarnation)
            {
                Lose(next.From, next.To, next.Role, next.Message, "recipient restarted or down");
            }
            else if (IsCut(next.From, next.To))
            {
                Lose(next.From, next.To, next.Role, next.Message, "partitioned in flight");
            }
            else
            {
                Trace?.Invoke($"{next.From}->{next.To} {next.Role} {next.Message}");
                Deliver(target, next.Role, next.Message, null);
            }
        }

        if (_inFlight.TryPeek(out var first, out _))
        {
            _timer.Change(first.Due - now, Timeout.InfiniteTimeSpan);
        }
    }

    private void Lose(int from, int to, string role, object message, string why)
    {
        Dropped++;
        Trace?.Invoke($"{from}->{to} {role} {message.GetType().Name} dropped: {why}");
    }

    private static void Deliver(Endpoint target, string role, object message, IActorRef? sender)
    {
        if (!target.Roles.TryGetValue(role, out var actor))
        {
            actor = target.System.ResolveLocal(ActorPath.Parse($"paxos://{target.System.Name}/user/{RoleNames.Node}/{role}"));
            if (actor is null)
            {
                // The node supervisor has not created its children yet (start-up): lost, like a message to a port
                // nobody listens on. Not cached, so the next message tries again.
                target.System.DeadLetters.Tell(message, sender);
                return;
            }

            target.Roles[role] = actor;
        }

        actor.Tell(message, sender);
    }

    private sealed record Endpoint(ActorSystem System, int Incarnation)
    {
        public Dictionary<string, IActorRef> Roles { get; } = [];
    }

    private sealed record InFlight(int From, int To, int Incarnation, string Role, object Message, DateTimeOffset Due);
}
