namespace PaxosAkka.Node.Election;

/// <summary>
/// How far each node's learner has got (its first unchosen slot, carried on the election heartbeats), and the
/// rule built on it: a candidate far behind the live cluster does not stand while a live candidate that is caught
/// up could lead instead. A restarted leader that is far behind would otherwise win the Bully election at once
/// (highest id alive) and run phase 1 over the whole log it missed, stalling writes until it caught up (issue 6).
/// </summary>
/// <remarks>
/// The rule never leaves the cluster leaderless: the candidate whose learner is furthest ahead always may stand.
/// In its own view every other candidate reports at most what that candidate really has (reports are only stale,
/// and slots only grow), so none looks caught up when it is itself behind. If every live candidate is behind,
/// all of them may stand and the highest id wins as plain Bully would have it.
/// </remarks>
public sealed class CandidateProgress
{
    private readonly Dictionary<int, long> _peers = [];

    /// <summary>Creates the tracker.</summary>
    /// <param name="maxLagSlots">How many slots a candidate may trail the furthest live node and still stand.</param>
    public CandidateProgress(long maxLagSlots)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLagSlots);
        MaxLagSlots = maxLagSlots;
    }

    /// <summary>How many slots a candidate may trail the furthest live node and still stand.</summary>
    public long MaxLagSlots { get; }

    /// <summary>This node's learner watermark (0 until the host reports one).</summary>
    public long Own { get; private set; }

    /// <summary>True once any peer reported its watermark: before that, nobody is known to be ahead.</summary>
    public bool HeardFromPeers => _peers.Count > 0;

    /// <summary>Records this node's first unchosen slot.</summary>
    public void ObserveOwn(long firstUnchosenSlot) => Own = Math.Max(0, firstUnchosenSlot);

    /// <summary>
    /// Records <paramref name="peer"/>'s first unchosen slot as reported (a negative "unknown" counts as 0: the peer
    /// is alive and ahead of no one we know of). The latest report replaces the earlier one (not the maximum): a
    /// peer that restarted behind must be seen behind.
    /// </summary>
    public void ObservePeer(int peer, long firstUnchosenSlot) => _peers[peer] = Math.Max(0, firstUnchosenSlot);

    /// <summary>Forgets a peer held down: its report says nothing about the live cluster.</summary>
    public void Forget(int peer) => _peers.Remove(peer);

    /// <summary>
    /// True when <paramref name="self"/> may stand: it is within <see cref="MaxLagSlots"/> of the furthest live
    /// node, or no other live candidate is (then someone behind must lead, and Bully picks the highest).
    /// </summary>
    /// <param name="self">This node's id.</param>
    /// <param name="candidates">Every candidate id.</param>
    /// <param name="down">Peers held down by the failure detector.</param>
    public bool MayStand(int self, IEnumerable<int> candidates, IReadOnlyCollection<int> down)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(down);
        long furthest = Own;
        foreach (var (peer, slot) in _peers)
        {
            if (!down.Contains(peer))
            {
                furthest = Math.Max(furthest, slot);
            }
        }

        if (IsCaughtUp(Own, furthest))
        {
            return true;
        }

        return !candidates.Any(c => c != self && !down.Contains(c) && _peers.TryGetValue(c, out long slot) && IsCaughtUp(slot, furthest));
    }

    private bool IsCaughtUp(long slot, long furthest) => furthest - slot <= MaxLagSlots;
}
