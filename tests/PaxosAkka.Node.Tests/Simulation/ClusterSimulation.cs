using System.Globalization;
using PaxosAkka.Actors;
using PaxosAkka.Consensus;
using PaxosAkka.Hocon;
using PaxosAkka.Linearizability;
using PaxosAkka.Node.Client;
using PaxosAkka.Node.Configuration;
using PaxosAkka.Node.Roles;
using PaxosAkka.Node.Simulation;
using PaxosAkka.Node.Storage;
using PaxosAkka.TestKit;

namespace PaxosAkka.Node.Tests.Simulation;

/// <summary>
/// A whole cluster of real nodes — the real <see cref="NodeSupervisor"/> and role actors and the real
/// <see cref="PaxosKvService"/> — in one process on one thread (TigerBeetle/FoundationDB style): every node's actor
/// system runs on one <see cref="DeterministicDispatcher"/> (through a <see cref="SimulatedNodeDispatcher"/> that can
/// pause or kill it) and one <see cref="ManualTimeProvider"/>, the nodes talk over a <see cref="SimulatedNetwork"/>,
/// and the acceptors write to <see cref="InMemoryAcceptorDisk"/>s that lose unflushed writes on a crash. Clients run
/// seeded operations while faults (crashes and restarts, pauses, partitions, lost messages) are injected; every
/// slot any store applies is checked against every other store's (agreement), and the clients' history is checked
/// for linearizability at the end. Every random choice comes from the seed, so a failing seed replays exactly.
/// </summary>
internal sealed partial class ClusterSimulation : IDisposable
{
    private readonly int _seed;
    private readonly ClusterSimulationOptions _options;
    private readonly ManualTimeProvider _clock = new();
    private readonly DeterministicDispatcher _dispatcher;
    private readonly SimulatedNetwork _network;
    private readonly Random _faultRandom;
    private readonly Random _clientRandom;
    private readonly NodeSlot[] _nodes;
    private readonly List<string> _violations = [];
    private readonly List<string> _trace = [];
    private readonly Dictionary<long, SlotValue> _chosen = [];
    private readonly List<Incarnation> _incarnations = [];
    private long _steps;

    public ClusterSimulation(int seed, ClusterSimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Nodes, 1);
        _seed = seed;
        _options = options;
        var master = new Random(seed);
        _dispatcher = new DeterministicDispatcher(master.Next(), _clock);
        _network = new SimulatedNetwork(_clock, new Random(master.Next()), options.Network);
        _faultRandom = new Random(master.Next());
        _clientRandom = new Random(master.Next());
        if (options.Trace)
        {
            _network.Trace = Record;
        }

