using PaxosAkka.Actors;
using Xunit;

namespace PaxosAkka.TestKit;

/// <summary>Waiting for conditions with deadlines (never fixed sleeps): AwaitCondition and AwaitAssert.</summary>
public sealed partial class TestProbe
{
    // Polling waits on this; never signalled, it only bounds each poll interval without Thread.Sleep. No spin
    // phase: under load a spinning test thread would steal the cores the actors under test need.
    private static readonly ManualResetEventSlim s_poll = new(false, spinCount: 0);

    /// <summary>Waits until <paramref name="condition"/> holds; fails with <paramref name="message"/> at the deadline.</summary>
    public void AwaitCondition(Func<bool> condition, TimeSpan? max = null, TimeSpan? interval = null, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = Deadline(max);
        var step = interval ?? TimeSpan.FromMilliseconds(10);
        while (!condition())
        {
            var left = Left(deadline);
            if (left <= TimeSpan.Zero) throw Failure($"Condition not met within {Remaining(max)}: {message ?? "AwaitCondition"}.");
            s_poll.Wait(left < step ? left : step);
        }
    }

    /// <summary>Retries <paramref name="assertion"/> until it passes; rethrows its last failure at the deadline.</summary>
    public void AwaitAssert(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null)
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
                s_poll.Wait(left < step ? (left > TimeSpan.Zero ? left : TimeSpan.Zero) : step);
            }
        }
    }

    /// <summary>Awaits a task with the (dilated) deadline; fails the test if it does not finish.</summary>
    public T AwaitResult<T>(Task<T> task, TimeSpan? max = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        var timeout = Remaining(max);
        if (!task.Wait(timeout)) throw Failure($"Task did not complete within {timeout}.");
        return task.Result;
    }

    /// <summary>Expects <paramref name="count"/> messages of type <typeparamref name="T"/>, in any interleaving with nothing else.</summary>
    public IReadOnlyList<T> ExpectMsgAllOf<T>(int count, TimeSpan? max = null)
        => [.. ReceiveN(count, max).Select(m => m is T t ? t : throw new Xunit.Sdk.XunitException($"Expected {typeof(T).Name} but got {m.GetType().Name}."))];

    /// <summary>Asserts an actor is stopped: watches it and expects its Terminated.</summary>
    public Terminated ExpectStopped(IActorRef actor, TimeSpan? max = null)
    {
        Watch(actor);
        return ExpectTerminated(actor, max);
    }
}
