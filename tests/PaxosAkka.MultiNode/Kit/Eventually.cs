namespace PaxosAkka.MultiNode.Kit;

/// <summary>Waits for conditions with a deadline: polling, never sleeping a fixed time to "let things settle".</summary>
public static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Polls <paramref name="probe"/> until it returns a value or <paramref name="timeout"/> passes.</summary>
    /// <exception cref="TimeoutException">The deadline passed; the message says what was awaited.</exception>
    public static async Task<T> Value<T>(Func<Task<T?>> probe, TimeSpan timeout, string what, CancellationToken cancellationToken = default)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(probe);
        var clock = TimeProvider.System;
        var deadline = clock.GetUtcNow() + timeout;
        while (true)
        {
            if (await probe().ConfigureAwait(false) is { } value)
            {
                return value;
            }

            if (clock.GetUtcNow() >= deadline)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds:0.#} s waiting for {what}");
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes.</summary>
    public static Task True(Func<Task<bool>> condition, TimeSpan timeout, string what, CancellationToken cancellationToken = default) =>
        Value<bool>(async () => await condition().ConfigureAwait(false) ? true : null, timeout, what, cancellationToken);

    /// <summary>Polls a synchronous <paramref name="condition"/>.</summary>
    public static Task True(Func<bool> condition, TimeSpan timeout, string what, CancellationToken cancellationToken = default) =>
        True(() => Task.FromResult(condition()), timeout, what, cancellationToken);
}
