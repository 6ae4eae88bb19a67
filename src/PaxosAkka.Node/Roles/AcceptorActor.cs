using Microsoft.Extensions.Logging;
using Akka.Actor;
using PaxosAkka.Node.Hosting;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Metrics;
using PaxosAkka.Node.Storage;

namespace PaxosAkka.Node.Roles;

/// <summary>
/// The acceptor role: a thin shell over the core <see cref="Consensus.Acceptor"/>. It steps every Prepare and
/// Accept in its mailbox, then takes one Ready, writes its promise and votes to disk in one transaction and only
/// then sends the Promises, Accepteds and Nacks (the Ready contract). Messages that arrive while it writes wait in
/// the mailbox and share the next transaction: that is the group commit.
/// </summary>
/// <remarks>
/// The store is opened and the durable state loaded in <see cref="PreStart"/>, so a restart (after a storage
/// failure, under a backoff supervisor) always starts from what is on disk, never from memory that may be ahead
/// of it.
/// </remarks>
public sealed partial class AcceptorActor : ReceiveActor
{
    private readonly int _id;
    private readonly PaxosTopology _topology;
    private readonly Func<IAcceptorStore> _openStore;
    private readonly IRoleRouter _router;
    private readonly NodeStatusBoard _board;
    private readonly ILogger _log;
    private readonly ConsensusMetrics _metrics;
    private readonly Func<PaxosMessage, bool>? _admit;
    private IAcceptorStore? _store;
    private Acceptor _core = null!;
    private bool _flushScheduled;
    private Ballot _durablePromise;
    private Ballot _durableHighest;
    private long _highestAcceptedSlot = -1;

    /// <summary>Creates the acceptor of node <paramref name="id"/>; <paramref name="openStore"/> opens its storage.</summary>
    /// <param name="admit">Optional gate run before the core sees a message; false drops it unanswered (the prime use
    /// case refuses Accepts of claims that fail verification). Null admits everything.</param>
    public AcceptorActor(int id, PaxosTopology topology, Func<IAcceptorStore> openStore, IRoleRouter router, NodeStatusBoard board, Func<PaxosMessage, bool>? admit = null)
    {
        _admit = admit;
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(openStore);
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(board);
        _id = id;
        _topology = topology;
        _openStore = openStore;
        _router = router;
        _board = board;
        _log = Context.NodeLogger();
        _metrics = ConsensusMetrics.Of(Context.System);
        Receive<ReadIndexProtocol.ConfirmLeadership>(OnConfirmLeadership);
        Receive<PaxosMessage>(OnMessage);
        Receive<AcceptorProtocol.Flush>(_ => Flush());
        Receive<AcceptorProtocol.GetDurableBallot>(_ => Sender.Tell(new AcceptorProtocol.DurableBallot(_durableHighest)));
    }

    /// <summary>Props for the acceptor.</summary>
    public static Props Props(int id, PaxosTopology topology, Func<IAcceptorStore> openStore, IRoleRouter router, NodeStatusBoard board, Func<PaxosMessage, bool>? admit = null) =>
        Akka.Actor.Props.Create(() => new AcceptorActor(id, topology, openStore, router, board, admit));

    /// <inheritdoc />
    protected override void PreStart()
    {
        _store = _openStore();
        var recovered = _store.Load();
        _core = new Acceptor(_id, _topology, recovered);
        _durablePromise = recovered.Promised;
        _durableHighest = recovered.HighestBallot;
        _highestAcceptedSlot = recovered.Accepted.Count > 0 ? recovered.Accepted.Keys.Last() : -1;
        Publish();
        LogInformationRecovered(_log, _id, recovered.Promised, recovered.Accepted.Count);
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        _store?.Dispose();
        _store = null;
    }

    private void OnMessage(PaxosMessage message)
    {
        if (_admit is not null && !_admit(message))
        {
            LogWarningRefused(_log, _id, message);
            return;
        }

        _core.Step(message);
        if (!_flushScheduled && _core.HasReady)
        {
            // The flush goes behind every message already queued, so they all land in one Ready.
            _flushScheduled = true;
            Self.Tell(AcceptorProtocol.Flush.Instance, Self);
        }
    }

    /// <summary>
    /// A leader's read-index round: answered at once with the promise held in memory (never below the durable one),
    /// without a disk write: it changes no state. See Consensus <c>AcceptorReadIndex</c>.
    /// </summary>
    private void OnConfirmLeadership(ReadIndexProtocol.ConfirmLeadership request)
    {
        if (_core.Confirm(_topology, request) is { } answer)
        {
            _router.Tell(answer.To, RoleNames.Proposer, answer, Self);
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
        if (ready.MustPersist)
        {
            // Throws AcceptorStorageException on failure: nothing below runs, nothing is sent, and the supervisor
            // restarts this actor from disk. Resuming would answer from memory the disk never saw.
            long start = _metrics.Timestamp();
            _store!.Persist(ready.PromiseToPersist, ready.EntriesToPersist);
            _metrics.ObservePersist(start, ready.EntriesToPersist.IsDefault ? 0 : ready.EntriesToPersist.Length);
            NoteDurable(ready);
        }

        foreach (var message in ready.Messages)
        {
            _router.Route(message, Self);
        }

        _core.Advance(ready);
        Publish();
    }

    private void NoteDurable(Ready ready)
    {
        if (ready.PromiseToPersist is { } promise)
        {
            _durablePromise = Ballot.Max(_durablePromise, promise);
            _durableHighest = Ballot.Max(_durableHighest, promise);
        }

        foreach (var entry in ready.EntriesToPersist)
        {
            _durableHighest = Ballot.Max(_durableHighest, entry.Ballot);
            _highestAcceptedSlot = Math.Max(_highestAcceptedSlot, entry.Slot);
        }
    }

    private void Publish() => _board.Acceptor = new AcceptorView(_durablePromise, _highestAcceptedSlot);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "Acceptor {Id} refused {Message}: it failed verification")]
    private static partial void LogWarningRefused(ILogger logger, int id, PaxosMessage message);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Acceptor {Id} recovered: promised {Promised}, {Accepted} accepted slots")]
    private static partial void LogInformationRecovered(ILogger logger, int id, Ballot promised, int accepted);
}
