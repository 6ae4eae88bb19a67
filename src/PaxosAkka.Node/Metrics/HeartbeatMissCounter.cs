namespace PaxosAkka.Node.Metrics;

/// <summary>
/// Counts heartbeat intervals that passed without a heartbeat from a peer that had been sending them: a peer last
/// heard at <c>t</c> has missed <c>floor((now - t) / interval) - 1</c> beats at <c>now</c> (one interval of slack
/// absorbs jitter), and each missed beat is counted once. A peer never heard from is not counted (it may not have
/// started yet). Pure bookkeeping: the caller passes the times, so tests need no clock. Owned by one election actor.
/// </summary>
public sealed class HeartbeatMissCounter
{
    private readonly TimeSpan _interval;
    private readonly Dictionary<int, Peer> _peers = [];

    /// <summary>Creates the counter for heartbeats sent every <paramref name="interval"/>.</summary>
    public HeartbeatMissCounter(TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _interval = interval;
    }

    /// <summary>A heartbeat from <paramref name="peer"/> arrived at <paramref name="now"/>.</summary>
    public void OnHeartbeat(int peer, TimeSpan now) => _peers[peer] = new Peer(now);

    /// <summary>The beats missed since the last call, over every peer, as of <paramref name="now"/>.</summary>
    public int OnTick(TimeSpan now)
    {
        int missed = 0;
        foreach (var peer in _peers.Values)
        {
            long due = (long)Math.Floor((now - peer.LastHeard) / _interval) - 1;
            if (due > peer.Counted)
            {
                missed += (int)Math.Min(due - peer.Counted, int.MaxValue - missed);
                peer.Counted = due;
            }
        }

        return missed;
    }

    /// <summary>When a peer was last heard, and how many beats it missed since that were already counted.</summary>
    private sealed class Peer(TimeSpan lastHeard)
    {
        public TimeSpan LastHeard { get; } = lastHeard;

        public long Counted { get; set; }
    }
}
