using Microsoft.Extensions.Logging;
using Akka.Actor;
using PaxosAkka.Node.Hosting;
using PaxosAkka.Node.Metrics;
using PaxosAkka.Node.Roles;
using PaxosAkka.Node.Store;
using static PaxosAkka.Node.Replication.ReplicationProtocol;

namespace PaxosAkka.Node.Replication;

/// <summary>
/// The store role in two-phase-commit mode (stores on nodes of their own, reference system 004): a thin shell
/// over <see cref="StoreParticipant"/> that answers the learner that asked. It never answers clients itself: a
/// write is acknowledged by the coordinating learner once every live store committed it.
/// </summary>
/// <remarks>
/// The state lives in memory. A restarted store comes back empty and says so when the coordinator queries it; it
/// then installs an in-sync peer's snapshot (fetched chunk by chunk, store to store) and is caught up from the learned
/// log after that snapshot's slot before it takes part in a transaction again: until then it votes No, so none of its
/// answers (reads included) is used. Its durable source is the Paxos log itself: acceptors keep every chosen value on
/// disk, learners relearn it.
/// </remarks>
public sealed partial class StoreParticipantActor : ReceiveActor, IWithTimers
{
    private readonly int _id;
    private readonly IRoleRouter _router;
    private readonly NodeStatusBoard _board;
    private readonly StoreFaults _faults;
    private readonly StoreParticipant _participant;
    private readonly ILogger _log;

