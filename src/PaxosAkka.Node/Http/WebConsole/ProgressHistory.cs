using PaxosAkka.Node.Client;

namespace PaxosAkka.Node.Http.WebConsole;

/// <summary>
/// The console's memory of Paxos progress: one <see cref="ProgressSample"/> per sampling tick, the last
/// <see cref="Capacity"/> of them, each numbered so that a live connection sends only what it has not sent yet.
/// A plainly owned state object: the caller (<see cref="ConsoleFeed"/>) serialises access to it.
/// </summary>
internal sealed class ProgressHistory
{
    private readonly Queue<ProgressSample> _samples = new();
    private long _nextSequence;

    public ProgressHistory(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        Capacity = capacity;
    }

    /// <summary>How many samples are kept.</summary>
    public int Capacity { get; }

    /// <summary>The number the next sample gets; a reader that has seen everything remembers this.</summary>
    public long NextSequence => _nextSequence;

    /// <summary>Records what <paramref name="status"/> says at <paramref name="at"/> and returns the sample.</summary>
    public ProgressSample Add(DateTimeOffset at, PaxosStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var previous = _samples.Count > 0 ? _samples.Last() : null;
        long atMs = at.ToUnixTimeMilliseconds();
        double rate = previous is null ? 0 : SlotsPerSecond(previous.FirstUnchosenSlot, status.FirstUnchosenSlot, atMs - previous.AtMs);
        var sample = new ProgressSample(_nextSequence++, atMs, status.FirstUnchosenSlot, status.LastAppliedSlot, rate, status.Leader, KnownBallot(status));
        _samples.Enqueue(sample);
        while (_samples.Count > Capacity)
        {
            _samples.Dequeue();
        }

        return sample;
    }

    /// <summary>The kept samples numbered <paramref name="sequence"/> or later, oldest first.</summary>
    public IReadOnlyList<ProgressSample> Since(long sequence) => [.. _samples.Where(s => s.Sequence >= sequence)];

    /// <summary>
    /// The ballot this node knows the cluster runs under: its proposer's while it leads; else its acceptor's promise
    /// (a follower's own proposer ballot stays at (0.0) and says nothing); else whatever the status reports.
    /// </summary>
    internal static string KnownBallot(PaxosStatus status) =>
        status.Roles.TryGetValue("proposer", out var p) && p is ProposerRoleState { State: "leading" } proposer ? proposer.Ballot
        : status.Roles.TryGetValue("acceptor", out var a) && a is AcceptorRoleState acceptor ? acceptor.Promised
        : status.Ballot;

    /// <summary>
    /// Slots chosen per second between two readings of the first unchosen slot taken <paramref name="elapsedMs"/>
    /// apart. Zero when no time passed or the slot went down (a restarted learner counts again from its replay).
    /// </summary>
    internal static double SlotsPerSecond(long before, long after, long elapsedMs) =>
        elapsedMs <= 0 || after < before ? 0 : (after - before) * 1000.0 / elapsedMs;
}

/// <summary>
/// One reading of the Paxos progress: when (Unix milliseconds), the first unchosen and last applied slots, the slots
/// chosen per second since the previous reading, the leader (null: none known) and the ballot.
/// </summary>
public sealed record ProgressSample(long Sequence, long AtMs, long FirstUnchosenSlot, long AppliedSlot, double SlotsPerSecond, int? Leader, string Ballot);
