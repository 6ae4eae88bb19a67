using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using PaxosAkka.Actors;
using PaxosAkka.Cluster.SplitBrain;
using static PaxosAkka.Cluster.ClusterEvent;
using static PaxosAkka.Cluster.ClusterProtocol;

namespace PaxosAkka.Cluster;

/// <summary>
/// The cluster's membership actor (Akka's <c>ClusterCoreDaemon</c>), a thin shell over <see cref="MembershipState"/>
/// and <see cref="SplitBrainResolverState"/>: it joins through seed nodes, gossips, runs the leader actions and the
/// split-brain resolver on timers, turns failure-detector verdicts into reachability, and publishes the events
/// derived from each change. Behaviours: <see cref="Uninitialized"/> until welcomed, <see cref="Active"/> as a
/// member, <see cref="Gone"/> once downed, removed or exited.
/// </summary>
internal sealed partial class ClusterCoreDaemon : ReceiveActor, IWithTimers
{
    public const string Name = "cluster";

    private readonly Cluster _cluster;
    private readonly ClusterSettings _settings;
    private readonly UniqueAddress _self;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly Random _random;
    private readonly IActorRef _heartbeatSender;
    private readonly Dictionary<IActorRef, IReadOnlyList<Type>> _subscribers = [];
    private MembershipState _membership;
    private SplitBrainResolverState? _splitBrain;
    private ImmutableHashSet<UniqueAddress> _exitingConfirmed = [];
    private ImmutableList<NodeAddress> _seeds = [];
    private readonly Dictionary<UniqueAddress, TimeSpan> _downSince = [];

