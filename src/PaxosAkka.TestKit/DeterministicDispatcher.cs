using PaxosAkka.Actors.Dispatch;

namespace PaxosAkka.TestKit;

/// <summary>
/// A dispatcher for reproducible runs (FoundationDB/TigerBeetle style): every mailbox of every actor system
/// that shares it runs on the thread that calls <see cref="RunNext"/>/<see cref="RunFor"/>, the next mailbox is
/// picked by a <see cref="Random"/> seeded with <see cref="Seed"/>, and time is the shared
/// <see cref="ManualTimeProvider"/>, advanced only when nothing is runnable. Same seed and same test, same
/// interleaving, bit for bit. Work scheduled from other threads (e.g. the test calling Tell) is accepted too,
/// but only what is driven from the pumping thread is reproducible.
/// </summary>
public sealed class DeterministicDispatcher : MessageDispatcher, IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<IRunnable> _ready = [];
    private readonly Random _random;
    private readonly ManualResetEventSlim _arrived = new(false);

    /// <summary>Creates the dispatcher; throughput 1 gives the scheduler the finest interleaving control.</summary>
    public DeterministicDispatcher(int seed, ManualTimeProvider clock, int throughput = 1)
        : base(throughput)
    {
        ArgumentNullException.ThrowIfNull(clock);
        Seed = seed;
        Clock = clock;
        _random = new Random(seed);
    }

    /// <summary>The seed that reproduces this run.</summary>
    public int Seed { get; }

    /// <summary>The virtual clock advanced between bursts of work.</summary>
    public ManualTimeProvider Clock { get; }

    /// <summary>Mailbox turns run so far.</summary>
    public long Steps { get; private set; }

    /// <summary>Mailbox turns waiting to run.</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate) return _ready.Count;
        }
    }

    /// <inheritdoc />
    public override bool RunsContinuationsInline => true;

    /// <inheritdoc />
    public override void Schedule(IRunnable work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_gate) _ready.Add(work);
        _arrived.Set();
    }

    /// <summary>Runs one mailbox turn chosen by the seeded random; false when nothing is runnable.</summary>
    public bool RunNext()
    {
        IRunnable work;
        lock (_gate)
        {
            if (_ready.Count == 0) return false;
            var index = _random.Next(_ready.Count);
            work = _ready[index];
            // Keep the rest in order (not swap-remove) so the choice depends only on the seed and history.
            _ready.RemoveAt(index);
        }

        Steps++;
        work.Run();
        return true;
    }

    /// <summary>Runs turns until nothing is runnable (or <paramref name="maxSteps"/>); returns the turns run.</summary>
    public int RunUntilIdle(int maxSteps = 1_000_000)
    {
        var steps = 0;
        while (steps < maxSteps && RunNext()) steps++;
        return steps;
    }

    /// <summary>
    /// Runs for <paramref name="duration"/> of virtual time: all runnable work, then jump the clock to the next
    /// due timer, and so on; the clock ends exactly <paramref name="duration"/> later.
    /// </summary>
    public void RunFor(TimeSpan duration, int maxSteps = 1_000_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        var end = Clock.GetUtcNow() + duration;
        var budget = maxSteps;
        while (budget > 0)
        {
            budget -= RunUntilIdle(budget);
            var next = Clock.NextDueTime;
            if (next is not { } due || due > end) break;
            Clock.AdvanceTo(due);
        }

        if (Clock.GetUtcNow() < end) Clock.AdvanceTo(end);
        RunUntilIdle(Math.Max(budget, 0));
    }

    /// <summary>
    /// Pumps until <paramref name="condition"/> holds. When idle it advances virtual time to the next timer, and
    /// without timers waits (real time, bounded by <paramref name="realTimeout"/>) for work from other threads.
    /// </summary>
    public bool RunUntil(Func<bool> condition, TimeSpan realTimeout, int maxSteps = 1_000_000)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = TestProbe.DeadlineAfter(realTimeout); // monotonic: wall clocks can jump
        var steps = 0;
        while (!condition())
        {
            if (steps >= maxSteps || TestProbe.Left(deadline) < TimeSpan.Zero) return false;
            _arrived.Reset();
            if (RunNext())
            {
                steps++;
                continue;
            }

            if (Clock.NextDueTime is { } due)
            {
                Clock.AdvanceTo(due);
                continue;
            }

            _arrived.Wait(TimeSpan.FromMilliseconds(10));
        }

        return true;
    }

    /// <inheritdoc />
    public void Dispose() => _arrived.Dispose();
}
