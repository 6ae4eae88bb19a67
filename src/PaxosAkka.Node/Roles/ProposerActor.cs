using Microsoft.Extensions.Logging;
using Akka.Actor;
using PaxosAkka.Node.Hosting;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Metrics;
using static PaxosAkka.Consensus.PaxosProtocol;

namespace PaxosAkka.Node.Roles;

/// <summary>
/// The proposer role: a thin shell over the core <see cref="Proposer"/>, with three behaviours switched by
/// <c>Become</c>: <see cref="Recovering"/> (learning the durable ballot floor from the local acceptor),
/// <see cref="Following"/> (forwards client commands to the leader; campaigns when the election names this
/// node) and <see cref="Leading"/> (proposes them; the core batches and pipelines).
/// </summary>
/// <remarks>
/// Ballot durability: a Prepare for a ballot the local acceptor has not yet made durable goes to the local
/// acceptor first, and the other Prepares wait until its Promise (or Nack), which it sends only after its disk
/// write. So a proposer that crashes and restarts learns from that acceptor a ballot at least as high as any it
/// sent, and never reuses one with another value (the remark on <see cref="Proposer"/>).
/// </remarks>
public sealed partial class ProposerActor : ReceiveActor, IWithTimers, IWithStash
{
    /// <summary>Ticks a preempted coordinator waits before campaigning again, so duelling proposers settle.</summary>
    private const int CampaignBackoffTicks = 5;

    /// <summary>Client commands held while no leader is known; more are dropped (their clients time out and retry).</summary>
    private const int MaxWaitingCommands = 10_000;

    private readonly int _id;
    private readonly IRoleRouter _router;
    private readonly NodeStatusBoard _board;
    private readonly TimeSpan _tickInterval;
    private readonly Proposer _core;
    private readonly ILogger _log;
    private readonly ConsensusMetrics _metrics;
    private readonly Phase2Observer _phase2;
    private readonly Dictionary<CommandId, (Command Command, int Hops)> _proposed = [];
    private readonly Queue<(Command Command, int Hops)> _waiting = new();
    private readonly List<Prepare> _heldPrepares = [];
    private Ballot _durableFloor = Ballot.Zero;
    private int? _coordinator;
    private int _ticksSinceStepDown = CampaignBackoffTicks;
    private long _reportedProgress = -1;
    private bool _flushScheduled;
    private bool _leading;

    /// <summary>Creates the proposer of node <paramref name="id"/>.</summary>
    public ProposerActor(int id, PaxosTopology topology, ProposerOptions options, TimeSpan tickInterval, IRoleRouter router, NodeStatusBoard board)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(board);
        _id = id;
        _router = router;
        _board = board;
        _tickInterval = tickInterval;
        _core = new Proposer(id, topology, options);
        _log = Context.NodeLogger();
        _metrics = ConsensusMetrics.Of(Context.System);
        _phase2 = new Phase2Observer(_metrics);
        Recovering();
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <inheritdoc />
    public IStash Stash { get; set; } = null!;

    /// <summary>Props for the proposer.</summary>
    public static Props Props(int id, PaxosTopology topology, ProposerOptions options, TimeSpan tickInterval, IRoleRouter router, NodeStatusBoard board) =>
        Akka.Actor.Props.Create(() => new ProposerActor(id, topology, options, tickInterval, router, board));

    /// <inheritdoc />
    protected override void PreStart()
    {
        AskForDurableBallot();
        Timers.StartPeriodicTimer("recovery", ProposerProtocol.RetryRecovery.Instance, TimeSpan.FromMilliseconds(200));
    }

    /// <inheritdoc />
    protected override void PostStop() =>
        _router.Tell(_id, RoleNames.Election, new ElectionProtocol.OwnProgress(RoleNames.Proposer, -1), ActorRefs.NoSender);

    /// <summary>
    /// Leads in effect: the core leads and no higher ballot has been seen. A leader that saw a rival's higher
    /// Prepare is doomed (its next Accept will be refused) but the core only notices on that Nack; forwarding to
    /// the rival meanwhile is always safe and saves the clients a round trip. Likewise a core that still holds
    /// an old lead (plain Multi-Paxos has no leases, so an idle stale leader never hears a Nack) does not lead
    /// once the election names another coordinator: it forwards to that one, and status pages name one leader.
    /// </summary>
    private bool Leads => _core.IsLeader && _core.HighestSeenBallot <= _core.CurrentBallot && (_coordinator is null || _coordinator == _id);

