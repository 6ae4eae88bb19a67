using PaxosAkka.Consensus;
using PaxosAkka.Node.Configuration;
using PaxosAkka.Node.Replication;
using PaxosAkka.Node.Roles;
using PaxosAkka.Node.Store;

namespace PaxosAkka.Node.Client;

/// <summary>
/// <see cref="IKvService"/> over the role actors: encodes the command, registers the request by
/// <see cref="CommandId"/>, hands the command to the local proposer (which forwards it to the leader) and waits
/// until this node's store applied it (local mode) or the coordinating learner answered it after every live store
/// committed it (two-phase-commit mode: see <see cref="ClientRepliesActor"/>). Until then the command is re-submitted now and then with the SAME id
/// (a leader may have died with it in flight); the store applies a command id at most once, so the re-submits
/// cannot double-apply. No answer within the request timeout is reported as <see cref="OutcomeUnknownException"/>,
/// never as success or failure.
/// </summary>
public sealed partial class PaxosKvService : IKvService
{
    private readonly NodeSettings _settings;
    private readonly IRoleRouter _router;
    private readonly PendingRequests _pending;
    private readonly NodeStatusBoard _board;
    private readonly TimeProvider _clock;
    private readonly string _clientId;
    private readonly bool _twoPhaseCommit;
    private readonly int[] _proposers;
    private long _sequence;

    /// <summary>Creates the service of a node.</summary>
    /// <param name="settings">The node's settings (id, members, request timeout).</param>
    /// <param name="router">Reaches the local proposer.</param>
    /// <param name="pending">Shared with the store, which completes the requests.</param>
    /// <param name="board">Status published by the role actors.</param>
    /// <param name="incarnation">Distinguishes this process from earlier ones of the same node, so their command ids never collide.</param>
    /// <param name="clock">Time source of the timeouts (a fake one in tests).</param>
    public PaxosKvService(NodeSettings settings, IRoleRouter router, PendingRequests pending, NodeStatusBoard board, string incarnation, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(board);
        ArgumentException.ThrowIfNullOrWhiteSpace(incarnation);
        _settings = settings;
        _router = router;
        _pending = pending;
        _board = board;
        _clock = clock ?? TimeProvider.System;
        _clientId = $"node-{settings.Id}-{incarnation}";
        _twoPhaseCommit = ReplicationTopology.For(settings.Members).Mode == StoreReplicationMode.TwoPhaseCommit;
        _proposers = [.. settings.Members.Where(m => m.Has(NodeRoles.Proposer)).Select(m => m.Id).Order()];
    }

    /// <summary>How this node reaches role actors, its own and its peers' (shared with the node's other clients of the roles).</summary>
    public IRoleRouter Router => _router;

    /// <summary>Cluster membership for <c>GET /cluster</c> (Akka.Cluster on a real node; none in tests without it).</summary>
    public Hosting.IClusterMembership? Membership { get; init; }

