namespace PaxosAkka.Remote.Tests.Support;

/// <summary>Awaits a condition with a deadline (no fixed sleeps): polls briefly, fails with a clear message.</summary>
public static class Await
{
    public static async Task UntilAsync(Func<bool> condition, TimeSpan? timeout = null, string? because = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("condition not met in time" + (because is null ? "" : ": " + because));
            }

            await Task.Delay(10);
        }
    }
}