    private void Recovering()
    {
        Receive<AcceptorProtocol.DurableBallot>(durable =>
        {
            _core.ObserveBallot(durable.Highest);
            _durableFloor = Ballot.Max(_durableFloor, durable.Highest);
            Timers.Cancel("recovery");
            Timers.StartPeriodicTimer("tick", ProposerProtocol.Tick.Instance, _tickInterval);
            _router.Tell(_id, RoleNames.Election, ElectionProtocol.GetCoordinator.Instance, Self);
            LogInformationRecovered(_log, _id, _durableFloor);
            Become(Following);
            Stash.UnstashAll();
            Publish();
        });
        Receive<ProposerProtocol.RetryRecovery>(_ => AskForDurableBallot());
        ReceiveAny(_ => Stash.Stash());
    }

    private void Following()
    {
        Common();
        Receive<ProposerProtocol.Submit>(submit =>
        {
            if (_core.IsCampaigning)
            {
                ProposeHere(submit.Command, submit.Hops);
            }
            else
            {
                Forward(submit.Command, submit.Hops);
            }
        });
    }

    private void Leading()
    {
        Common();
        Receive<ProposerProtocol.Submit>(submit => ProposeHere(submit.Command, submit.Hops));
    }

    private void Common()
    {
        ReceiveReads();
        Receive<PaxosMessage>(OnPaxosMessage);
        Receive<ProposerProtocol.ObserveChosen>(OnChosen);
        Receive<ElectionProtocol.CoordinatorChanged>(changed =>
        {
            _coordinator = changed.Leader;
            if (_leading && !Leads)
            {
                _leading = false;
                Become(Following);
            }

            MaybeCampaign();
            DrainWaiting();
            ScheduleFlush();
        });
        Receive<ProposerProtocol.Tick>(_ =>
        {
            _core.Tick();
            _ticksSinceStepDown++;
            ExpireForwardedReads();
            MaybeCampaign();
            DrainWaiting();
            ScheduleFlush();
        });
        Receive<ProposerProtocol.Flush>(_ => Flush());
        Receive<ProposerProtocol.RetryRecovery>(_ => { });
        Receive<AcceptorProtocol.DurableBallot>(durable => _durableFloor = Ballot.Max(_durableFloor, durable.Highest));
    }

    private void OnPaxosMessage(PaxosMessage message)
    {
        if (message.From == _id)
        {
            // The local acceptor answered our Prepare after its disk write: that ballot is durable now.
            switch (message)
            {
                case Promise promise:
                    RaiseFloor(promise.Ballot);
                    break;
                case Nack nack:
                    RaiseFloor(nack.Promised);
                    break;
            }
        }

        _core.Step(message);
        ScheduleFlush();
    }

    private void OnChosen(ProposerProtocol.ObserveChosen chosen)
    {
        foreach (var entry in chosen.Entries)
        {
            // With the value, a stale leader learns which of its own commands lost their slot and reports them.
            _core.ObserveChosen(entry.Slot, entry.Value);
            foreach (var command in entry.Value.Commands)
            {
                _proposed.Remove(command.Id);
            }
        }

        ScheduleFlush();
    }

    private void ProposeHere(Command command, int hops)
    {
        _proposed[command.Id] = (command, hops);
        _core.Propose(command);
        ScheduleFlush();
    }

    private void Forward(Command command, int hops)
    {
        int? leader = _coordinator ?? _core.KnownLeader;
        if (leader is int other && other != _id)
        {
            if (hops < ProposerProtocol.MaxHops)
            {
                _router.Tell(other, RoleNames.Proposer, new ProposerProtocol.Submit(command, hops + 1), Self);
            }

            return;
        }

        if (_waiting.Count < MaxWaitingCommands)
        {
            _waiting.Enqueue((command, hops));
        }

        MaybeCampaign();
    }

    private void DrainWaiting()
    {
        int count = _waiting.Count;
        for (int i = 0; i < count && (Leads || _core.IsCampaigning || _coordinator is not null); i++)
        {
            var (command, hops) = _waiting.Dequeue();
            if (Leads || _core.IsCampaigning)
            {
                ProposeHere(command, hops);
            }
            else
            {
                Forward(command, hops);
            }
        }
    }

    private void MaybeCampaign()
    {
        if (_coordinator == _id && !Leads && !_core.IsCampaigning && _ticksSinceStepDown >= CampaignBackoffTicks)
        {
            _core.Campaign();
            _metrics.ObserveCampaign();
            LogInformationCampaign(_log, _id, _core.CurrentBallot);
            ScheduleFlush();
        }
    }

