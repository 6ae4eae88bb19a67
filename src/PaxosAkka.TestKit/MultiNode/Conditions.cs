namespace PaxosAkka.TestKit.MultiNode;

/// <summary>Awaiting a condition with a deadline, for async code (never a fixed sleep).</summary>
public static class Conditions
{
    /// <summary>Polls <paramref name="condition"/> every 50 ms until it holds; throws a <see cref="TimeoutException"/> naming <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task AwaitAsync(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        using var deadline = new CancellationTokenSource(timeout);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (!await condition())
        {
            try
            {
                await poll.WaitForNextTickAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds:F0} s waiting for {what}");
            }
        }
    }

    /// <summary>Same for a synchronous condition.</summary>
    public static Task AwaitAsync(Func<bool> condition, string what, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return AwaitAsync(() => Task.FromResult(condition()), what, timeout);
    }
}