        int[] ids = [.. Enumerable.Range(1, options.Nodes)];
        _nodes = [.. ids.Select(id => new NodeSlot(id, SettingsFor(id, ids, options.RequestTimeout), new InMemoryAcceptorDisk(options.FlushPolicy)))];
        _clients = [.. Enumerable.Range(1, options.Clients).Select(id => new SimClient(id))];
    }

    private TimeSpan Now => _clock.Elapsed;

    /// <summary>Runs the whole scenario and checks it; never throws for a safety violation (the outcome lists them).</summary>
    public SimulationOutcome Run()
    {
        // Without a synchronization context (xunit installs one on its test threads), .NET runs the continuations of
        // timer-completed tasks — the service's timeouts and resubmits — inline on this pumping thread instead of
        // posting them to the thread pool; that is what keeps the client path reproducible.
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return RunWithoutContext();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    private SimulationOutcome RunWithoutContext()
    {
        foreach (var node in _nodes)
        {
            Start(node);
        }

        var faultsEnd = _clock.Start + _options.FaultWindow;
        var end = faultsEnd + _options.SettleTime;
        foreach (var client in _clients)
        {
            client.NextActionAt = _clock.Start + TimeSpan.FromMilliseconds(_clientRandom.Next(0, 200));
        }

        _nextFaultAt = _clock.Start + NextFaultDelay();
        bool faultsOver = false;
        while (_violations.Count == 0)
        {
            if (_steps >= _options.MaxSteps)
            {
                _violations.Add($"step budget of {_options.MaxSteps} mailbox turns exhausted at {Now.TotalMilliseconds:0} ms (livelock?)");
                break;
            }

            if (_dispatcher.RunNext())
            {
                _steps++;
                AfterStep();
                continue;
            }

            if (_clients.All(c => c.Done))
            {
                break;
            }

            var next = Earliest(_clock.NextDueTime, NextClientAction(), faultsOver ? null : Earliest(_nextFaultAt, faultsEnd), NextRecovery());
            if (next is not { } due || due > end)
            {
                break;
            }

            _clock.AdvanceTo(due);
            if (_options.Trace)
            {
                Record($"time advanced; {_dispatcher.PendingCount} turns runnable after {_steps} turns");
            }

            AfterStep();
            if (!faultsOver && due >= faultsEnd)
            {
                faultsOver = true;
                RecoverEverything();
            }

            RunDueRecoveries(due);
            if (!faultsOver && due >= _nextFaultAt)
            {
                InjectFault();
                _nextFaultAt = due + NextFaultDelay();
            }

            RunDueClients(due);
        }

        CheckNodesStayed();
        if (_network.ForeignThreadSends > 0)
        {
            _violations.Add($"determinism: {_network.ForeignThreadSends} messages were sent from threads other than the simulation's");
        }

        CheckHistory();
        return new SimulationOutcome(_seed, [.. _violations], Stats(), [.. _trace]);
    }

    public void Dispose()
    {
        _network.Dispose();
        _dispatcher.Dispose();
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : (a < b ? a : b);

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b, DateTimeOffset? c, DateTimeOffset? d) =>
        Earliest(Earliest(a, b), Earliest(c, d));

    private void Start(NodeSlot node)
    {
        int incarnation = ++node.Incarnations;
        var gate = new SimulatedNodeDispatcher(_dispatcher);
        var clock = new SimulatedNodeClock(_clock);
        var system = ActorSystem.Create(PaxosAkka.Node.Hosting.PaxosNodeRuntime.SystemName, new ActorSystemSetup { TimeProvider = clock, Dispatcher = gate });
        _network.Attach(node.Id, system);
        var router = new SimulatedRoleRouter(node.Id, _network);
        var pending = new PendingRequests();
        var board = new NodeStatusBoard();
        var context = new NodeContext(node.Settings, router, node.Disk.Open, pending, board)
        {
            OnApplied = entry => OnApplied(node.Id, incarnation, entry),
        };
        system.ActorOf(NodeSupervisor.Props(context), RoleNames.Node);
        var service = new PaxosKvService(node.Settings, router, pending, board, "sim" + incarnation.ToString(CultureInfo.InvariantCulture), clock)
        {
            // Read-index answers arrive on the store's turn, so the pumping thread usually sees them at once (see
            // ClusterSimulationOptions.ReadIndexReads for the known gap).
            ReadIndexReads = _options.ReadIndexReads || _options.BrokenLocalReads,
            InlineReadAnswers = true,
            BrokenLocalReads = _options.BrokenLocalReads,
        };
        node.Current = new Incarnation(incarnation, gate, clock, system, service, board);
        _incarnations.Add(node.Current);
        Record($"n{node.Id} starts incarnation {incarnation}");
    }

    private void OnApplied(int node, int incarnation, ChosenEntry entry)
    {
        var slot = _nodes[node - 1];
        if (slot.Current is not { } current || current.Number != incarnation)
        {
            _violations.Add($"node {node} incarnation {incarnation} applied slot {entry.Slot} after it crashed");
            return;
        }

        if (entry.Slot != current.AppliedSlot + 1)
        {
            _violations.Add($"node {node} applied slot {entry.Slot} after slot {current.AppliedSlot} (not in slot order)");
        }

        current.AppliedSlot = entry.Slot;
        if (_options.Trace)
        {
            Record($"n{node}.{incarnation} applies slot {entry.Slot}: [{string.Join(", ", entry.Value.Commands.Select(c => c.Id.ClientId))}]");
        }

        // Agreement (Paxos Made Simple §2.1, safety): a slot has one chosen value, whichever store applies it.
        if (_chosen.TryGetValue(entry.Slot, out var earlier))
        {
            if (!earlier.Equals(entry.Value))
            {
                _violations.Add(
                    $"agreement: node {node} applied slot {entry.Slot} = [{Describe(entry.Value)}] but another store applied [{Describe(earlier)}]");
            }
        }
        else
        {
            _chosen[entry.Slot] = entry.Value;
        }

        NoteApplied(node, incarnation, entry);
    }

    private static string Describe(SlotValue value) => string.Join(", ", value.Commands.Select(c => c.Id.ToString()));

    private void CheckNodesStayed()
    {
        long foreign = _incarnations.Sum(i => i.Gate.ForeignThreadTurns);
        if (foreign > 0)
        {
            _violations.Add($"determinism: {foreign} mailbox turns were scheduled from threads other than the simulation's");
        }

        foreach (var node in _nodes)
        {
            if (node.Current?.System.CoordinatedShutdown.ShutdownReason is { } reason)
            {
                // A node that leaves on its own lost a role actor for good: a bug under these faults, and its shutdown
                // runs on the thread pool, so the run is no longer reproducible from there on.
                _violations.Add($"node {node.Id} shut itself down ({reason.GetType().Name})");
            }
        }
    }

    private void Record(string line)
    {
        if (_options.Trace)
        {
            _trace.Add($"{Now.TotalMilliseconds,8:0.000} {line}");
        }
    }

    private SimulationStats Stats() => new()
    {
        Steps = _steps,
        VirtualTime = Now,
        Crashes = _crashes,
        Pauses = _pauses,
        Partitions = _partitions,
        Succeeded = _clients.Sum(c => c.Succeeded),
        Unknown = _clients.Sum(c => c.Unknown),
        Retries = _clients.Sum(c => c.Retries),
        ReadIndexReads = _incarnations.Sum(i => i.Service.ReadsServedByIndex),
        SlotsChosen = _chosen.Count,
        MessagesSent = _network.Sent,
        MessagesDropped = _network.Dropped,
    };

    private static NodeSettings SettingsFor(int id, int[] ids, TimeSpan requestTimeout)
    {
        // Ports are never bound: the simulated network routes by node id. Timings are the defaults but for a
        // shorter request timeout, so a run sees several timeouts and retries within seconds of virtual time.
        string members = string.Join(", ", ids.Select(m => $"{{ id = {m}, host = \"127.0.0.1\", remote-port = {9100 + m}, http-port = {8080 + m} }}"));
        var config = ConfigurationFactory.ParseString(
            $$"""
            paxos.node {
              id = {{id}}
              data-dir = "unused-in-simulation"
              members = [ {{members}} ]
              acceptors = [ {{string.Join(", ", ids)}} ]
              request-timeout = {{(long)requestTimeout.TotalMilliseconds}}ms
            }
            """,
            $"simulated node {id}");
        return NodeSettings.Create(config);
    }

    private sealed class NodeSlot(int id, NodeSettings settings, InMemoryAcceptorDisk disk)
    {
        public int Id { get; } = id;

        public NodeSettings Settings { get; } = settings;

        public InMemoryAcceptorDisk Disk { get; } = disk;

        public int Incarnations { get; set; }

        /// <summary>The running (or paused) incarnation; null while the node is down.</summary>
        public Incarnation? Current { get; set; }
    }

    private sealed record Incarnation(int Number, SimulatedNodeDispatcher Gate, SimulatedNodeClock Clock, ActorSystem System, PaxosKvService Service, NodeStatusBoard Board)
    {
        public long AppliedSlot { get; set; } = -1;
    }
}
