namespace PaxosAkka.TestKit;

/// <summary>
/// Raises the thread pool's minimum worker count once per test process. The sync TestKit API blocks a thread
/// while the actors under test run on the shared pool; with the default floor (one thread per core, 2 on CI)
/// a few parallel tests can block every worker and the pool then grows only about one thread per half second,
/// stalling actors until timeouts fire. A higher floor lets the pool add threads at once instead.
/// </summary>
internal static class ThreadPoolFloor
{
    /// <summary>Worker threads per core the pool may create without delay (default 8, so 16 on 2 cores).</summary>
    internal const int WorkersPerCore = 8;

    private static int s_done;

    /// <summary>Sets the floor on first call; never lowers a higher floor set by the host.</summary>
    internal static void Ensure()
    {
        if (Interlocked.Exchange(ref s_done, 1) == 1) return;
        ThreadPool.GetMinThreads(out var workers, out var io);
        var wanted = Environment.ProcessorCount * WorkersPerCore;
        if (workers < wanted) ThreadPool.SetMinThreads(wanted, io);
    }
}
