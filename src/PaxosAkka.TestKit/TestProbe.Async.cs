using PaxosAkka.Actors;

namespace PaxosAkka.TestKit;

/// <summary>
/// Async expectations: they await the probe's channel instead of blocking a thread, so an async test does not
/// hold a thread-pool thread that the actors under test need. Same deadlines and dilation as the sync API;
/// <see cref="Within(TimeSpan, TimeSpan, Action)"/> blocks are sync-only.
/// </summary>
public sealed partial class TestProbe
{
    /// <summary>The next message within the timeout, or null; <paramref name="cancellationToken"/> aborts the wait (throws).</summary>
    public async Task<object?> ReceiveOneAsync(TimeSpan? max = null, CancellationToken cancellationToken = default)
    {
        if (_queue.Reader.TryRead(out var ready)) return Take(ready);
        var timeout = Remaining(max);
        if (timeout <= TimeSpan.Zero) return null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return Take(await _queue.Reader.ReadAsync(deadline.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Expects a message of type <typeparamref name="T"/>.</summary>
    public Task<T> ExpectMsgAsync<T>(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        => ExpectMsgAsync<T>(static _ => true, timeout, "any", cancellationToken);

    /// <summary>Expects a message of type <typeparamref name="T"/> matching <paramref name="predicate"/>.</summary>
    public Task<T> ExpectMsgAsync<T>(Predicate<T> predicate, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        => ExpectMsgAsync(predicate, timeout, "the predicate", cancellationToken);

    private async Task<T> ExpectMsgAsync<T>(Predicate<T> predicate, TimeSpan? timeout, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var max = Remaining(timeout);
        return Check(await ReceiveOneAsync(max, cancellationToken).ConfigureAwait(false), predicate, max, what);
    }

    /// <summary>Expects the <see cref="Terminated"/> of <paramref name="target"/> (watch it first).</summary>
    public Task<Terminated> ExpectTerminatedAsync(IActorRef target, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        return ExpectMsgAsync<Terminated>(t => t.ActorRef.Equals(target), timeout, $"Terminated of {target}", cancellationToken);
    }

    /// <summary>Asserts that no message arrives within <paramref name="duration"/>.</summary>
    public async Task ExpectNoMsgAsync(TimeSpan? duration = null, CancellationToken cancellationToken = default)
    {
        var wait = NoMsgWindow(duration);
        var message = await ReceiveOneAsync(wait, cancellationToken).ConfigureAwait(false);
        if (message is not null) throw Failure($"Expected no message within {wait} but got {Describe(message)}.");
    }

    /// <summary>Waits until <paramref name="condition"/> holds; fails with <paramref name="message"/> at the deadline.</summary>
    public async Task AwaitConditionAsync(Func<bool> condition, TimeSpan? max = null, TimeSpan? interval = null, string? message = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = Deadline(max);
        var step = interval ?? TimeSpan.FromMilliseconds(10);
        while (!condition())
        {
            var left = Left(deadline);
            if (left <= TimeSpan.Zero) throw Failure($"Condition not met within {Remaining(max)}: {message ?? "AwaitConditionAsync"}.");
            // A poll interval bounded by the deadline, not a fixed sleep standing in for a wait.
            await Task.Delay(left < step ? left : step, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Retries <paramref name="assertion"/> until it passes; rethrows its last failure at the deadline.</summary>
    public async Task AwaitAssertAsync(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        var deadline = Deadline(duration);
        var step = interval ?? TimeSpan.FromMilliseconds(10);
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (Exception) when (Left(deadline) > TimeSpan.Zero)
            {
                var left = Left(deadline);
                await Task.Delay(left < step ? (left > TimeSpan.Zero ? left : TimeSpan.Zero) : step, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
