namespace PaxosAkka.MultiNode.Kit;

/// <summary>
/// Named barriers over the roles still in the spec (Akka's conductor keeps them): a barrier opens once every such
/// role has entered it. A role that leaves (its node was killed or stopped) no longer holds any barrier up; a failed
/// role breaks every barrier, so the others fail fast instead of timing out.
/// </summary>
internal sealed class Barriers(IEnumerable<RoleName> roles)
{
    private readonly Lock _gate = new();
    private readonly HashSet<RoleName> _participants = [.. roles];
    private readonly Dictionary<string, (HashSet<RoleName> Arrived, TaskCompletionSource Open)> _barriers = [];
    private Exception? _broken;

    /// <summary>Enters <paramref name="name"/> as <paramref name="role"/> and waits until it opens.</summary>
    /// <exception cref="TimeoutException">Some role did not arrive in time; the message names them.</exception>
    public async Task EnterAsync(string name, RoleName role, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task open;
        lock (_gate)
        {
            if (_broken is not null)
            {
                throw new InvalidOperationException($"barrier {name}: another role failed", _broken);
            }

            if (!_barriers.TryGetValue(name, out var barrier))
            {
                barrier = ([], new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                _barriers[name] = barrier;
            }

            barrier.Arrived.Add(role);
            OpenIfComplete(barrier);
            open = barrier.Open.Task;
        }

        try
        {
            await open.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"barrier {name} did not open within {timeout.TotalSeconds:0.#} s; missing: {string.Join(", ", Missing(name))}", e);
        }
    }

    /// <summary>Takes <paramref name="role"/> out: barriers stop waiting for it.</summary>
    public void Leave(RoleName role)
    {
        lock (_gate)
        {
            _participants.Remove(role);
            foreach (var barrier in _barriers.Values)
            {
                OpenIfComplete(barrier);
            }
        }
    }

    /// <summary>Breaks every barrier, now and later: a role failed.</summary>
    public void Break(Exception cause)
    {
        lock (_gate)
        {
            _broken ??= cause;
            foreach (var barrier in _barriers.Values)
            {
                barrier.Open.TrySetException(new InvalidOperationException("another role failed", cause));
            }
        }
    }

    private void OpenIfComplete((HashSet<RoleName> Arrived, TaskCompletionSource Open) barrier)
    {
        if (_participants.IsSubsetOf(barrier.Arrived))
        {
            barrier.Open.TrySetResult();
        }
    }

    private List<RoleName> Missing(string name)
    {
        lock (_gate)
        {
            return _barriers.TryGetValue(name, out var barrier) ? [.. _participants.Except(barrier.Arrived)] : [.. _participants];
        }
    }
}
