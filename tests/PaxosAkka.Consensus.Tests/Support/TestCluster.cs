namespace PaxosAkka.Consensus.Tests.Support;

/// <summary>
/// A tiny deterministic in-memory network of <see cref="PaxosNode"/>s for the core's own scenario tests (the
/// full fault simulator lives in PaxosAkka.Simulation). It honours the Ready contract: each Ready is folded
/// into the node's "disk" before its messages enter the network, and it checks Agreement on every delivery.
/// </summary>
internal sealed class TestCluster
{
    private readonly Dictionary<int, AcceptorDurableState> _disks = [];
    private readonly Random _random;
    private readonly List<PaxosMessage> _network = [];
    private readonly Dictionary<int, List<ChosenEntry>> _snapshots = [];

    public TestCluster(
        PaxosTopology topology,
        int seed = 1,
        ProposerOptions? proposerOptions = null,
        LearnerOptions? learnerOptions = null,
        AcceptorOptions? acceptorOptions = null)
    {
        AcceptorOptions = acceptorOptions ?? AcceptorOptions.Default;
        Topology = topology;
        _random = new Random(seed);
        ProposerOptions = proposerOptions ?? ProposerOptions.Default;
        LearnerOptions = learnerOptions ?? LearnerOptions.Default;
        foreach (int id in topology.AllNodes)
        {
            _disks[id] = AcceptorDurableState.Empty;
            Nodes[id] = NewNode(id);
            Delivered[id] = [];
        }
    }

    public PaxosTopology Topology { get; }

    public ProposerOptions ProposerOptions { get; }

    public LearnerOptions LearnerOptions { get; }

    public AcceptorOptions AcceptorOptions { get; }

    public Dictionary<int, PaxosNode> Nodes { get; } = [];

    /// <summary>What each node's learner delivered, in order (reset when it restarts).</summary>
    public Dictionary<int, List<ChosenEntry>> Delivered { get; } = [];

    /// <summary>Every value any learner ever delivered per slot: the one true log.</summary>
    public SortedDictionary<long, SlotValue> Log { get; } = [];

    public List<(int Node, ProposerEvent Event)> Events { get; } = [];

    public HashSet<int> Down { get; } = [];

    /// <summary>While non-empty, messages between this side and the rest are lost (a network partition).</summary>
    public HashSet<int> PartitionSide { get; } = [];

    /// <summary>Probability that a message is dropped (0 by default).</summary>
    public double DropRate { get; set; }

    /// <summary>Probability that a delivered message is also kept for a second delivery.</summary>
    public double DuplicateRate { get; set; }

    /// <summary>When true the next message is picked at random (reordering); otherwise FIFO.</summary>
    public bool Reorder { get; set; }

    /// <summary>Deliberately broken storage: a restarted node recovers nothing (violates Paxos Made Simple §2.3).</summary>
    public bool ForgetDiskOnRestart { get; set; }

    public int NetworkSize => _network.Count;

    /// <summary>Messages in the network, oldest first.</summary>
    public IReadOnlyList<PaxosMessage> Network => _network;

    /// <summary>Called for every message handed to a node (for transcripts).</summary>
    public Action<PaxosMessage>? OnDeliver { get; set; }

    /// <summary>Called for every Ready a node produced, after it was persisted (for transcripts).</summary>
    public Action<int, Ready>? OnReady { get; set; }

    public AcceptorDurableState Disk(int id) => _disks[id];

    public void Campaign(int id)
    {
        Nodes[id].Campaign();
        Pump(id);
    }

    public void Propose(int id, Command command)
    {
        Nodes[id].Propose(command);
        Pump(id);
    }

    public void Tick()
    {
        foreach (var (id, node) in Nodes)
        {
            if (!Down.Contains(id))
            {
                node.Tick();
                Pump(id);
            }
        }
    }

    /// <summary>Snapshot point reached: the acceptor and its disk drop entries below <paramref name="belowSlot"/>.</summary>
    public void Compact(int id, long belowSlot)
    {
        Nodes[id].Acceptor?.Compact(belowSlot);
        _disks[id] = _disks[id].CompactBelow(belowSlot);
    }

