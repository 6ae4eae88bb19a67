namespace PaxosAkka.Node.ProcessTests.Support;

/// <summary>Waits for conditions with a deadline; polling, never sleeping for a fixed time to "let things settle".</summary>
internal static class Eventually
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Polls <paramref name="probe"/> until it returns a value or <paramref name="timeout"/> passes.</summary>
    /// <exception cref="TimeoutException">The deadline passed; the message says what was awaited.</exception>
    public static async Task<T> Value<T>(Func<Task<T?>> probe, TimeSpan timeout, string what)
        where T : struct
    {
        var clock = TimeProvider.System;
        var deadline = clock.GetUtcNow() + timeout;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (clock.GetUtcNow() >= deadline)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds:0.#} s waiting for {what}");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes.</summary>
    public static Task True(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        Value<bool>(async () => await condition() ? true : null, timeout, what);
}