    private void ScheduleFlush()
    {
        if (!_flushScheduled)
        {
            _flushScheduled = true;
            Self.Tell(ProposerProtocol.Flush.Instance, Self);
        }
    }

    private void Flush()
    {
        _flushScheduled = false;
        if (!_core.HasReady)
        {
            Publish();
            return;
        }

        var ready = _core.GetReady();
        _phase2.Observe(ready.Messages);
        foreach (var message in ready.Messages)
        {
            if (message is Prepare prepare && prepare.Ballot > _durableFloor && prepare.To != _id)
            {
                _heldPrepares.Add(prepare);
            }
            else if (message is ReadIndexProtocol.ConfirmLeadership confirm)
            {
                _router.Tell(confirm.To, RoleNames.Acceptor, confirm, Self);
            }
            else
            {
                _router.Route(message, Self);
            }
        }

        foreach (var @event in ready.Events)
        {
            OnEvent(@event);
        }

        if (_leading && !Leads)
        {
            _leading = false;
            Become(Following);
        }

        _core.Advance(ready);
        Publish();
    }

    private void OnEvent(ProposerEvent @event)
    {
        switch (@event)
        {
            case BecameLeader leader:
                LogInformationLeading(_log, _id, leader.Ballot);
                _phase2.Reset();
                _leading = true;
                Become(Leading);
                DrainWaiting();
                break;
            case SteppedDown down:
                LogInformationSteppedDown(_log, _id, down.PreemptedBy);
                _phase2.Reset();
                _ticksSinceStepDown = 0;
                _leading = false;
                Become(Following);
                break;
            case ProposalRejected rejected when _proposed.Remove(rejected.CommandId, out var proposal):
                // Outcome unknown: it may still be chosen. Retrying with the same CommandId is safe because the
                // store applies a command at most once (SessionTable).
                if (Leads || _core.IsCampaigning)
                {
                    _waiting.Enqueue(proposal);
                }
                else
                {
                    Forward(proposal.Command, proposal.Hops);
                }

                break;
            case ReadIndexConfirmed or ReadIndexRefused:
                OnReadEvent(@event);
                break;
        }
    }

    private void RaiseFloor(Ballot ballot)
    {
        if (ballot <= _durableFloor)
        {
            return;
        }

        _durableFloor = ballot;
        foreach (var prepare in _heldPrepares)
        {
            // Prepares of an older ballot than the current one are obsolete: the core retransmits the current one.
            if (prepare.Ballot <= _durableFloor && prepare.Ballot == _core.CurrentBallot)
            {
                _router.Route(prepare, Self);
            }
        }

        _heldPrepares.RemoveAll(p => p.Ballot <= _durableFloor || p.Ballot < _core.CurrentBallot);
    }

    private void AskForDurableBallot() =>
        _router.Tell(_id, RoleNames.Acceptor, AcceptorProtocol.GetDurableBallot.Instance, Self);

    private void Publish()
    {
        _board.Proposer = new ProposerView(
            Leads, _core.IsCampaigning, _core.CurrentBallot, _core.FirstUnchosenSlot,
            Leads ? _id : _core.KnownLeader, _core.PendingCommands, _core.InFlightSlots);
        if (_core.FirstUnchosenSlot != _reportedProgress)
        {
            // On a node without a learner the election reports this watermark on its heartbeats.
            _reportedProgress = _core.FirstUnchosenSlot;
            _router.Tell(_id, RoleNames.Election, new ElectionProtocol.OwnProgress(RoleNames.Proposer, _reportedProgress), Self);
        }
    }

    [LoggerMessage(EventId = 6201, Level = LogLevel.Information, Message = "Proposer {Id} recovered its ballot floor {Floor}")]
    private static partial void LogInformationRecovered(ILogger logger, int id, Ballot floor);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Information, Message = "Proposer {Id} campaigns with ballot {Ballot}")]
    private static partial void LogInformationCampaign(ILogger logger, int id, Ballot ballot);

    [LoggerMessage(EventId = 6203, Level = LogLevel.Information, Message = "Proposer {Id} leads with ballot {Ballot}")]
    private static partial void LogInformationLeading(ILogger logger, int id, Ballot ballot);

    [LoggerMessage(EventId = 6204, Level = LogLevel.Information, Message = "Proposer {Id} stepped down, preempted by {Ballot}")]
    private static partial void LogInformationSteppedDown(ILogger logger, int id, Ballot ballot);
}
