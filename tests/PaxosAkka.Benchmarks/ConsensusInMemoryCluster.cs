using System.Collections.Immutable;
using PaxosAkka.Consensus;

namespace PaxosAkka.Benchmarks;

/// <summary>
/// A cluster of <see cref="PaxosNode"/>s wired by one plain FIFO queue: no I/O, no threads, no clock,
/// no faults. It measures the consensus core alone, the ceiling that every layer above (actors, remoting,
/// journals) is compared with. "Persisting" a Ready only records the promise and counts the entries, as an
/// append-only journal would take them; the real cost of durability belongs to the persistence benchmarks.
/// </summary>
public sealed class ConsensusInMemoryCluster
{
    // Generous bound on delivered messages per pump; only a livelock could reach it.
    private const long MaxDeliveries = 100_000_000;

    private readonly PaxosNode[] _nodes;
    private readonly Ballot[] _promised;
    private readonly long[] _applied;
    private readonly Queue<PaxosMessage> _network = new();

    /// <summary>Creates <paramref name="nodeCount"/> symmetric nodes (each proposer, acceptor and learner).</summary>
    public ConsensusInMemoryCluster(int nodeCount, ProposerOptions proposerOptions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodeCount, 1);
        ArgumentNullException.ThrowIfNull(proposerOptions);
        var topology = PaxosTopology.Symmetric(nodeCount);
        _nodes = [.. topology.AllNodes.Select(id =>
            new PaxosNode(id, topology, proposerOptions, LearnerOptions.Default, AcceptorDurableState.Empty))];
        _promised = new Ballot[_nodes.Length];
        _applied = new long[_nodes.Length];
    }

    /// <summary>The node that leads after <see cref="ElectLeader"/>.</summary>
    public PaxosNode Leader => _nodes[0];

    /// <summary>Accepted entries handed to "stable storage" so far, over all nodes.</summary>
    public long PersistedEntries { get; private set; }

    /// <summary>Commands each learner has delivered so far, by node.</summary>
    public IReadOnlyList<long> Applied => _applied;

    /// <summary>Makes node 0 run phase 1 and pumps until it leads.</summary>
    /// <exception cref="InvalidOperationException">Phase 1 did not complete (a core bug).</exception>
    public void ElectLeader()
    {
        Leader.Campaign();
        Pump();
        if (!Leader.IsLeader)
        {
            throw new InvalidOperationException("node 0 did not become leader in a fault-free cluster");
        }
    }

    /// <summary>Delivers messages and drains Readies until nothing is left to do.</summary>
    /// <exception cref="InvalidOperationException">The cluster never went quiet (livelock).</exception>
    public void Pump()
    {
        long delivered = 0;
        while (true)
        {
            var progressed = false;
            for (var i = 0; i < _nodes.Length; i++)
            {
                progressed |= Drain(i);
            }

            if (_network.Count == 0 && !progressed)
            {
                return;
            }

            while (_network.TryDequeue(out var message))
            {
                _nodes[message.To].Step(message);
                if (++delivered > MaxDeliveries)
                {
                    throw new InvalidOperationException($"cluster did not settle within {MaxDeliveries} deliveries");
                }
            }
        }
    }

    private bool Drain(int i)
    {
        var node = _nodes[i];
        if (!node.HasReady)
        {
            return false;
        }

        var ready = node.GetReady();

        // The Ready contract: durable state first, then messages, then applying chosen commands.
        if (ready.PromiseToPersist is { } promise)
        {
            _promised[i] = Ballot.Max(_promised[i], promise);
        }

        PersistedEntries += ready.EntriesToPersist.Length;
        foreach (var message in ready.Messages)
        {
            _network.Enqueue(message);
        }

        foreach (var entry in ready.CommittedEntries)
        {
            _applied[i] += entry.Value.Commands.Length;
        }

        node.Advance(ready);
        return true;
    }

    /// <summary>Builds <paramref name="count"/> distinct client commands with a small payload.</summary>
    public static ImmutableArray<Command> Commands(int count, int payloadBytes = 16)
    {
        var commands = ImmutableArray.CreateBuilder<Command>(count);
        for (var i = 0; i < count; i++)
        {
            var payload = new byte[payloadBytes];
            BitConverter.TryWriteBytes(payload, i);
            commands.Add(new Command(new CommandId("bench", i), payload));
        }

        return commands.MoveToImmutable();
    }
}
