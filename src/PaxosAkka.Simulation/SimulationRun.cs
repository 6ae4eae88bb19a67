using System.Collections.Immutable;
using PaxosAkka.Consensus;
using PaxosAkka.Simulation.Checking;
using PaxosAkka.Simulation.Network;

namespace PaxosAkka.Simulation;

/// <summary>
/// One simulation run: N real <see cref="PaxosNode"/>s over a simulated network, disk and clock, every choice
/// drawn from one seeded PRNG, invariants checked at every event. Split by concern: this file is the tick
/// loop and message delivery; <c>.Host.cs</c> is the Ready contract; <c>.Faults.cs</c>, <c>.Drivers.cs</c>
/// (elections, clients), <c>.Snapshots.cs</c> (snapshots, compaction, state transfer) and <c>.Quiet.cs</c>
/// (liveness) the rest.
/// </summary>
internal sealed partial class SimulationRun
{
    private readonly SimulationOptions _options;
    private readonly SimRandom _random;
    private readonly PaxosTopology _topology;
    private readonly SimNetwork<PaxosMessage> _network;
    private readonly SimNetwork<ClientRequest> _clientNetwork;
    private readonly SimNode[] _nodes;
    private readonly int[] _tickOrder;
    private readonly SimClient[] _clients;
    private readonly Dictionary<string, SimClient> _clientsById = new(StringComparer.Ordinal);
    private readonly InvariantChecker _checker;
    private readonly TraceLog _trace;
    private readonly RunCounters _counters = new();
    private long _tick;
    private long _ticksRun;

    public SimulationRun(SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _random = new SimRandom(options.Seed);
        var ids = Enumerable.Range(0, options.Nodes).ToImmutableArray();
        _topology = options.BuildTopology();
        _network = new SimNetwork<PaxosMessage>(_random, options.Faults.ToNetworkFaults());
        _clientNetwork = new SimNetwork<ClientRequest>(_random, options.Faults.ToNetworkFaults());
        _nodes = [.. ids.Select(id => new SimNode(id))];
        _tickOrder = [.. ids];
        _clients = [.. Enumerable.Range(0, options.Clients).Select(i => new SimClient(i))];
        foreach (var client in _clients)
        {
            _clientsById.Add(client.ClientId, client);
            client.Target = _random.Index(options.Proposers);
        }

        _checker = new InvariantChecker(_topology.Quorum.Phase2Size);
        _trace = new TraceLog(options.Trace);
    }

    private bool ShouldStop =>
        _checker.Violations.Count >= (_options.StopOnFirstViolation ? 1 : _options.MaxViolations);

    public SimulationResult Execute()
    {
        foreach (var node in _nodes)
        {
            Restart(node);
        }

        var end = (long)_options.Steps + _options.QuietSteps;
        for (_tick = 0; _tick < end && !ShouldStop; _tick++)
        {
            _checker.Tick = _tick;
            if (!_quiet && _tick >= _options.Steps)
            {
                BeginQuietPhase();
            }

            try
            {
                RunTick();
            }
            catch (Exception error) when (error is InvalidOperationException or ArgumentException or NullReferenceException
                or IndexOutOfRangeException or KeyNotFoundException or OverflowException or NotSupportedException)
            {
                // A throwing core is a failed run like any other: keep the seed and replay line.
                _checker.Report(InvariantKind.UnhandledException, error.ToString());
                break;
            }

            _ticksRun++;
            if (_quiet && !ShouldStop && Converged())
            {
                _counters.QuietTicksToConverge = _tick - _options.Steps;
                Trace($"converged after {_counters.QuietTicksToConverge} quiet ticks");
                break;
            }
        }

        if (_quiet && _counters.QuietTicksToConverge < 0 && !ShouldStop)
        {
            ReportLiveness();
        }

        return BuildResult();
    }

    private void RunTick()
    {
        if (!_quiet)
        {
            InjectFaults();
        }

        RecoverDueNodesAndLinks();
        MaybeSnapshot();
        DeliverMessages();
        DeliverClientRequests();
        TickNodes();
        DriveElections();
        DriveClients();
    }

    private void DeliverMessages()
    {
        while (!ShouldStop && _network.TryReceive(_tick, out var packet))
        {
            if (packet.To < 0 || packet.To >= _nodes.Length)
            {
                _network.Lose();
                continue;
            }

            var node = _nodes[packet.To];
            if (!node.IsUp)
            {
                _network.Lose();
                continue;
            }

            if (_tick < node.PausedUntil)
            {
                _network.Defer(packet, node.PausedUntil);
                continue;
            }

            Deliver(node, packet.Payload);
        }
    }

    private void Deliver(SimNode node, PaxosMessage message)
    {
        _trace.RecordMessage(_tick, message);
        NoteLeaderActivity(node, message);
        switch (message)
        {
            case InstallSnapshot install:
                Install(node, install);
                return;
            case PaxosProtocol.CatchUpRequest request:
                OfferSnapshot(node, request);
                break;
        }

        if (_options.BrokenAcceptor == BrokenAcceptorMode.AcceptsBelowPromise
            && message is PaxosProtocol.Accept accept
            && TryForgeAcceptance(node, accept))
        {
            return;
        }

        node.Core!.Step(message);
        ProcessReady(node);
    }

    private void DeliverClientRequests()
    {
        while (!ShouldStop && _clientNetwork.TryReceive(_tick, out var packet))
        {
            var node = _nodes[packet.To];
            if (!node.IsUp)
            {
                _clientNetwork.Lose();
                continue;
            }

            if (_tick < node.PausedUntil)
            {
                _clientNetwork.Defer(packet, node.PausedUntil);
                continue;
            }

            Trace($"client {packet.Payload.Command.Id} -> {node.Id}");
            node.Core!.Propose(packet.Payload.Command);
            ProcessReady(node);
        }
    }

    private void TickNodes()
    {
        // Same-tick order varies per tick so no node is always first to time out.
        _random.Shuffle(_tickOrder);
        foreach (var id in _tickOrder)
        {
            var node = _nodes[id];
            if (ShouldStop || !node.IsRunning(_tick))
            {
                continue;
            }

            node.Core!.Tick();
            ProcessReady(node);
        }
    }

    private void Trace(string line) => _trace.Record(_tick, line);

    private SimulationResult BuildResult()
    {
        var stats = new SimulationStats
        {
            Ticks = _ticksRun,
            ChosenSlots = _checker.Chosen.Count,
            CommandsSubmitted = _checker.SubmittedCount,
            CommandsChosen = _checker.ChosenCommandCount,
            ClientRetries = _counters.ClientRetries,
            MessagesSent = _network.Sent,
            MessagesDelivered = _network.Delivered,
            MessagesDropped = _network.Dropped,
            MessagesDuplicated = _network.Duplicated,
            Crashes = _counters.Crashes,
            CrashesDuringReady = _counters.CrashesDuringReady,
            Partitions = _counters.Partitions,
            Pauses = _counters.Pauses,
            Campaigns = _counters.Campaigns,
            LeaderChanges = _counters.LeaderChanges,
            Snapshots = _counters.Snapshots,
            Compactions = _counters.Compactions,
            SnapshotsInstalled = _counters.SnapshotsInstalled,
            QuietTicksToConverge = _counters.QuietTicksToConverge,
        };
        return new SimulationResult(
            _options.Seed,
            [.. _checker.Violations.Take(_options.MaxViolations)],
            SimulationCli.FormatReplayCommand(_options),
            stats,
            _trace.Hash);
    }
}
