using Akka.Actor;
using PaxosAkka.Consensus;

namespace PaxosAkka.Node.Roles;

/// <summary>
/// Read-index reads (Consensus <c>ReadIndexProtocol</c> explains why they are linearizable). On the leader a read
/// gets a token in the core, which answers once a quorum confirmed the ballot after the read arrived; the confirmed
/// read index then goes to the store of the node the read came from, which serves it once it has applied that slot.
/// A follower forwards the read to the leader and keeps the waiter. Every doubt answers the waiter with
/// <see cref="ProposerProtocol.ReadRefused"/>, and the service orders the read through the log instead.
/// </summary>
public sealed partial class ProposerActor
{
    /// <summary>Ticks a forwarded read waits for the leader's answer before it is refused (lost request or answer).</summary>
    private const int ForwardedReadTicks = 20;

    private readonly Dictionary<long, (string Key, IActorRef ReplyTo)> _localReads = [];
    private readonly Dictionary<long, (int Origin, long ReadId)> _remoteReads = [];
    private readonly Dictionary<long, (string Key, IActorRef ReplyTo, long SentAt)> _forwardedReads = [];
    private long _readIds;
    private long _readTicks;

    private void ReceiveReads()
    {
        Receive<ProposerProtocol.ReadIndex>(OnReadIndex);
        Receive<ProposerProtocol.ReadIndexRequest>(OnReadIndexRequest);
        Receive<ProposerProtocol.ReadIndexGranted>(granted =>
        {
            if (_forwardedReads.Remove(granted.ReadId, out var read))
            {
                _router.Tell(_id, RoleNames.Store, new StoreReadProtocol.ServeRead(read.Key, granted.Index), read.ReplyTo);
            }
        });
        Receive<ProposerProtocol.ReadIndexDenied>(denied =>
        {
            if (_forwardedReads.Remove(denied.ReadId, out var read))
            {
                read.ReplyTo.Tell(ProposerProtocol.ReadRefused.Instance, Self);
            }
        });
    }

    private void OnReadIndex(ProposerProtocol.ReadIndex read)
    {
        if (Leads)
        {
            long token = ++_readIds;
            _localReads[token] = (read.Key, Sender);
            _core.RequestReadIndex(token);
            ScheduleFlush();
            return;
        }

        if ((_coordinator ?? _core.KnownLeader) is int leader && leader != _id)
        {
            long readId = ++_readIds;
            _forwardedReads[readId] = (read.Key, Sender, _readTicks);
            _router.Tell(leader, RoleNames.Proposer, new ProposerProtocol.ReadIndexRequest(_id, readId), Self);
            return;
        }

        Sender.Tell(ProposerProtocol.ReadRefused.Instance, Self);
    }

    private void OnReadIndexRequest(ProposerProtocol.ReadIndexRequest request)
    {
        if (!Leads)
        {
            // No second hop: the origin's view of the leader is stale, and the log path is always correct.
            _router.Tell(request.Origin, RoleNames.Proposer, new ProposerProtocol.ReadIndexDenied(request.ReadId), Self);
            return;
        }

        long token = ++_readIds;
        _remoteReads[token] = (request.Origin, request.ReadId);
        _core.RequestReadIndex(token);
        ScheduleFlush();
    }

    private void OnReadEvent(ProposerEvent @event)
    {
        switch (@event)
        {
            case ReadIndexConfirmed confirmed when _localReads.Remove(confirmed.Token, out var local):
                _router.Tell(_id, RoleNames.Store, new StoreReadProtocol.ServeRead(local.Key, confirmed.ReadIndex), local.ReplyTo);
                break;
            case ReadIndexConfirmed confirmed when _remoteReads.Remove(confirmed.Token, out var remote):
                _router.Tell(remote.Origin, RoleNames.Proposer, new ProposerProtocol.ReadIndexGranted(remote.ReadId, confirmed.ReadIndex), Self);
                break;
            case ReadIndexRefused refused when _localReads.Remove(refused.Token, out var local):
                local.ReplyTo.Tell(ProposerProtocol.ReadRefused.Instance, Self);
                break;
            case ReadIndexRefused refused when _remoteReads.Remove(refused.Token, out var remote):
                _router.Tell(remote.Origin, RoleNames.Proposer, new ProposerProtocol.ReadIndexDenied(remote.ReadId), Self);
                break;
        }
    }

    private void ExpireForwardedReads()
    {
        _readTicks++;
        if (_forwardedReads.Count == 0)
        {
            return;
        }

        foreach (var (readId, read) in _forwardedReads.Where(r => _readTicks - r.Value.SentAt > ForwardedReadTicks).ToList())
        {
            _forwardedReads.Remove(readId);
            read.ReplyTo.Tell(ProposerProtocol.ReadRefused.Instance, Self);
        }
    }
}
