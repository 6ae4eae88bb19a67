namespace PaxosAkka.TestKit.MultiNode;

/// <summary>
/// Named barriers across the nodes of a spec (Akka's multi-node <c>enterBarrier</c>): each node's code enters a
/// barrier and waits until every participant has entered it. A barrier that some node never reaches fails every
/// waiter with a <see cref="BarrierTimeoutException"/> that names who is missing, instead of hanging the test.
/// A node that exits stops being awaited.
/// </summary>
public sealed class BarrierCoordinator
{
    private readonly Dictionary<string, Barrier> _barriers = new(StringComparer.Ordinal);
    private readonly HashSet<RoleName> _gone = [];
    private readonly Lock _gate = new();

    /// <summary>
    /// Enters <paramref name="name"/> as <paramref name="who"/> and waits for the other <paramref name="participants"/>
    /// (fixed by the first node to enter), for at most <paramref name="timeout"/>.
    /// </summary>
    public async Task EnterAsync(RoleName who, string name, IReadOnlyCollection<RoleName> participants, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(participants);
        Barrier barrier;
        lock (_gate)
        {
            if (!_barriers.TryGetValue(name, out barrier!))
            {
                barrier = new Barrier([.. participants]);
                _barriers[name] = barrier;
            }

            if (!barrier.Participants.Contains(who))
            {
                throw new InvalidOperationException($"{who} is not a participant of barrier '{name}' ([{string.Join(", ", barrier.Participants)}])");
            }

            barrier.Arrived.Add(who);
            barrier.CompleteIfAllArrived(_gone);
        }

        try
        {
            await barrier.Done.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            BarrierTimeoutException failure;
            lock (_gate)
            {
                var missing = barrier.Participants.Where(r => !barrier.Arrived.Contains(r) && !_gone.Contains(r)).ToArray();
                failure = new BarrierTimeoutException(name, missing, [.. barrier.Arrived], timeout);
            }

            // Everyone else waiting here fails now too, with the same explanation.
            barrier.Done.TrySetException(failure);
            throw failure;
        }
    }

    /// <summary>Stops waiting for <paramref name="role"/> at every barrier (it exited or was shut down).</summary>
    public void Remove(RoleName role)
    {
        ArgumentNullException.ThrowIfNull(role);
        lock (_gate)
        {
            _gone.Add(role);
            foreach (var barrier in _barriers.Values)
            {
                barrier.CompleteIfAllArrived(_gone);
            }
        }
    }

    /// <summary>Lets a role take part in barriers again (it was restarted).</summary>
    public void Restore(RoleName role)
    {
        lock (_gate)
        {
            _gone.Remove(role);
        }
    }

    private sealed class Barrier(HashSet<RoleName> participants)
    {
        public HashSet<RoleName> Participants { get; } = participants;

        public HashSet<RoleName> Arrived { get; } = [];

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void CompleteIfAllArrived(HashSet<RoleName> gone)
        {
            if (Participants.All(r => Arrived.Contains(r) || gone.Contains(r)))
            {
                Done.TrySetResult();
            }
        }
    }
}
