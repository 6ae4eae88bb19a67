namespace PaxosAkka.Actors.Dispatch;

/// <summary>A unit of work a dispatcher runs: one mailbox turn.</summary>
public interface IRunnable
{
    /// <summary>Runs the work on the calling thread.</summary>
    void Run();
}

/// <summary>
/// Decides where and when mailbox turns run. The thread-pool dispatcher is the default; tests inject a
/// deterministic one (all actors on one thread, seeded choice of the next mailbox) through
/// <see cref="ActorSystemSetup.Dispatcher"/>. A mailbox is never scheduled twice at once, so an actor
/// processes one message at a time whatever the dispatcher does.
/// </summary>
public abstract class MessageDispatcher
{
    /// <summary>Creates a dispatcher that lets each mailbox process up to <paramref name="throughput"/> messages per turn.</summary>
    protected MessageDispatcher(int throughput)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(throughput, 1);
        Throughput = throughput;
    }

    /// <summary>Messages one actor may process per turn before yielding its thread (fairness vs. throughput).</summary>
    public int Throughput { get; }

    /// <summary>
    /// True when the dispatcher runs everything on one controlled thread (deterministic simulation): replies to
    /// Ask then complete inline instead of hopping to the thread pool, so no work escapes the seeded schedule.
    /// </summary>
    public virtual bool RunsContinuationsInline => false;

    /// <summary>Queues a mailbox turn.</summary>
    public abstract void Schedule(IRunnable work);
}

/// <summary>The default dispatcher: mailbox turns on the .NET thread pool.</summary>
public sealed class ThreadPoolDispatcher : MessageDispatcher
{
    /// <summary>Creates the dispatcher.</summary>
    public ThreadPoolDispatcher(int throughput) : base(throughput) { }

    /// <inheritdoc />
    public override void Schedule(IRunnable work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (work is IThreadPoolWorkItem item)
        {
            // Global queue (preferLocal: false) so one busy actor pair cannot starve others on a worker's local queue.
            ThreadPool.UnsafeQueueUserWorkItem(item, preferLocal: false);
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(static w => w.Run(), work, preferLocal: false);
        }
    }
}
