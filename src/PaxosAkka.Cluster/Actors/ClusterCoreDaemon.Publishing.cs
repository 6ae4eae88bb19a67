using PaxosAkka.Actors;
using static PaxosAkka.Cluster.ClusterEvent;
using static PaxosAkka.Cluster.ClusterProtocol;

namespace PaxosAkka.Cluster;

/// <summary>Applying a new membership state: events to subscribers, snapshot to the heartbeat sender, self checks.</summary>
internal sealed partial class ClusterCoreDaemon
{
    private bool _exitingAnnounced;

    private void SubscriptionHandlers()
    {
        Receive<Subscribe>(OnSubscribe);
        Receive<Unsubscribe>(u =>
        {
            _subscribers.Remove(u.Subscriber);
            Context.Unwatch(u.Subscriber);
        });
        Receive<Terminated>(t => _subscribers.Remove(t.ActorRef));
    }

    private void OnSubscribe(Subscribe subscribe)
    {
        _subscribers[subscribe.Subscriber] = subscribe.EventTypes;
        Context.Watch(subscribe.Subscriber);
        if (subscribe.InitialStateMode == SubscriptionInitialStateMode.InitialStateAsSnapshot)
        {
            subscribe.Subscriber.Tell(CurrentClusterState.Of(_membership), Self);
            return;
        }

        foreach (var e in ClusterEventDiff.InitialStateAsEvents(_membership).Where(e => Wants(subscribe.EventTypes, e)))
        {
            subscribe.Subscriber.Tell(e, Self);
        }
    }

    private static bool Wants(IReadOnlyList<Type> types, IClusterDomainEvent e) =>
        types.Count == 0 || types.Any(t => t.IsInstanceOfType(e));

    /// <summary>Adopts <paramref name="next"/> and tells everyone who needs to know.</summary>
    private void Update(MembershipState next)
    {
        var previous = _membership;
        _membership = next;
        if (ReferenceEquals(previous.Latest, next.Latest))
        {
            return;
        }

        var events = ClusterEventDiff.Diff(previous, next);
        foreach (var e in events)
        {
            foreach (var (subscriber, types) in _subscribers)
            {
                if (Wants(types, e))
                {
                    subscriber.Tell(e, Self);
                }
            }

            if (e is MemberRemoved removed && removed.Member.UniqueAddress != _self)
            {
                _cluster.NodeRemoved(removed.Member.UniqueAddress);
            }
        }

        _cluster.Publish(CurrentClusterState.Of(next));
        _heartbeatSender.Tell(
            new MembershipSnapshot(
                [.. next.Members.Select(m => m.UniqueAddress)],
                [.. next.Latest.Reachability.AllUnreachableFrom(_self)]),
            Self);
        CheckSelf();
    }

    /// <summary>A node that sees itself Down or Exiting stops taking part: that is what makes downing safe.</summary>
    private void CheckSelf()
    {
        switch (_membership.SelfMember?.Status)
        {
            case MemberStatus.Down:
                // Whoever downed us may have downed our whole side (the split-brain resolver's leader on a minority
                // downs its side and then itself). Tell every other member before going quiet, as Akka gossips before
                // shutting down a downed self: otherwise a member of our side that has not heard it yet stays Up on
                // its own forever, since the leader it sees is us and we no longer act.
                foreach (var member in _membership.Members.Where(m => m.UniqueAddress != _self))
                {
                    SendGossip(member.UniqueAddress);
                }

                ShutDown(MemberStatus.Down);
                break;
            case MemberStatus.Exiting when !_exitingAnnounced:
                // Tell the others (the leader may be gone, so all Up and Leaving members) that we have seen our Exiting
                // state, and gossip it to them in case we were the leader that made it. Then stay a little so they can
                // remove us (their gossip with our tombstone shuts us down); stop anyway after a few gossip rounds.
                _exitingAnnounced = true;
                foreach (var member in _membership.Members.Where(m => m.UniqueAddress != _self && m.Status is MemberStatus.Up or MemberStatus.Leaving))
                {
                    _cluster.DaemonOf(member.Address)?.Tell(new ExitingConfirmed(_self), Self);
                    SendGossip(member.UniqueAddress);
                }

                Timers.StartSingleTimer("exiting", ExitingTimeout.Instance, _settings.GossipInterval * ExitingGossipRounds);
                break;
        }
    }

    /// <summary>Gossip rounds an Exiting node waits to be removed before it stops on its own.</summary>
    private const int ExitingGossipRounds = 10;

    private void ShutDown(MemberStatus why)
    {
        ClusterLog.LogWarningSelfGone(_log, _self, why);
        Timers.CancelAll();
        Become(Gone);
        _cluster.MarkShutdown();
        if (_settings.RunCoordinatedShutdownWhenDown)
        {
            _ = Context.System.Terminate();
        }
    }
}