    /// <summary>
    /// Every node takes a durable snapshot of the log below the lowest slot all learners delivered, then
    /// compacts its acceptor there. A restarted node restores its snapshot, so no slot below it is needed again.
    /// </summary>
    public void SnapshotAll()
    {
        long below = Nodes.Values.Where(n => n.Learner is not null).Min(n => n.Learner!.FirstUnchosenSlot);
        foreach (int id in Nodes.Keys)
        {
            if (Nodes[id].Learner is not null)
            {
                _snapshots[id] = [.. Log.Where(e => e.Key < below).Select(e => new ChosenEntry(e.Key, e.Value))];
            }

            if (Nodes[id].Acceptor is not null)
            {
                Compact(id, below);
            }
        }
    }
    /// <summary>Crash: the node loses everything but its disk, and restarts from it at once.</summary>
    public void Restart(int id)
    {
        if (ForgetDiskOnRestart)
        {
            _disks[id] = AcceptorDurableState.Empty;
        }

        Nodes[id] = NewNode(id);
        Delivered[id] = [];
        if (_snapshots.TryGetValue(id, out var snapshot) && snapshot.Count > 0)
        {
            Delivered[id].AddRange(snapshot);
            Nodes[id].Learner!.RestoreFrom(snapshot[^1].Slot + 1);
            foreach (var entry in snapshot)
            {
                Nodes[id].Proposer?.ObserveChosen(entry.Slot, entry.Value);
            }
        }
    }

    /// <summary>Delivers up to <paramref name="maxMessages"/> messages; returns how many were delivered.</summary>
    public int Run(int maxMessages = 100_000)
    {
        int delivered = 0;
        while (_network.Count > 0 && delivered < maxMessages)
        {
            int index = Reorder ? _random.Next(_network.Count) : 0;
            var message = _network[index];
            if (_random.NextDouble() >= DuplicateRate)
            {
                _network.RemoveAt(index);
            }

            bool cut = PartitionSide.Count > 0 && PartitionSide.Contains(message.From) != PartitionSide.Contains(message.To);
            if (Down.Contains(message.To) || cut || _random.NextDouble() < DropRate)
            {
                continue;
            }

            OnDeliver?.Invoke(message);
            Nodes[message.To].Step(message);
            Pump(message.To);
            delivered++;
        }

        return delivered;
    }

    /// <summary>Alternates ticks and deliveries until <paramref name="done"/> holds or the tick budget runs out.</summary>
    public bool RunUntil(Func<bool> done, int maxTicks = 500)
    {
        for (int tick = 0; tick < maxTicks; tick++)
        {
            Run(10_000);
            if (done())
            {
                return true;
            }

            Tick();
        }

        return done();
    }

    public void DropAll(Func<PaxosMessage, bool> predicate) => _network.RemoveAll(m => predicate(m));

    public void Pump(int id)
    {
        var node = Nodes[id];
        while (node.HasReady)
        {
            var ready = node.GetReady();
            _disks[id] = _disks[id].Apply(ready);
            OnReady?.Invoke(id, ready);
            foreach (var entry in ready.CommittedEntries)
            {
                Deliver(id, entry);
            }

            foreach (var e in ready.Events)
            {
                Events.Add((id, e));
            }

            _network.AddRange(ready.Messages);
            node.Advance(ready);
        }
    }

    private void Deliver(int id, ChosenEntry entry)
    {
        var delivered = Delivered[id];
        long expected = delivered.Count == 0 ? 0 : delivered[^1].Slot + 1;
        if (entry.Slot != expected)
        {
            throw new InvalidOperationException($"Node {id} delivered slot {entry.Slot} but expected {expected}.");
        }

        if (Log.TryGetValue(entry.Slot, out var known) && !known.Equals(entry.Value))
        {
            throw new InvalidOperationException($"Agreement violated in slot {entry.Slot}: {known} vs {entry.Value}.");
        }

        Log[entry.Slot] = entry.Value;
        delivered.Add(entry);
    }

    private PaxosNode NewNode(int id) => new(id, Topology, ProposerOptions, LearnerOptions, _disks[id], AcceptorOptions);
}
