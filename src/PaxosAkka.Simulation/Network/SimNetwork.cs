namespace PaxosAkka.Simulation.Network;

/// <summary>A message in flight: who sent it, who gets it, and the tick it arrives.</summary>
internal readonly record struct Packet<T>(int From, int To, T Payload, long DeliverAt);

/// <summary>
/// The simulated network: a priority queue of packets ordered by arrival tick, then by send order (so two
/// runs with one seed deliver in one order). Drops, duplicates, delays, long delays and partitions are
/// drawn from the simulator's <see cref="SimRandom"/>. A partition cuts a link both when a message is sent
/// and when it would arrive, like a cable pulled while packets are on the wire.
/// </summary>
internal sealed class SimNetwork<T>
{
    private readonly PriorityQueue<Packet<T>, (long DeliverAt, long Sequence)> _inFlight = new();
    private readonly SimRandom _random;
    private long _sequence;

    public SimNetwork(SimRandom random, NetworkFaults faults)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(faults);
        _random = random;
        Faults = faults;
    }

    /// <summary>The fault model; replaced by <see cref="NetworkFaults.None"/> when the quiet phase starts.</summary>
    public NetworkFaults Faults { get; set; }

    public NetworkPartition Partition { get; set; } = NetworkPartition.Healed;

    public int InFlight => _inFlight.Count;

    public long Sent { get; private set; }

    public long Delivered { get; private set; }

    public long Dropped { get; private set; }

    public long Duplicated { get; private set; }

    /// <summary>Queues a message sent at tick <paramref name="now"/>, after applying drop and duplicate faults.</summary>
    public void Send(int from, int to, T payload, long now)
    {
        Sent++;
        if (!Partition.CanCommunicate(from, to) || _random.Chance(Faults.DropProbability))
        {
            Dropped++;
            return;
        }

        Enqueue(from, to, payload, now);
        if (_random.Chance(Faults.DuplicateProbability))
        {
            Duplicated++;
            Enqueue(from, to, payload, now);
        }
    }

    /// <summary>
    /// Takes the next packet due at or before <paramref name="now"/>, skipping (and counting as dropped) those
    /// the current partition cuts. Returns false when nothing more is due this tick.
    /// </summary>
    public bool TryReceive(long now, out Packet<T> packet)
    {
        while (_inFlight.TryPeek(out var next, out var key) && key.DeliverAt <= now)
        {
            _inFlight.Dequeue();
            if (!Partition.CanCommunicate(next.From, next.To))
            {
                Dropped++;
                continue;
            }

            Delivered++;
            packet = next;
            return true;
        }

        packet = default;
        return false;
    }

    /// <summary>Puts a packet back for a later tick, e.g. because its receiver is paused and not reading.</summary>
    public void Defer(Packet<T> packet, long deliverAt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(deliverAt, packet.DeliverAt);
        Delivered--;
        _inFlight.Enqueue(packet with { DeliverAt = deliverAt }, (deliverAt, _sequence++));
    }

    /// <summary>Counts a delivered packet as lost after all, e.g. because its receiver had crashed.</summary>
    public void Lose()
    {
        Delivered--;
        Dropped++;
    }

    private void Enqueue(int from, int to, T payload, long now)
    {
        var delay = _random.Chance(Faults.LongDelayProbability)
            ? _random.Between(Faults.MaxDelayTicks, Math.Max(Faults.MaxDelayTicks, Faults.LongDelayMaxTicks))
            : _random.Between(Faults.MinDelayTicks, Faults.MaxDelayTicks);
        var deliverAt = now + Math.Max(1, delay);
        _inFlight.Enqueue(new Packet<T>(from, to, payload, deliverAt), (deliverAt, _sequence++));
    }
}
