using System.Collections.Immutable;
using PaxosAkka.Actors;
using PaxosAkka.Consensus;

namespace PaxosAkka.Node.Roles;

/// <summary>
/// The learner role: a thin shell over the core <see cref="Learner"/>. It counts Accepteds (or takes the
/// leader's Chosen), delivers chosen slots in slot order to the local store and tells the local proposer,
/// and asks peer learners for what it missed (catch-up after downtime, driven by ticks).
/// </summary>
/// <remarks>
/// The learner keeps the chosen log in memory; a restarted learner relearns it from peers (catch-up) or from a
/// new leader's phase 1, which re-proposes every value the acceptors hold on disk.
/// </remarks>
public sealed class LearnerActor : ReceiveActor, IWithTimers
{
    private readonly int _id;
    private readonly Learner _core;
    private readonly IRoleRouter _router;
    private readonly NodeStatusBoard _board;
    private readonly TimeSpan _tickInterval;
    private readonly bool _hasStore;
    private readonly bool _hasProposer;
    private bool _flushScheduled;

    /// <summary>Creates the learner of node <paramref name="id"/>.</summary>
    public LearnerActor(int id, PaxosTopology topology, LearnerOptions options, TimeSpan tickInterval, IRoleRouter router, NodeStatusBoard board, bool hasStore)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(board);
        _id = id;
        _core = new Learner(id, topology, options);
        _router = router;
        _board = board;
        _tickInterval = tickInterval;
        _hasStore = hasStore;
        _hasProposer = topology.IsProposer(id);
        Receive<PaxosMessage>(message =>
        {
            _core.Step(message);
            ScheduleFlush();
        });
        Receive<LearnerProtocol.Tick>(_ =>
        {
            _core.Tick();
            ScheduleFlush();
        });
        Receive<LearnerProtocol.Flush>(_ => Flush());
        Receive<LearnerProtocol.Replay>(OnReplay);
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for the learner.</summary>
    public static Props Props(int id, PaxosTopology topology, LearnerOptions options, TimeSpan tickInterval, IRoleRouter router, NodeStatusBoard board, bool hasStore) =>
        Actors.Props.Create(() => new LearnerActor(id, topology, options, tickInterval, router, board, hasStore));

    /// <inheritdoc />
    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("tick", LearnerProtocol.Tick.Instance, _tickInterval);
        _board.Learner = new LearnerView(_core.FirstUnchosenSlot);
    }

    private void ScheduleFlush()
    {
        if (!_flushScheduled && _core.HasReady)
        {
            _flushScheduled = true;
            Self.Tell(LearnerProtocol.Flush.Instance, Self);
        }
    }

    private void Flush()
    {
        _flushScheduled = false;
        if (!_core.HasReady)
        {
            return;
        }

        var ready = _core.GetReady();
        foreach (var message in ready.Messages)
        {
            _router.Route(message, Self);
        }

        if (!ready.CommittedEntries.IsDefaultOrEmpty)
        {
            if (_hasStore)
            {
                _router.Tell(_id, RoleNames.Store, new StoreProtocol.Deliver(ready.CommittedEntries), Self);
            }

            if (_hasProposer)
            {
                _router.Tell(_id, RoleNames.Proposer, new ProposerProtocol.ObserveChosen(ready.CommittedEntries), Self);
            }
        }

        _core.Advance(ready);
        _board.Learner = new LearnerView(_core.FirstUnchosenSlot);
    }

    private void OnReplay(LearnerProtocol.Replay replay)
    {
        var entries = ImmutableArray.CreateBuilder<ChosenEntry>();
        for (long slot = Math.Max(0, replay.FromSlot); slot < _core.FirstUnchosenSlot; slot++)
        {
            if (!_core.TryGetChosen(slot, out var value))
            {
                break;
            }

            entries.Add(new ChosenEntry(slot, value));
        }

        Sender.Tell(new StoreProtocol.Deliver(entries.ToImmutable()), Self);
    }
}