    /// <summary>How often an unanswered command is handed to the proposer again while the client waits.</summary>
    public TimeSpan ResubmitInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The command id a request gets: with Idempotency-Key k, ("idem:" + k, the tag of the request's fingerprint), the
    /// same on every node for the same request and different for a different request (see <see cref="IdempotencyKeys"/>);
    /// otherwise this node's next sequence.
    /// </summary>
    public CommandId NextCommandId(string? idempotencyKey, KvCommand command) =>
        idempotencyKey is null
            ? new CommandId(_clientId, Interlocked.Increment(ref _sequence))
            : IdempotencyKeys.CommandIdFor(idempotencyKey, command);

    /// <inheritdoc />
    public Uri? ServingPeer()
    {
        if (CanServe)
        {
            return null;
        }

        // The coordinator always runs every role an auto node may hold, so it can serve whatever we cannot.
        return _board.Election?.Coordinator is int coordinator && coordinator != _settings.Id
            && _settings.Members.FirstOrDefault(m => m.Id == coordinator) is { } member
            ? new Uri(member.HttpUrl)
            : null;
    }

    private bool CanServe => _twoPhaseCommit || (_settings.Has(NodeRoles.Store) && _settings.Has(NodeRoles.Proposer));

    /// <inheritdoc />
    public async Task<KvResult> ExecuteAsync(KvCommand command, string? idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!CanServe)
        {
            throw new InvalidOperationException($"node {_settings.Id} runs no store or proposer, so it cannot serve clients");
        }

        var id = NextCommandId(idempotencyKey, command);
        var submit = new ProposerProtocol.Submit(new Command(id, KvCommandCodec.Encode(command)), 0);
        var applied = _pending.Register(id);
        using var timeout = new CancellationTokenSource(_settings.RequestTimeout, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            if (idempotencyKey is not null && RecallsLocally && await RecallAsync(idempotencyKey, command, linked.Token).ConfigureAwait(false) is { } recalled)
            {
                return recalled;
            }

            if (command is KvReadCommand read && ReadsByIndex && await ReadByIndexAsync(read.Key, applied, linked.Token).ConfigureAwait(false) is { } served)
            {
                return served;
            }

            while (true)
            {
                _router.Tell(SubmitTo(), RoleNames.Proposer, submit, null);
                var resubmit = Task.Delay(ResubmitInterval, _clock, linked.Token);
                var first = await Task.WhenAny(applied, resubmit).ConfigureAwait(false);
                if (first == applied)
                {
                    return await applied.ConfigureAwait(false);
                }

                await resubmit.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new OutcomeUnknownException(
                $"no quorum answered within {_settings.RequestTimeout.TotalSeconds:0.###} s: the command may or may not take effect; retry with the same Idempotency-Key");
        }
        finally
        {
            _pending.Release(id);
        }
    }

    /// <summary>
    /// The proposer a command goes to: this node's own; on a node without one (two-phase-commit topologies, where
    /// any node takes requests and the coordinating learner answers it) the election's coordinator when it is a
    /// proposer, else the lowest proposer (a follower forwards to the leader, so any proposer will do).
    /// </summary>
    private int SubmitTo()
    {
        if (_settings.Has(NodeRoles.Proposer) || _proposers.Length == 0)
        {
            return _settings.Id;
        }

        return _board.Election?.Coordinator is int coordinator && _proposers.Contains(coordinator) ? coordinator : _proposers[0];
    }

    /// <inheritdoc />
    public PaxosStatus GetPaxosStatus()
    {
        var acceptor = _board.Acceptor;
        var proposer = _board.Proposer;
        var learner = _board.Learner;
        var store = _board.Store;
        var election = _board.Election;
        var roles = new Dictionary<string, object>(StringComparer.Ordinal);
        if (acceptor is not null)
        {
            roles[RoleNames.Acceptor] = new AcceptorRoleState(acceptor.Promised.ToString(), acceptor.HighestAcceptedSlot);
        }

        if (proposer is not null)
        {
            roles[RoleNames.Proposer] = new ProposerRoleState(
                proposer.IsLeader ? "leading" : proposer.IsCampaigning ? "campaigning" : "following",
                proposer.Ballot.ToString(),
                proposer.FirstUnchosenSlot,
                proposer.PendingCommands,
                proposer.InFlightSlots);
        }

        if (learner is not null)
        {
            roles[RoleNames.Learner] = new LearnerRoleState(learner.FirstUnchosenSlot, learner.Stores?.Phase, learner.Stores?.CommittedSlot, learner.Stores?.InSync);
        }

        if (store is not null)
        {
            roles[RoleNames.Store] = new StoreRoleState(store.AppliedSlot, store.Revision, store.Keys);
        }

        if (election is not null)
        {
            roles[RoleNames.Election] = new ElectionRoleState(election.Coordinator);
        }

        return new PaxosStatus(
            _settings.Id,
            Leader(),
            (proposer?.Ballot ?? acceptor?.Promised ?? Ballot.Zero).ToString(),
            learner?.FirstUnchosenSlot ?? proposer?.FirstUnchosenSlot ?? 0,
            store?.AppliedSlot ?? -1,
            roles);
    }

    /// <inheritdoc />
    public ClusterStatus GetClusterStatus()
    {
        var election = _board.Election;
        var members = _settings.Members.Select(m =>
        {
            bool reachable = m.Id == _settings.Id || (election is not null && election.Reachable.GetValueOrDefault(m.Id));
            return new MemberStatus(m.Id, m.Roles, reachable ? "up" : "unreachable", reachable, m.HttpUrl);
        }).ToList();
        return new ClusterStatus(members, Leader()) { Membership = Membership?.Snapshot() };
    }

    /// <summary>
    /// The Paxos leader as this node knows it: itself when leading; else the Bully coordinator (a proposer leads
    /// only while it is the coordinator, so a remembered leader can only be staler); else, mid-election, the
    /// proposer that last sent Chosen or preempted ours, but only while the failure detector holds it reachable.
    /// </summary>
    private int? Leader()
    {
        var proposer = _board.Proposer;
        if (proposer is { IsLeader: true })
        {
            return _settings.Id;
        }

        var election = _board.Election;
        return election?.Coordinator ?? KnownLeaderIfAlive(_settings.Id, proposer?.KnownLeader, election?.Reachable);
    }

    /// <summary>The remembered leader, unless it is this node (which is not leading) or is not known to be reachable.</summary>
    internal static int? KnownLeaderIfAlive(int self, int? known, IReadOnlyDictionary<int, bool>? reachable) =>
        known is int k && k != self && reachable is not null && reachable.GetValueOrDefault(k) ? k : null;
}