    public ClusterCoreDaemon(Cluster cluster)
    {
        _cluster = cluster;
        _settings = cluster.Settings;
        _self = cluster.SelfUniqueAddress;
        _log = Context.GetLogger();
        _time = Context.System.TimeProvider;
        _start = _time.GetTimestamp();

        // Gossip partner choice is the only randomness; seeding it from the incarnation keeps runs reproducible per node.
        _random = new Random(unchecked((int)_self.Uid ^ (int)(_self.Uid >> 32)));
        _membership = MembershipState.Initial(_self);
        var sbr = _settings.SplitBrainResolver;
        _splitBrain = sbr.IsEnabled ? new SplitBrainResolverState(SplitBrainStrategy.Create(sbr), sbr.StableAfter) : null;
        _heartbeatSender = Context.ActorOf(
            Props.Create(() => new ClusterHeartbeatSender(_self, _settings, cluster.HeartbeatReceiverOf)), "heartbeat-sender");
        Uninitialized();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private TimeSpan Now => _time.GetElapsedTime(_start);

    /// <summary>Not a member yet: looking for a seed that answers, or forming the cluster as first seed.</summary>
    private void Uninitialized()
    {
        Receive<JoinSeedNodes>(StartSeedJoin);
        Receive<InitJoinTick>(_ => SendInitJoin());
        Receive<InitJoinAck>(ack => _cluster.DaemonOf(ack.From.Address)?.Tell(new Join(_self, _settings.Roles), Self));
        Receive<FormClusterTimeout>(_ =>
        {
            ClusterLog.LogInfoFormedCluster(_log, _self);
            BecomeActive(_membership.FormCluster(_settings.Roles));
        });
        Receive<Welcome>(OnWelcome);
        Receive<InitJoin>(_ => { });
        SubscriptionHandlers();
    }

    /// <summary>A member: gossip, lead, detect, resolve.</summary>
    private void Active()
    {
        Receive<InitJoin>(i => _cluster.DaemonOf(i.From.Address)?.Tell(new InitJoinAck(_self), Self));
        Receive<Join>(OnJoin);
        Receive<GossipEnvelope>(OnGossip);
        Receive<GossipTick>(_ => GossipToRandomMember());
        Receive<LeaderActionsTick>(_ => OnLeaderActionsTick());
        Receive<FailureDetectorVerdict>(OnVerdict);
        Receive<Leave>(l => Update(_membership.Leave(l.Address)));
        Receive<Down>(d =>
        {
            ClusterLog.LogInfoDown(_log, _self, d.Address);
            Update(_membership.Down(d.Address));
        });
        Receive<ExitingConfirmed>(e => _exitingConfirmed = _exitingConfirmed.Add(e.Node));
        Receive<ExitingTimeout>(_ => ShutDown(MemberStatus.Exiting));
        Receive<JoinSeedNodes>(_ => { });
        Receive<InitJoinAck>(_ => { });
        Receive<InitJoinTick>(_ => { });
        Receive<FormClusterTimeout>(_ => { });
        Receive<Welcome>(_ => { });
        SubscriptionHandlers();
    }

    /// <summary>Downed, removed or exited: only subscriptions are still answered, until the system stops.</summary>
    private void Gone()
    {
        SubscriptionHandlers();
        ReceiveAny(_ => { });
    }

    private void StartSeedJoin(JoinSeedNodes join)
    {
        _seeds = [.. join.Seeds.Where(s => s != _self.Address)];
        var firstSeed = join.Seeds.Count > 0 && join.Seeds[0] == _self.Address;
        if (join.Seeds.Count == 0)
        {
            return;
        }

        if (firstSeed && _seeds.IsEmpty)
        {
            Self.Tell(FormClusterTimeout.Instance, Self);
            return;
        }

        // Everybody asks the other seeds; the first seed forms the cluster itself when nobody answers in time.
        SendInitJoin();
        Timers.StartPeriodicTimer("init-join", InitJoinTick.Instance, InitJoinInterval);
        if (firstSeed)
        {
            Timers.StartSingleTimer("form-cluster", FormClusterTimeout.Instance, _settings.SeedNodeTimeout);
        }
    }

    /// <summary>
    /// How often InitJoin is repeated while nobody welcomed us: five times per seed-node-timeout (so a seed that starts
    /// late is found quickly), at most retry-unsuccessful-join-after apart, and no faster than gossip.
    /// </summary>
    private TimeSpan InitJoinInterval
    {
        get
        {
            var interval = TimeSpan.FromTicks(Math.Min(_settings.SeedNodeTimeout.Ticks / 5, _settings.RetryUnsuccessfulJoinAfter.Ticks));
            return interval < _settings.GossipInterval ? _settings.GossipInterval : interval;
        }
    }

    private void SendInitJoin()
    {
        foreach (var seed in _seeds)
        {
            _cluster.DaemonOf(seed)?.Tell(new InitJoin(_self), Self);
        }
    }

    private void OnWelcome(Welcome welcome)
    {
        if (!TryDecode(welcome.Gossip, welcome.From, out var gossip) || !gossip.HasMember(_self))
        {
            return;
        }

        ClusterLog.LogInfoWelcomed(_log, _self, welcome.From);
        BecomeActive(_membership.Welcome(gossip));
    }

    private void BecomeActive(MembershipState state)
    {
        Timers.Cancel("init-join");
        Timers.Cancel("form-cluster");
        Become(Active);
        Timers.StartPeriodicTimer("gossip", GossipTick.Instance, _settings.GossipInterval);
        Timers.StartPeriodicTimer("leader-actions", LeaderActionsTick.Instance, _settings.LeaderActionsInterval);
        Update(state);
    }

    private void OnJoin(Join join)
    {
        var result = _membership.Join(join.Node, join.Roles);
        ClusterLog.LogInfoJoin(_log, _self, join.Node, result.Outcome);
        Update(result.State);
        if (result.Outcome is JoinOutcome.Added or JoinOutcome.AlreadyMember)
        {
            _cluster.DaemonOf(join.Node.Address)?.Tell(new Welcome(_self, GossipData.From(_membership.Latest)), Self);
        }
    }

    private void OnGossip(GossipEnvelope envelope)
    {
        if (envelope.To != _self || !TryDecode(envelope.Gossip, envelope.From, out var remote))
        {
            return;
        }

        if (remote.Tombstones.ContainsKey(_self))
        {
            // The others removed this incarnation: it may never take part again.
            ShutDown(MemberStatus.Removed);
            return;
        }

        var result = _membership.ReceiveGossip(remote, envelope.From);
        Update(result.State);
        if (result.Outcome is GossipOutcome.Older or GossipOutcome.Merged)
        {
            // The sender is behind: answer with ours at once rather than waiting for chance to pick it.
            SendGossip(envelope.From);
        }
    }

    private void GossipToRandomMember()
    {
        if (_membership.SelectGossipTarget(_random) is { } target)
        {
            SendGossip(target);
        }
    }

    private void SendGossip(UniqueAddress to) =>
        _cluster.DaemonOf(to.Address)?.Tell(new GossipEnvelope(_self, to, GossipData.From(_membership.Latest)), Self);

    private void OnVerdict(FailureDetectorVerdict verdict)
    {
        var result = _membership.ReapUnreachable(n => !verdict.Unavailable.Contains(n));
        if (!result.NewlyUnreachable.IsEmpty)
        {
            ClusterLog.LogWarningUnreachable(_log, _self, string.Join(", ", result.NewlyUnreachable.Select(m => m.UniqueAddress)));
        }

        if (!result.NewlyReachable.IsEmpty)
        {
            ClusterLog.LogInfoReachable(_log, _self, string.Join(", ", result.NewlyReachable.Select(m => m.UniqueAddress)));
        }

        Update(result.State);
    }

    private void OnLeaderActionsTick()
    {
        var now = Now;
        var wallClock = _time.GetUtcNow() - DateTimeOffset.UnixEpoch;
        TrackDownedMembers(now);
        var result = _membership.LeaderActions(
            _exitingConfirmed, wallClock, m => _downSince.TryGetValue(m.UniqueAddress, out var since) && now - since >= _settings.DownRemovalMargin);
        if (result.Changed)
        {
            ClusterLog.LogInfoLeaderActions(
                _log, _self, Names(result.MovedUp), Names(result.MovedToExiting), Names(result.Removed));
            Update(result.State);
        }

        _exitingConfirmed = _exitingConfirmed.Where(_membership.Latest.HasMember).ToImmutableHashSet();
        PruneTombstones(wallClock);
        if (_splitBrain is null)
        {
            return;
        }

        _splitBrain = _splitBrain.Observe(_membership, now);
        var toDown = _splitBrain.MembersToDown(_membership, now);
        if (toDown.IsEmpty)
        {
            return;
        }

        ClusterLog.LogWarningSplitBrainDowning(_log, _self, _settings.SplitBrainResolver.ActiveStrategy, Names(toDown));
        Update(toDown.Aggregate(_membership, (state, member) => state.Down(member.Address)));
    }

    /// <summary>Remembers when each member was first seen Down, for the down-removal margin.</summary>
    private void TrackDownedMembers(TimeSpan now)
    {
        foreach (var member in _membership.Members.Where(m => m.Status == MemberStatus.Down))
        {
            _downSince.TryAdd(member.UniqueAddress, now);
        }

        foreach (var gone in _downSince.Keys.Where(n => !_membership.Latest.HasMember(n)).ToList())
        {
            _downSince.Remove(gone);
        }
    }

    /// <summary>
    /// Forgets tombstones older than prune-gossip-tombstones-after. Done locally without a new version, as in Akka:
    /// by then no gossip that still knows the removed incarnation can be in flight.
    /// </summary>
    private void PruneTombstones(TimeSpan wallClock)
    {
        var cutoff = wallClock - _settings.PruneGossipTombstonesAfter;
        if (_membership.Latest.Tombstones.Values.Any(t => t < cutoff))
        {
            Update(_membership with { Latest = _membership.Latest.PruneTombstones(cutoff) });
        }
    }

    private bool TryDecode(GossipData data, UniqueAddress from, out Gossip gossip)
    {
        try
        {
            gossip = data.ToGossip();
            return true;
        }
        catch (FormatException e)
        {
            ClusterLog.LogWarningMalformedGossip(_log, _self, from, e.Message);
            gossip = Gossip.Empty;
            return false;
        }
    }

    private static string Names(IEnumerable<Member> members) => string.Join(", ", members.Select(m => m.UniqueAddress));
}
