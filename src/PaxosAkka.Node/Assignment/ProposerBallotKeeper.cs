using Microsoft.Extensions.Logging;
using Akka.Actor;
using PaxosAkka.Node.Hosting;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Roles;

namespace PaxosAkka.Node.Assignment;

/// <summary>
/// Makes the ballots of a proposer on a node without a local acceptor durable (the 004 topology runs proposers
/// apart from acceptors). It answers the proposer's <see cref="AcceptorProtocol.GetDurableBallot"/> in place of the
/// missing acceptor with the reserved round, then reserves a window further on disk and reports that as the
/// durable floor, so the proposer's Prepares up to it go out at once. When the proposer's ballot nears the
/// reservation (it saw a rival's higher ballot) the keeper reserves further; a Prepare above the floor waits in
/// the proposer until then and goes out with the core's next retransmission.
/// </summary>
public sealed partial class ProposerBallotKeeper : ReceiveActor, IWithTimers
{
    /// <summary>The keeper's actor name under <c>/user/node</c>.</summary>
    public const string Name = "ballot-keeper";

    /// <summary>File name of the reservation inside the data folder.</summary>
    public const string FileName = "proposer-ballot";

    private readonly int _id;
    private readonly string _path;
    private readonly NodeStatusBoard _board;
    private readonly ILogger _log;
    private BallotReservation _reservation = new(0, BallotReservation.DefaultWindow);
    private IActorRef? _proposer;

    /// <summary>Creates the keeper of node <paramref name="id"/> whose reservation lives in <paramref name="dataDirectory"/>.</summary>
    public ProposerBallotKeeper(int id, string dataDirectory, NodeStatusBoard board)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        ArgumentNullException.ThrowIfNull(board);
        _id = id;
        _path = Path.Combine(dataDirectory, FileName);
        _board = board;
        _log = Context.NodeLogger();
        Receive<AcceptorProtocol.GetDurableBallot>(_ => OnRecovery());
        Receive<Check>(_ => OnCheck());
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for the keeper.</summary>
    public static Props Props(int id, string dataDirectory, NodeStatusBoard board) =>
        Akka.Actor.Props.Create(() => new ProposerBallotKeeper(id, dataDirectory, board));

    /// <inheritdoc />
    protected override void PreStart()
    {
        // A corrupt file throws here and the supervisor's restart budget applies: starting from 0 instead
        // could reuse a ballot already sent.
        _reservation = _reservation with { ReservedRound = BallotReservationFile.Load(_path) };
        Timers.StartPeriodicTimer("check", Check.Instance, TimeSpan.FromMilliseconds(50));
    }

    private void OnRecovery()
    {
        // Everything this node ever sent is at most the reservation: the proposer starts above it.
        _proposer = Sender;
        Sender.Tell(new AcceptorProtocol.DurableBallot(new Ballot(_reservation.ReservedRound, _id)), Self);
        Extend(_reservation.ReservedRound + 1);
    }

    private void OnCheck()
    {
        long inUse = _board.Proposer?.Ballot.Round ?? 0;
        if (_proposer is not null && _reservation.NeedsExtension(inUse))
        {
            Extend(inUse);
        }
    }

    private void Extend(long roundInUse)
    {
        var next = _reservation.ExtendedFor(roundInUse);
        BallotReservationFile.Save(_path, next.ReservedRound);
        _reservation = next;
        LogDebugReserved(_log, _id, next.ReservedRound);
        _proposer?.Tell(new AcceptorProtocol.DurableBallot(new Ballot(next.ReservedRound, _id)), Self);
    }

    [LoggerMessage(EventId = 6701, Level = LogLevel.Debug, Message = "Proposer {Id} reserved ballot rounds up to {Round}")]
    private static partial void LogDebugReserved(ILogger logger, int id, long round);

    private sealed record Check
    {
        public static Check Instance { get; } = new();
    }
}

/// <summary>
/// The proposer's router on a node without a local acceptor: its question for the durable ballot goes to the
/// <see cref="ProposerBallotKeeper"/>; everything else goes where it would anyway.
/// </summary>
internal sealed class BallotKeeperRouter(IRoleRouter inner, int self, IActorRef keeper) : IRoleRouter
{
    /// <inheritdoc />
    public void Tell(int node, string role, object message, IActorRef? sender)
    {
        if (node == self && role == RoleNames.Acceptor && message is AcceptorProtocol.GetDurableBallot)
        {
            keeper.Tell(message, sender);
            return;
        }

        inner.Tell(node, role, message, sender);
    }
}