    /// <summary>Creates the store of node <paramref name="id"/>.</summary>
    public StoreParticipantActor(int id, IRoleRouter router, NodeStatusBoard board, StoreFaults? faults = null, ReplicationOptions? options = null, StoreOptions? storeOptions = null)
    {
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(board);
        _id = id;
        _router = router;
        _board = board;
        _faults = faults ?? StoreFaults.None;
        _participant = new StoreParticipant(id, new KvStateMachine(storeOptions), options);
        _log = Context.NodeLogger();
        Receive<StorePrepare>(OnPrepare);
        Receive<DelayedVote>(d => Vote(d.Prepare));
        Receive<StoreCommit>(OnCommit);
        Receive<DelayedCommit>(d => Commit(d.Commit));
        Receive<StoreAbort>(a => _participant.OnAbort(a));
        Receive<StoreQuery>(q => Reply(q.From, _participant.Status()));
        Receive<StoreCatchUp>(c =>
        {
            Reply(c.From, _participant.OnCatchUp(c));
            Publish();
        });
        Receive<StoreInstallSnapshot>(OnInstallSnapshot);
        Receive<StoreSnapshotRequest>(r => _router.Tell(r.From, RoleNames.Store, _participant.OnSnapshotRequest(r), Self));
        Receive<StoreSnapshotChunk>(OnSnapshotChunk);
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for the store.</summary>
    public static Props Props(int id, IRoleRouter router, NodeStatusBoard board, StoreFaults? faults = null, ReplicationOptions? options = null, StoreOptions? storeOptions = null) =>
        Akka.Actor.Props.Create(() => new StoreParticipantActor(id, router, board, faults, options, storeOptions));

    /// <inheritdoc />
    protected override void PreStart()
    {
        if (_faults.Any)
        {
            LogWarningFaults(_log, _id, _faults.VoteDelay, _faults.CommitDelay);
        }

        Publish();
    }

    private void OnPrepare(StorePrepare prepare)
    {
        if (_faults.VoteDelay > TimeSpan.Zero && StoreFaults.Targets(prepare.Entries))
        {
            LogWarningHoldingVote(_log, _id, prepare.Slot, prepare.From);
            Timers.StartSingleTimer(("vote", prepare.Slot, prepare.Attempt, prepare.From), new DelayedVote(prepare), _faults.VoteDelay);
            return;
        }

        Vote(prepare);
    }

    private void Vote(StorePrepare prepare)
    {
        var vote = _participant.OnPrepare(prepare);
        LogDebugVoted(_log, _id, prepare.Slot, vote.Yes);
        Reply(prepare.From, vote);
    }

    private void OnCommit(StoreCommit commit)
    {
        if (_faults.CommitDelay > TimeSpan.Zero && StoreFaults.Targets(commit.Entries))
        {
            LogWarningHoldingCommit(_log, _id, commit.Slot, commit.From);
            Timers.StartSingleTimer(("commit", commit.Slot, commit.Attempt, commit.From), new DelayedCommit(commit), _faults.CommitDelay);
            return;
        }

        Commit(commit);
    }

    private void Commit(StoreCommit commit)
    {
        Reply(commit.From, _participant.OnCommit(commit));
        Publish();
    }

    private void OnInstallSnapshot(StoreInstallSnapshot command)
    {
        if (_participant.OnInstallSnapshot(command) is { } request)
        {
            LogInformationFetchingSnapshot(_log, _id, command.Source, command.From, _participant.AppliedSlot);
            _router.Tell(command.Source, RoleNames.Store, request, Self);
        }
    }

    private void OnSnapshotChunk(StoreSnapshotChunk chunk)
    {
        int installed = _participant.SnapshotsInstalled;
        var step = _participant.OnSnapshotChunk(chunk);
        if (step.Next is { } next && _participant.SnapshotSource is int source)
        {
            _router.Tell(source, RoleNames.Store, next, Self);
        }

        if (step.Installed is { } status && step.Learner is int learner)
        {
            if (_participant.SnapshotsInstalled > installed)
            {
                ConsensusMetrics.Of(Context.System).ObserveSnapshotInstalled();
                LogInformationInstalledSnapshot(_log, _id, chunk.From, _participant.SnapshotSlot, chunk.Count, _participant.State.Count);
            }

            Publish();
            Reply(learner, status);
        }
    }

    private void Reply(int learner, object message) => _router.Tell(learner, RoleNames.Learner, message, Self);

    private void Publish()
    {
        var state = _participant.State;
        _board.Store = new StoreView(state.AppliedSlot, state.Revision, state.Count);
    }

    private sealed record DelayedVote(StorePrepare Prepare);

    private sealed record DelayedCommit(StoreCommit Commit);

    [LoggerMessage(EventId = 6411, Level = LogLevel.Warning, Message = "Store {Id} runs with fault injection: vote delay {VoteDelay}, commit delay {CommitDelay}")]
    private static partial void LogWarningFaults(ILogger logger, int id, TimeSpan voteDelay, TimeSpan commitDelay);

    [LoggerMessage(EventId = 6412, Level = LogLevel.Warning, Message = "FAULT store {Id} holds its vote on transaction {Slot} from learner {Learner}")]
    private static partial void LogWarningHoldingVote(ILogger logger, int id, long slot, int learner);

    [LoggerMessage(EventId = 6413, Level = LogLevel.Warning, Message = "FAULT store {Id} holds the commit of transaction {Slot} from learner {Learner}")]
    private static partial void LogWarningHoldingCommit(ILogger logger, int id, long slot, int learner);

    [LoggerMessage(EventId = 6414, Level = LogLevel.Debug, Message = "Store {Id} voted on transaction {Slot}: {Yes}")]
    private static partial void LogDebugVoted(ILogger logger, int id, long slot, bool yes);

    [LoggerMessage(EventId = 6415, Level = LogLevel.Information, Message = "Store {Id} fetches a snapshot from store {Source} (asked by learner {Learner}; applied slot {Applied})")]
    private static partial void LogInformationFetchingSnapshot(ILogger logger, int id, int source, int learner, long applied);

    [LoggerMessage(EventId = 6416, Level = LogLevel.Information, Message = "Store {Id} installed a snapshot from store {Source} at slot {Slot} ({Chunks} chunks, {Keys} keys); the learned log follows")]
    private static partial void LogInformationInstalledSnapshot(ILogger logger, int id, int source, long slot, int chunks, int keys);
}
